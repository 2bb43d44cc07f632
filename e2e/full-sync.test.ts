import type { Browser, Page } from 'playwright-core';
import { openPage, screenshot, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';
import { demoSynced, syncedAfter, workspaceOf } from './helpers/workspace';

/**
 * "Full sync" beside "Sync now": after a first sync, "Sync now" lists only what changed (no flow is fetched again
 * when none changed) and "Full sync" lists everything again (every flow's definition), in English and in Polish.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

/** clicks a sync button and returns how many flow definitions the run fetched */
async function flowDetailsFetchedBy(page: Page, testId: string, id: string): Promise<number> {
  const before = (await workspaceOf(stack, id)).lastRun!.runId;
  stack.sim.clearLog();
  await page.getByTestId(testId).click();
  const after = await syncedAfter(stack, id, before);
  expect(after.lastRun?.status).toBe('ok');
  return stack.sim.requestLog.count({ operationId: 'get_flow' });
}

it('"Sync now" fetches only what changed, "Full sync" everything again (en, pl)', async () => {
  const id = await demoSynced(stack);
  const flows = stack.sim.accounts[0]!.dataset.resources.get('flow')!.size;

  const en = await openPage(browser, stack.url);
  try {
    await en.page.getByText('Demo client').first().click();
    await en.page.getByTestId('full-sync').waitFor();
    await screenshotBothSchemes(en.page, 'full-sync-en');
    expect(await en.page.getByTestId('full-sync').textContent()).toBe('Full sync');
    expect(await flowDetailsFetchedBy(en.page, 'sync-now', id)).toBe(0);
    expect(await flowDetailsFetchedBy(en.page, 'full-sync', id)).toBe(flows);
    expect(en.errors).toEqual([]);
  } finally {
    await en.context.close();
  }

  const pl = await openPage(browser, stack.url, { locale: 'pl-PL' });
  try {
    await pl.page.getByText('Demo client').first().click();
    await pl.page.getByTestId('full-sync').waitFor();
    expect(await pl.page.getByTestId('full-sync').textContent()).toBe('Pełna synchronizacja');
    await screenshot(pl.page, 'full-sync-pl-light');
    expect(await flowDetailsFetchedBy(pl.page, 'full-sync', id)).toBe(flows);
    expect(pl.errors).toEqual([]);
  } finally {
    await pl.context.close();
  }
}, 300_000);
