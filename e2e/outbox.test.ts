import type { Browser, Page } from 'playwright-core';
import { simAppliedWrites } from '../src/sim';
import type { SimResource } from '../src/sim/types';
import { openPage, screenshot, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';
import { demoSynced } from './helpers/workspace';

/**
 * The outbox in a real Chromium over the web bridge (PRODUCT D1–D4): flows tagged while the simulator is cut
 * off are marked pending in the inventory and wait in the Outbox; when the simulator answers again they are
 * sent without anyone asking and read "Sent"; a status change raced by an edit in Klaviyo is shown as a
 * conflict with both values and the decision, and "Apply mine again" sends it. In en and pl, light and dark.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack(
  (b, s) => {
    browser = b;
    stack = s;
  },
  // ten flows, some of them not live: room for a multi-selection and for a flow that goes live
  { size: 'small' },
);

const dataset = () => stack.sim.accounts[0]!.dataset;
const simFlow = (id: string) => dataset().resources.get('flow')!.get(id)!;
const simTag = (name: string): SimResource | undefined =>
  [...dataset().resources.get('tag')!.values()].find((t) => t.attributes.name === name);
const tagIdsOf = (r: SimResource) => ((r.relationships?.tags?.data ?? []) as { id: string }[]).map((x) => x.id);

async function openClient(page: Page, tab: 'inventory' | 'outbox') {
  await page.locator('[data-testid="workspace-row"]').first().click();
  await page.getByTestId('workspace-page').waitFor();
  await page.getByTestId(`tab-${tab}`).click();
}

/** Selects the first `n` flow rows of the inventory and returns their ids. */
async function selectFlows(page: Page, n: number, skip = 0): Promise<string[]> {
  const rows = page.getByTestId('inventory-row');
  await rows.nth(skip + n - 1).waitFor();
  const ids: string[] = [];
  for (let i = skip; i < skip + n; i++) {
    ids.push((await rows.nth(i).getAttribute('data-id'))!);
    await rows.nth(i).getByTestId('row-select').check();
  }
  return ids;
}

async function addTag(page: Page, tag: string) {
  await page.getByTestId('selection-add-tag').click();
  await page.getByTestId('tag-input').fill(tag);
  await page.getByTestId('tag-submit').click();
  await page.getByTestId('selection-bar').waitFor({ state: 'detached' });
}

const pendingRows = (page: Page) => page.locator('[data-testid="inventory-row"][data-pending]');

async function waitForStates(page: Page, state: string, n: number, timeout = 60_000) {
  await page.waitForFunction(
    ([s, count]) => document.querySelectorAll(`[data-testid="outbox-item"][data-state="${s}"]`).length === count,
    [state, n] as const,
    { timeout },
  );
}

describe('the outbox', () => {
  it('tags three flows offline, shows them pending, sends them when the simulator is back, and shows a conflict (en)', async () => {
    await demoSynced(stack);
    const { context, page, errors } = await openPage(browser, stack.url);
    try {
      await openClient(page, 'inventory');

      // offline: three flows tagged from one multi-selection
      stack.sim.setReachable(false);
      const ids = await selectFlows(page, 3);
      await expect(page.getByTestId('selection-count').textContent()).resolves.toBe('3 selected');
      await addTag(page, 'Train ride');

      // pending on the rows, and in the badge
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="inventory-row"][data-pending]').length === 3,
      );
      for (const id of ids) {
        const row = page.locator(`[data-testid="inventory-row"][data-id="${id}"]`);
        await expect(row.getAttribute('data-pending')).resolves.toBe('pending');
        await expect(row.getByTestId('pending-tag').textContent()).resolves.toBe('+ Train ride');
      }
      await expect(page.getByTestId('outbox-badge').getAttribute('data-count')).resolves.toBe('3');
      await screenshotBothSchemes(page, 'outbox-pending-marks-en');

      // the Outbox: three changes waiting, the automatic flush found no connection and sent nothing
      await page.getByTestId('tab-outbox').click();
      await waitForStates(page, 'pending', 3);
      await page.getByTestId('outbox-offline').waitFor({ timeout: 30_000 });
      const states = await page.getByTestId('outbox-state').allTextContents();
      expect(states).toHaveLength(3);
      expect(states.every((s) => s === 'Waiting to send' || s === 'Waiting for the connection')).toBe(true);
      expect(states).toContain('Waiting for the connection');
      await expect(page.getByTestId('outbox-items').textContent()).resolves.toContain('Add tag “Train ride”');
      expect(simTag('Train ride')).toBeUndefined();
      expect(simAppliedWrites(dataset())).toHaveLength(0);
      await screenshotBothSchemes(page, 'outbox-offline-en');

      // the simulator is back: nobody clicks anything, the three changes go out and read "Sent"
      stack.sim.setReachable(true);
      await waitForStates(page, 'done', 3, 90_000);
      expect(await page.getByTestId('outbox-state').allTextContents()).toEqual(['Sent', 'Sent', 'Sent']);
      await page.getByTestId('outbox-badge').waitFor({ state: 'detached' });
      await page.getByTestId('outbox-offline').waitFor({ state: 'detached' });
      const tag = simTag('Train ride')!;
      expect(tag).toBeDefined();
      for (const id of ids) expect(tagIdsOf(simFlow(id))).toContain(tag.id);
      await screenshotBothSchemes(page, 'outbox-sent-en');

      // the marks are gone from the inventory
      await page.getByTestId('tab-inventory').click();
      await page.getByTestId('inventory-row').first().waitFor();
      expect(await pendingRows(page).count()).toBe(0);

      // a status change raced by an edit in Klaviyo: read just before our change is sent, the flow has moved
      stack.sim.setFaults([{ kind: 'remote-edit', operations: ['get_flow'], count: 1 }]);
      const rows = page.getByTestId('inventory-row');
      let notLive = -1;
      for (let i = 0; i < (await rows.count()); i++) {
        const st = await rows.nth(i).locator('.kad-pill[data-status]').first().getAttribute('data-status');
        if (st !== 'live') {
          notLive = i;
          break;
        }
      }
      expect(notLive).toBeGreaterThanOrEqual(0);
      const [raced] = await selectFlows(page, 1, notLive);
      await page.getByTestId('selection-set-status').click();
      await page.getByTestId('status-choice').getByText('Live').click();
      // the confirmation says what goes live
      await expect(page.getByTestId('status-go-live').textContent()).resolves.toContain(
        '1 flow will go live: it starts sending to real profiles',
      );
      await screenshot(page, 'outbox-go-live-confirm-en-light');
      await page.getByTestId('status-submit').click();

      await page.getByTestId('tab-outbox').click();
      const conflict = page.locator('[data-testid="outbox-conflict"][data-decision="remote"]');
      await conflict.waitFor({ timeout: 60_000 });
      const theirs = String(simFlow(raced!).attributes.status);
      expect(theirs).not.toBe('live');
      await expect(conflict.getByTestId('conflict-mine').textContent()).resolves.toBe('Live');
      await expect(conflict.getByTestId('conflict-theirs').textContent()).resolves.toBe(
        theirs === 'draft' ? 'Draft' : 'Manual',
      );
      await expect(conflict.getByTestId('conflict-decision').textContent()).resolves.toBe(
        'Klaviyo’s change kept (it was later)',
      );
      await expect(
        page
          .locator(
            `[data-testid="outbox-item"][data-target="${raced}"][data-state="conflict"] [data-testid="outbox-state"]`,
          )
          .textContent(),
      ).resolves.toBe('Conflict');
      await expect(page.getByTestId('outbox-badge-problems').textContent()).resolves.toBe('1');
      await screenshotBothSchemes(page, 'outbox-conflict-en');

      // "apply mine again": the change is sent once more, and Klaviyo now has it
      await conflict.getByTestId('conflict-apply-mine').click();
      await page
        .locator(`[data-testid="outbox-item"][data-target="${raced}"][data-state="done"]`, {
          hasText: 'Set status to Live',
        })
        .waitFor({ timeout: 60_000 });
      expect(simFlow(raced!).attributes.status).toBe('live');
      // the conflict stays logged, without the button
      await expect(conflict.getByTestId('conflict-apply-mine').count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 300_000);

  it('speaks Polish: pending marks, waiting for the connection, sent, and the logged conflict (pl)', async () => {
    const { context, page, errors } = await openPage(browser, stack.url, { locale: 'pl-PL' });
    try {
      await openClient(page, 'inventory');
      stack.sim.setReachable(false);
      const ids = await selectFlows(page, 2, 3);
      await expect(page.getByTestId('selection-count').textContent()).resolves.toBe('Zaznaczono 2');
      await addTag(page, 'Pociąg');
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid="inventory-row"][data-pending]').length === 2,
      );
      await expect(
        page.locator(`[data-testid="inventory-row"][data-id="${ids[0]}"] [data-testid="pending-tag"]`).textContent(),
      ).resolves.toBe('+ Pociąg');
      await screenshotBothSchemes(page, 'outbox-pending-marks-pl');

      await page.getByTestId('tab-outbox').click();
      await page.getByTestId('outbox-offline').waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('outbox-offline').textContent()).resolves.toContain(
        'Klaviyo jest teraz nieosiągalne',
      );
      const states = await page
        .locator('[data-testid="outbox-item"][data-state="pending"] [data-testid="outbox-state"]')
        .allTextContents();
      expect(states).toContain('Czeka na połączenie');
      await expect(page.getByTestId('conflict-decision').textContent()).resolves.toBe(
        'Zostawiono zmianę z Klaviyo (była późniejsza)',
      );
      await screenshotBothSchemes(page, 'outbox-offline-pl');

      stack.sim.setReachable(true);
      await page
        .locator('[data-testid="outbox-item"][data-state="pending"]')
        .first()
        .waitFor({ state: 'detached', timeout: 90_000 });
      expect(new Set(await page.getByTestId('outbox-state').allTextContents())).toEqual(new Set(['Wysłano']));
      await screenshotBothSchemes(page, 'outbox-sent-pl');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 240_000);
});
