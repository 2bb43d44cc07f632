import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SimResource } from '../src/sim/types';
import { openPage, screenshot, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';
import { demoSynced } from './helpers/workspace';

/**
 * The import wizard in a real Chromium over the web bridge (PRODUCT D1): the page picks a file with the browser's
 * own chooser and uploads it; it gets a token, never a path. It sees what the file was taken for, the first
 * records as they will be sent and each rejected row with its line, queues it, and the outbox sends it and words
 * it (en and pl). The Outbox view pages a long queue.
 */
let browser: Browser;
let stack: Stack;
let workspaceId: string;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

const fixture = (f: string) => path.resolve(import.meta.dirname, '../src/main/core/imports/fixtures', f);
const profiles = (): SimResource[] => [...stack.sim.accounts[0]!.dataset.resources.get('profile')!.values()];

/** Every answer the page received from the bridge, as text, to check what it was told. */
function recordAnswers(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/rpc/') || r.url().includes('/upload'))
      void r.text().then(
        (t) => seen.push(t),
        () => undefined,
      );
  });
  page.on('request', (r) => {
    if (r.url().includes('/rpc/imports:')) sent.push(r.postData() ?? '');
  });
  return seen;
}
/** What the page sent to the import channels. */
const sent: string[] = [];

async function openOutbox(page: Page) {
  await page.locator('[data-testid="workspace-row"]').first().click();
  await page.getByTestId('workspace-page').waitFor();
  await page.getByTestId('tab-outbox').click({ noWaitAfter: true });
  await page.getByTestId('outbox').waitFor({ timeout: 120_000 });
}

async function pick(page: Page, file: string) {
  await page.getByTestId('outbox-import').click();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('import-choose').click()]);
  await chooser.setFiles(file);
  await page.getByTestId('import-preview').waitFor({ timeout: 60_000 });
}

describe('the import wizard', () => {
  it('previews a Shopify customers export with its rejected rows, queues it, and the outbox sends it (en)', async () => {
    workspaceId = await demoSynced(stack);
    const { context, page, errors } = await openPage(browser, stack.url);
    const answers = recordAnswers(page);
    try {
      await openOutbox(page);
      await pick(page, fixture('shopify-customers.csv'));
      const preview = page.getByTestId('import-preview');
      await expect(preview.getAttribute('data-kind')).resolves.toBe('customers');
      await expect(preview.getAttribute('data-source')).resolves.toBe('shopify');
      await expect(page.getByTestId('import-detected').textContent()).resolves.toBe(
        'Detected: Customers (profiles) · Shopify export',
      );
      await expect(page.getByTestId('import-counts').textContent()).resolves.toBe(
        '8 rows read: 4 ready to send, 4 not imported',
      );
      // the first records as they will be sent
      const sample = page.getByTestId('import-sample-row');
      await expect(sample.count()).resolves.toBe(4);
      await expect(sample.first().textContent()).resolves.toContain('ana@example.com');
      // a rejected row with its line and reason
      const dup = page.locator('[data-testid="import-problem"][data-line="5"]');
      await expect(dup.textContent()).resolves.toBe(
        'Line 5The email address ana@example.com already appeared on line 2; the first one is imported.',
      );
      await screenshotBothSchemes(page, 'import-wizard-preview-en');

      await page.getByTestId('import-queue').click();
      await page
        .getByTestId('import-wizard')
        .waitFor({ state: 'detached' })
        .catch(() => undefined);
      const item = page.locator('[data-testid="outbox-item"][data-state="done"]', {
        hasText: 'Import 4 profiles from shopify-customers.csv (lines 2–10)',
      });
      await item.waitFor({ timeout: 120_000 });
      await expect(item.textContent()).resolves.toContain('Profile import, part 1 of 1');
      await expect(item.getByTestId('outbox-state').textContent()).resolves.toBe('Sent');
      expect(profiles().some((p) => p.attributes.email === 'frank@example.com')).toBe(true);
      await screenshotBothSchemes(page, 'import-outbox-done-en');

      // the page was never told where the file is: not the fixture's folder, not the bridge's upload folder
      expect(answers.length).toBeGreaterThan(2);
      for (const a of answers) {
        expect(a).not.toContain(path.dirname(fixture('x')));
        // (the data folder itself is the app's own setting; the upload folder inside it is the bridge's secret)
        expect(a).not.toContain(path.join(stack.dataDir, 'uploads'));
      }
      // it names the file by token only
      const previewCall = sent.find((b) => b.includes('fileToken'));
      expect(previewCall).toMatch(/"fileToken":"[0-9a-f]{32}"/);
      expect(previewCall).not.toContain(path.sep + 'shopify-customers.csv');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('speaks Polish: an orders export, its rejected rows, and the sent import in the outbox (pl)', async () => {
    const { context, page, errors } = await openPage(browser, stack.url, { locale: 'pl-PL' });
    try {
      await openOutbox(page);
      await pick(page, fixture('shopify-orders.csv'));
      await expect(page.getByTestId('import-preview').getAttribute('data-kind')).resolves.toBe('orders');
      await expect(page.locator('[data-testid="import-problem"][data-line="4"]').textContent()).resolves.toContain(
        'Wiersz 4Nie można odczytać daty zamówienia „2024-13-40 10:00:00 +0100”',
      );
      await screenshotBothSchemes(page, 'import-wizard-preview-pl');
      await page.getByTestId('import-queue').click();
      const item = page.locator('[data-testid="outbox-item"][data-state="done"]', {
        hasText: 'Import 3 zamówień jako zdarzeń „Placed Order” z pliku shopify-orders.csv',
      });
      await item.waitFor({ timeout: 120_000 });
      await expect(item.getByTestId('outbox-state').textContent()).resolves.toBe('Wysłano');
      await expect(item.textContent()).resolves.toContain('Import zamówień, część 1 z 1');
      await screenshotBothSchemes(page, 'import-outbox-done-pl');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('pages the Outbox view: 600 more items make two pages of 500', async () => {
    // queued while Klaviyo cannot be reached, so they stay put while the pages are read
    stack.sim.setReachable(false);
    const chunks = Array.from({ length: 600 }, (_, i) => ({ records: 1, lines: [i + 2], body: Buffer.from('{}') }));
    stack.app.core.outbox.queueImport(workspaceId, {
      kind: 'profile_import',
      importId: 'paging0000000000',
      fileName: 'many.csv',
      chunks,
    });
    const { context, page, errors } = await openPage(browser, stack.url);
    try {
      await openOutbox(page);
      const rows = page.getByTestId('outbox-item');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="outbox-item"]').length === 500, null, {
        timeout: 120_000,
      });
      // 600 queued here and the two imports sent above
      await expect(page.getByTestId('outbox-range').textContent()).resolves.toBe('1–500 of 602');
      await page
        .getByTestId('outbox-pagination')
        .getByRole('button', { name: '2', exact: true })
        .click({ noWaitAfter: true, timeout: 120_000 });
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="outbox-item"]').length === 102, null, {
        timeout: 120_000,
      });
      await expect(page.getByTestId('outbox-range').textContent()).resolves.toBe('501–602 of 602');
      await expect(rows.count()).resolves.toBe(102);
      await screenshot(page, 'outbox-paging-en-light');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
      stack.sim.setReachable(true);
    }
  }, 300_000);
});
