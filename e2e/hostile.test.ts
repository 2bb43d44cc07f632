import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, screenshot, setScheme } from './helpers/browser';
import { ensureWebBuild } from './helpers/build';
import { startStack, type Stack } from './helpers/stack';
import { BIG_FLOW_ID, HOSTILE_NAMES, hostileFixture } from '../src/sim/fixtures/hostile';
import { showControls } from '../src/shared/text';

/**
 * The app on a client whose Klaviyo data is hostile (src/sim/fixtures/hostile.ts), synced through the real stack:
 * every inventory type, a drawer of each and the audit tab show with no page error, no dialog and no error
 * boundary — odd values degrade in their own cell.
 */
let browser: Browser;
let stack: Stack;

beforeAll(async () => {
  ensureWebBuild();
  browser = await launchChromium();
  stack = await startStack({ fixture: hostileFixture(), timeScale: 1000 });
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await browser?.close();
});

/** the first row of the current type's table, or null when the type has no items */
async function firstRow(page: Page, type: string) {
  const table = page.locator(`[data-testid="inventory-table"][data-type="${type}"]`);
  await table.waitFor();
  await page.waitForFunction(() => {
    const c = document.querySelector('[data-testid="inventory-count"]')?.textContent ?? '';
    return /\d/.test(c) || c === '—';
  });
  const rows = table.getByTestId('inventory-row');
  if ((await rows.count()) === 0) return null;
  await rows.first().locator('bdi').first().waitFor();
  return rows.first();
}

async function openDrawerAndClose(page: Page, row: ReturnType<Page['locator']>, shot?: string) {
  await row.click();
  const drawer = page.locator('.mantine-Drawer-content');
  await drawer.getByRole('tab').first().waitFor({ timeout: 20_000 });
  if (shot) await screenshot(page, shot);
  expect(await page.locator('[data-testid^="error-boundary-"]').count()).toBe(0);
  await page.keyboard.press('Escape');
  await drawer.waitFor({ state: 'detached' });
}

describe('a client with hostile data', () => {
  it('shows every inventory type, a drawer of each and the audit with no page error and no dialog', async () => {
    const { page, context } = await openPage(browser, stack.url);
    const pageErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss();
    });
    try {
      await page.getByTestId('add-demo').click();
      await page.getByTestId('workspace-page').waitFor();
      await page.getByTestId('sync-now').click();
      // the 20,000-deep flow cannot be stored: the run says so, the rest is there
      await page
        .locator('[data-testid="sync-status-card"][data-status="partial_or_timeout"]')
        .waitFor({ timeout: 120_000 });

      await page.getByTestId('tab-inventory').click();
      const tabs = await page
        .locator('[data-testid^="inv-tab-"]')
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('inv-tab-'.length)));
      expect(tabs.length).toBeGreaterThanOrEqual(8);
      for (const type of tabs) {
        await page.getByTestId(`inv-tab-${type}`).click();
        const row = await firstRow(page, type);
        expect(row, `${type} has rows`).not.toBeNull();
        if (type === 'flows') await screenshot(page, 'hostile-inventory-flows');
        await openDrawerAndClose(page, row!, type === 'flows' ? 'hostile-drawer-first-flow' : undefined);
      }

      // the bidi-override name: isolated in the table, never read as "exe.png"; the raw view writes U+202E out
      await page.getByTestId('inv-tab-flows').click();
      await page.getByTestId('inventory-search').fill('gnp.exe');
      const bidiRows = page.locator('[data-testid="inventory-row"]');
      await expect.poll(() => bidiRows.count()).toBe(2);
      const isolated = await page
        .locator('[data-testid="inventory-row"] bdi')
        .evaluateAll((els) => els.map((e) => getComputedStyle(e).unicodeBidi));
      expect(isolated.length).toBeGreaterThan(0);
      for (const v of isolated) expect(v).toBe('isolate');
      await screenshot(page, 'hostile-inventory-bidi');
      // the override is written out, so the name cannot pass for "exe.png"
      const shownNames = await page.locator('[data-testid="inventory-row"] bdi').allTextContents();
      expect(shownNames).toContain(showControls(HOSTILE_NAMES.bidi));
      expect(shownNames.join(' ')).not.toContain('\u202E');
      const exact = page.locator('[data-testid="inventory-row"]', {
        has: page.locator('bdi', { hasText: /^⟨U\+202E⟩gnp\.exe$/ }),
      });
      await exact.first().click();
      const drawer = page.locator('.mantine-Drawer-content');
      await drawer.getByRole('tab').first().waitFor();
      await drawer.getByRole('tab', { name: 'Raw JSON' }).click();
      const raw = page.getByTestId('drawer-raw');
      await expect(raw.textContent()).resolves.toContain('⟨U+202E⟩gnp.exe');
      await expect(raw.textContent()).resolves.not.toContain('\u202E');
      await screenshot(page, 'hostile-drawer-raw-bidi');
      await setScheme(page, 'dark');
      await screenshot(page, 'hostile-drawer-raw-bidi-dark');
      await setScheme(page, 'light');
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'detached' });

      // the 10,000-character name and the 2 MB flow open too
      await page.getByTestId('inventory-search').fill('');
      await page.getByTestId('inventory-search').fill('Long name without a break');
      await expect.poll(() => page.getByTestId('inventory-row').count()).toBe(1);
      await openDrawerAndClose(page, page.getByTestId('inventory-row').first(), 'hostile-drawer-long-name');
      await page.getByTestId('inventory-search').fill(BIG_FLOW_ID);
      await expect.poll(() => page.getByTestId('inventory-row').count()).toBe(1);
      await openDrawerAndClose(page, page.getByTestId('inventory-row').first());

      await page.getByTestId('tab-audit').click();
      await page.getByTestId('audit-score').waitFor({ timeout: 60_000 });
      await screenshot(page, 'hostile-audit');

      expect(await page.locator('[data-testid^="error-boundary-"]').count()).toBe(0);
      expect(pageErrors).toEqual([]);
      expect(dialogs).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);
});
