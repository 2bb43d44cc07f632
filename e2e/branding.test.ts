import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Audit } from '../src/shared/contract/audit';
import type { Workspace } from '../src/shared/contract/workspaces';
import { openPage, screenshot, screenshotBothSchemes, SCREENSHOT_DIR, setScheme } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';

/**
 * The agency's branding and the client's name set on the Settings screen, then a PDF exported from the audit tab:
 * the PDF carries them (cover, byline, footers, the logo), in English and in Polish. The exported reports are kept
 * in test-artifacts/reports for a person to render and look at.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const REPORT_DIR = path.resolve(SCREENSHOT_DIR, '../reports');

async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not happen`);
}

/** Clicks "Export PDF" on the audit tab and keeps the download as `name`. */
async function exportPdf(page: Page, name: string): Promise<string> {
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 240_000 }),
    page.getByTestId('audit-export-pdf').click(),
  ]);
  const file = path.join(REPORT_DIR, name);
  await download.saveAs(file);
  return file;
}

const pdfText = (file: string) => execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
const pdfPages = (file: string) =>
  Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1] ?? 0);

/**
 * Renders every page of a report to PNG beside it (for a person to look at) and answers the share of each page's
 * pixels that are near white: the paper of a report is white whatever scheme the app was in when it was exported.
 */
function renderPages(file: string): number[] {
  const base = file.replace(/\.pdf$/, '');
  execFileSync('pdftoppm', ['-r', '50', '-png', file, base]);
  execFileSync('pdftoppm', ['-r', '20', file, `${base}-ppm`]);
  const dir = path.dirname(file);
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${path.basename(base)}-ppm-`) && f.endsWith('.ppm'))
    .sort()
    .map((f) => {
      const ppm = fs.readFileSync(path.join(dir, f));
      fs.rmSync(path.join(dir, f));
      // binary PPM: "P6\n<w> <h>\n255\n" then RGB bytes
      const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 64).toString('latin1'))!;
      const pixels = ppm.subarray(header[0].length);
      let white = 0;
      for (let i = 0; i + 2 < pixels.length; i += 3)
        if (pixels[i]! > 235 && pixels[i + 1]! > 235 && pixels[i + 2]! > 235) white++;
      return white / (pixels.length / 3);
    });
}
const pdfImages = (file: string) =>
  execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }).trim().split('\n').length - 2;

it('branding and the client name set on the Settings screen are on the PDF exported from the page', async () => {
  const created = await stack.data<{ workspace: Workspace }>('demo:create', {});
  const id = created.workspace.id;
  await stack.data('sync:start', { workspaceId: id });
  const audit = await until('the first audit', () => stack.data<Audit | null>('audit:get', { workspaceId: id }));
  // one failing finding accepted and one snoozed, so the report shows both kinds
  const failing = audit.findings.filter((f) => f.status === 'fail');
  await stack.data('findings:decide', { workspaceId: id, ruleId: failing[0]!.ruleId, action: 'accept' });
  await stack.data('findings:decide', {
    workspaceId: id,
    ruleId: failing[1]!.ruleId,
    action: 'snooze',
    until: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });
  const logo = path.join(stack.dataDir, 'agency-logo.png');
  fs.writeFileSync(logo, Buffer.from(PNG_1x1, 'base64'));

  const { page, context, errors } = await openPage(browser, stack.url);
  try {
    await page.getByTestId('nav-settings').click();
    const card = page.getByTestId('branding-card');
    await card.waitFor();
    await page.getByTestId('branding-agency').fill('North Star Agency');
    await page.getByTestId('branding-prepared-by').fill('Ola Nowak');
    await page.getByTestId('branding-accent').fill('#0b7285');
    await page.getByTestId('branding-logo-file').setInputFiles(logo);
    // the preview shows the chosen logo before anything is saved
    await page.getByTestId('branding-preview').locator('img').waitFor();
    await page.getByTestId('branding-client-name').fill('Acme Ltd');
    await page.getByTestId('branding-client-save').click();
    await until('the client name saved', async () => {
      const w = await stack.data<Workspace>('workspaces:get', { workspaceId: id });
      return w.clientName === 'Acme Ltd';
    });
    await page.getByTestId('branding-save').click();
    const saved = await until('the branding saved', async () => {
      const b = await stack.data<{ agencyName: string | null; logo: unknown; accentColor: string | null }>(
        'branding:get',
        {},
      );
      return b.agencyName && b.logo ? b : null;
    });
    expect(saved.accentColor).toBe('#0b7285');
    await card.scrollIntoViewIfNeeded();
    await screenshotBothSchemes(page, 'settings-branding', (p, n) =>
      card.screenshot({ path: path.join(SCREENSHOT_DIR, `${n}.png`) }).then(() => screenshot(p, `${n}-page`)),
    );

    // the report exported from the page in the app's light scheme, then in its dark one: the paper stays the
    // report's own (the branding on it, white paper), in English and in Polish; each export after the first
    // compares itself with the one before, so their texts differ by design
    await page.getByText('Demo client').first().click();
    await page.getByTestId('tab-audit').click();
    await page.getByTestId('audit-export-pdf').waitFor();
    const en = await exportPdf(page, 'branded-en.pdf');
    const text = pdfText(en);
    for (const w of ['North Star Agency', 'Ola Nowak', 'Acme Ltd']) expect(text).toContain(w);
    expect(text).not.toContain('Demo client');
    expect(pdfImages(en)).toBeGreaterThanOrEqual(1);
    await setScheme(page, 'dark');
    const enDark = await exportPdf(page, 'branded-en-dark.pdf');
    for (const w of ['North Star Agency', 'Ola Nowak', 'Acme Ltd']) expect(pdfText(enDark)).toContain(w);

    await page.getByTestId('audit-report-lang').getByText('PL').click();
    const plDark = await exportPdf(page, 'branded-pl-dark.pdf');
    await setScheme(page, 'light');
    const pl = await exportPdf(page, 'branded-pl.pdf');
    const plText = pdfText(pl);
    for (const w of ['North Star Agency', 'Ola Nowak', 'Acme Ltd', 'Przygotował']) expect(plText).toContain(w);
    for (const w of ['North Star Agency', 'Ola Nowak', 'Acme Ltd', 'Przygotował']) expect(pdfText(plDark)).toContain(w);
    for (const file of [en, enDark, pl, plDark]) {
      const whiteShares = renderPages(file);
      expect(whiteShares.length, file).toBe(pdfPages(file));
      // every page is mostly paper: a page drawn on the app's dark background would be mostly dark
      for (const share of whiteShares) expect(share, file).toBeGreaterThan(0.5);
    }
    expect(errors).toEqual([]);
  } finally {
    await context.close();
  }

  // the Polish screen
  const polish = await openPage(browser, stack.url, { locale: 'pl-PL' });
  try {
    await polish.page.getByTestId('nav-settings').click();
    const card = polish.page.getByTestId('branding-card');
    await card.waitFor();
    await expect.poll(() => card.locator('h5').first().textContent()).toBe('Raporty: identyfikacja agencji');
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: path.join(SCREENSHOT_DIR, 'settings-branding-pl.png') });
    expect(polish.errors).toEqual([]);
  } finally {
    await polish.context.close();
  }
}, 600_000);
