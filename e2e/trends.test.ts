import type { Browser, Page } from 'playwright-core';
import { simCall } from '../src/sim/testing';
import type { SimResource } from '../src/sim/types';
import type { TrendPoint } from '../src/shared/contract';
import { openPage, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';
import { demoSynced, syncedAfter, workspaceOf } from './helpers/workspace';

/**
 * Trends: the demo is synced three times from the screen with edits in Klaviyo between (a flow set to draft, a
 * list that grows twice); the Trends tab charts one point per sync and reads the latest figures, and an item's
 * drawer charts the list's size and the flow's status over the syncs, in English and in Polish.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

const all = (type: string) =>
  [...(stack.sim.accounts[0]!.dataset.resources.get(type)?.values() ?? [])] as SimResource[];

async function points(id: string, q: Record<string, unknown> = {}): Promise<TrendPoint[]> {
  const r = await stack.call('trends:get', { workspaceId: id, ...q });
  if (!r.ok) throw new Error(r.error.message);
  return (r.data as { points: TrendPoint[] }).points;
}

/** waits until the run's points are captured (they follow its audit) */
async function capturedFor(id: string, runId: string): Promise<TrendPoint[]> {
  for (let i = 0; i < 300; i++) {
    const p = await points(id);
    if (p.some((x) => x.runId === runId && x.metric === 'score')) return p;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no trend points for run ${runId}`);
}

async function grow(list: SimResource, profiles: SimResource[]) {
  const r = await simCall(stack.sim, `/api/lists/${list.id}/relationships/profiles`, {
    method: 'POST',
    body: { data: profiles.map((p) => ({ type: 'profile', id: p.id })) },
    retries429: 20,
  });
  expect(r.status, r.text.slice(0, 200)).toBeLessThan(300);
}

async function syncFromScreen(page: Page, id: string): Promise<string> {
  const before = (await workspaceOf(stack, id)).lastRun!.runId;
  await page.getByTestId('tab-overview').click();
  await page.getByTestId('sync-now').click();
  const after = await syncedAfter(stack, id, before);
  expect(after.lastRun?.status).toBe('ok');
  await capturedFor(id, after.lastRun!.runId);
  return after.lastRun!.runId;
}

async function openDrawer(page: Page, tab: string, search: string) {
  await page.getByTestId('tab-inventory').click();
  await page.getByTestId(`inv-tab-${tab}`).click();
  await page.getByTestId('inventory-search').fill(search);
  // the search answers after a pause: wait for the one row that has this id
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="inventory-row"]').length === 1);
  await page.getByTestId('inventory-row').first().click();
  await page.getByTestId('drawer-tab-trend').click();
  await page.getByTestId('item-trend').waitFor();
}

it('three syncs with edits between: the Trends tab and the drawers chart each sync and read the latest figures', async () => {
  const id = await demoSynced(stack);
  const first = (await workspaceOf(stack, id)).lastRun!.runId;
  await capturedFor(id, first);

  const flow = all('flow').find((f) => !f.attributes.archived && f.attributes.status === 'live')!;
  const list = all('list')[0]!;
  const members = new Set(
    ((list.relationships?.profiles?.data as { id: string }[] | undefined) ?? []).map((p) => p.id),
  );
  const outsiders = all('profile').filter((p) => !members.has(p.id));
  expect(outsiders.length).toBeGreaterThanOrEqual(5);

  const en = await openPage(browser, stack.url);
  try {
    await en.page.getByText('Demo client').first().click();
    // between the first and the second sync: the flow goes to draft and the list gains two profiles
    const edited = await simCall(stack.sim, `/api/flows/${flow.id}`, {
      method: 'PATCH',
      body: { data: { type: 'flow', id: flow.id, attributes: { status: 'draft' } } },
      retries429: 20,
    });
    expect(edited.status).toBe(200);
    await grow(list, outsiders.slice(0, 2));
    await syncFromScreen(en.page, id);
    // between the second and the third: three more
    await grow(list, outsiders.slice(2, 5));
    const third = await syncFromScreen(en.page, id);

    const ws = (await points(id)).filter((p) => p.runId === third);
    const value = (m: string) => ws.find((p) => p.metric === m)?.value;
    const liveFlows = all('flow').filter((f) => !f.attributes.archived && f.attributes.status === 'live').length;
    expect(value('flows.live')).toBe(liveFlows);
    const size = Number(list.attributes.profile_count);
    expect(size).toBe(members.size + 5);
    // sizes are asked after the sync, beside its audit (sizes/): the run's size point is recorded again once that
    // refresh has ended, which can be after the run's score point that syncFromScreen waited for
    await vi.waitFor(
      async () => {
        const p = (await points(id, { item: { type: 'lists', id: list.id } })).find(
          (x) => x.runId === third && x.metric === 'profile_count',
        );
        expect(p?.value).toBe(size);
      },
      { timeout: 60_000, interval: 250 },
    );

    await en.page.getByTestId('tab-trends').click();
    const tab = en.page.locator('[data-testid="trends-tab"][data-runs="3"]');
    await tab.waitFor({ timeout: 20_000 });
    for (const card of ['score', 'findings', 'live', 'statuses'])
      await expect(en.page.getByTestId(`trend-${card}`).getAttribute('data-points'), card).resolves.toBe('3');
    await expect(en.page.getByTestId('trend-latest-live').textContent()).resolves.toBe(String(liveFlows));
    await expect(en.page.getByTestId('trend-latest-score').textContent()).resolves.toBe(String(value('score')));
    await expect(en.page.getByTestId('trends-span').textContent()).resolves.toMatch(/^From 3 syncs, /);
    // one line point per sync in the live-flows chart, drawn by the chart itself
    await expect(
      en.page.locator('[data-testid="trend-live"] .recharts-line-dots').first().locator('circle').count(),
    ).resolves.toBe(3);
    const legend = en.page.locator(`[data-testid="trend-sizes"] [data-legend="lists_${list.id}"]`);
    await expect(legend.textContent()).resolves.toContain(`${String(list.attributes.name)}`);
    await expect(legend.textContent()).resolves.toMatch(/\(list\)$/);
    await screenshotBothSchemes(en.page, 'trends-en');
    await en.page.getByTestId('trend-sizes').scrollIntoViewIfNeeded();
    await screenshotBothSchemes(en.page, 'trends-sizes-en');
    await en.page.evaluate(() => window.scrollTo({ top: 0 }));

    await openDrawer(en.page, 'lists', list.id);
    await expect(en.page.getByTestId('trend-item-size').getAttribute('data-points')).resolves.toBe('3');
    await expect(en.page.getByTestId('trend-latest-item-size').textContent()).resolves.toBe(String(size));
    await screenshotBothSchemes(en.page, 'trends-drawer-list-en');
    // the facts give the last known size with when Klaviyo gave it (sizes are asked after the sync)
    await en.page.getByRole('tab', { name: 'Attributes' }).click();
    await en.page
      .getByText(/^as of /)
      .first()
      .waitFor();
    await screenshotBothSchemes(en.page, 'sizes-drawer-list-en');
    await en.page.keyboard.press('Escape');
    await openDrawer(en.page, 'flows', flow.id);
    await expect(en.page.getByTestId('trend-latest-item-status').textContent()).resolves.toBe('Draft');
    await expect(en.page.getByTestId('trend-item-status').getAttribute('data-points')).resolves.toBe('3');
    await screenshotBothSchemes(en.page, 'trends-drawer-flow-en');
    expect(en.errors).toEqual([]);
  } finally {
    await en.context.close();
  }

  const pl = await openPage(browser, stack.url, { locale: 'pl-PL' });
  try {
    await pl.page.getByText('Demo client').first().click();
    await pl.page.getByTestId('tab-trends').click();
    await pl.page.locator('[data-testid="trends-tab"][data-runs="3"]').waitFor();
    await expect(pl.page.getByTestId('trends-span').textContent()).resolves.toMatch(/^Z 3 synchronizacji, /);
    await pl.page.getByText('Aktywne flow i wiadomości').waitFor();
    await screenshotBothSchemes(pl.page, 'trends-pl');
    await openDrawer(pl.page, 'flows', flow.id);
    await expect(pl.page.getByTestId('trend-latest-item-status').textContent()).resolves.toBe('Szkic');
    await screenshotBothSchemes(pl.page, 'trends-drawer-flow-pl');
    await pl.page.keyboard.press('Escape');
    // the run's record says what its size refresh did, in words
    await pl.page.getByTestId('tab-runs').click();
    await pl.page.getByTestId('run-row').first().click();
    await expect(pl.page.getByTestId('run-sizes').first().textContent()).resolves.toMatch(
      /^Liczba profili list i segmentów: pobrano \d+, \d+ zachowano z wcześniej, 0 zostawiono/,
    );
    await screenshotBothSchemes(pl.page, 'sizes-run-pl');
    expect(pl.errors).toEqual([]);
  } finally {
    await pl.context.close();
  }
}, 300_000);
