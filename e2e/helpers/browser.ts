import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Debian's Chromium, never a downloaded one; flags keep it quiet and offline. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

export async function openPage(
  browser: Browser,
  url: string,
  opts: { colorScheme?: 'light' | 'dark'; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    colorScheme: opts.colorScheme ?? 'light',
    locale: opts.locale ?? 'en-US',
    timezoneId: 'Europe/Warsaw',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return { context, page, errors };
}

export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../test-artifacts/screenshots');

/** Writes test-artifacts/screenshots/<name>.png after animations settle; toasts are dismissed first. */
export async function screenshot(page: Page, name: string, opts: { keepToasts?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  if (!opts.keepToasts) {
    for (const close of await page.locator('[data-testid^="toast-"] button').all())
      await close.click({ timeout: 1000 }).catch(() => undefined);
  }
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.waitForTimeout(250);
  await page.screenshot({ path: file, animations: 'disabled' });
  await expectNoRawKeys(page, name);
  return file;
}

/** Switches the Mantine colour scheme the way a user does (the sidebar toggle), so both schemes get captured. */
export async function setScheme(page: Page, scheme: 'light' | 'dark'): Promise<void> {
  const current = await page.evaluate(() => document.documentElement.getAttribute('data-mantine-color-scheme'));
  if (current !== scheme) await page.keyboard.press('Control+J');
  await page.waitForFunction((s) => document.documentElement.getAttribute('data-mantine-color-scheme') === s, scheme);
}

/** Every string on screen comes from the catalogue: a raw key such as `resources.account` means one is missing. */
export async function expectNoRawKeys(page: Page, where: string): Promise<void> {
  const text = await page.evaluate(() => document.body.innerText);
  const raw = text.match(
    /\b(app|nav|errors|status|trigger|workspaces|addWorkspace|workspace|inventory|resources|channels|itemStatus|triggerTypes|resourceStatus|flowSteps|units|runs|settings|audit|changes|history|errorCodes|trends|branding)\.[a-z][A-Za-z_.-]*/,
  );
  if (raw) throw new Error(`untranslated key "${raw[0]}" on screen (${where})`);
}

/** The screen in the light scheme, then the dark one (`<name>-light`, `<name>-dark`), leaving it light. */
export async function screenshotBothSchemes(
  page: Page,
  name: string,
  shoot: (page: Page, name: string) => Promise<unknown> = screenshot,
): Promise<void> {
  await shoot(page, `${name}-light`);
  await setScheme(page, 'dark');
  await shoot(page, `${name}-dark`);
  await setScheme(page, 'light');
}
