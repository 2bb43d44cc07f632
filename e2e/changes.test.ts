import type { Browser, Page } from 'playwright-core';
import { simCall } from '../src/sim/testing';
import type { SimResource } from '../src/sim/types';
import { openPage, screenshot, setScheme } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';
import { demoSynced, syncedAfter, workspaceOf } from './helpers/workspace';

/**
 * "What changed": a flow's status and a campaign's audience are edited in the simulator through Klaviyo's write
 * API, the client is synced from the screen, and the Changes tab says both in words, in English and in Polish.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack((b, s) => {
  browser = b;
  stack = s;
});

async function openChanges(page: Page) {
  await page.getByText('Demo client').first().click();
  await page.getByTestId('tab-changes').click();
  await page.getByTestId('changes-tab').waitFor();
}

it('a flow status and a campaign audience edited in Klaviyo read as sentences under Changes', async () => {
  const id = await demoSynced(stack);
  const first = await workspaceOf(stack, id);
  expect(first.lastRun?.status).toBe('ok');

  // edit the account the way a strategist would in Klaviyo, through its write API
  const ds = stack.sim.accounts[0]!.dataset;
  const all = (type: string) => [...(ds.resources.get(type)?.values() ?? [])] as SimResource[];
  const flow = all('flow').find((f) => !f.attributes.archived)!;
  const from = flow.attributes.status as string;
  const to = from === 'live' ? 'manual' : 'live';
  const patched = await simCall(stack.sim, `/api/flows/${flow.id}`, {
    method: 'PATCH',
    body: { data: { type: 'flow', id: flow.id, attributes: { status: to } } },
    retries429: 20,
  });
  expect(patched.status).toBe(200);
  const campaign = all('campaign').find((c) => !c.attributes.archived)!;
  const was = (campaign.attributes.audiences as { included: string[] }).included;
  const list = all('list').find((l) => !was.includes(l.id))!;
  const moved = await simCall(stack.sim, `/api/campaigns/${campaign.id}`, {
    method: 'PATCH',
    body: { data: { type: 'campaign', id: campaign.id, attributes: { audiences: { included: [list.id] } } } },
    retries429: 20,
  });
  expect(moved.status).toBe(200);
  const nameOf = (x: string) =>
    all('list')
      .concat(all('segment'))
      .find((r) => r.id === x)!.attributes.name as string;
  const delta = [`+${nameOf(list.id)}`, ...was.map((x) => `−${nameOf(x)}`)].join(' ');
  const flowName = flow.attributes.name as string;
  const campaignName = campaign.attributes.name as string;

  // English: sync from the screen, then read the Changes tab
  const en = await openPage(browser, stack.url);
  try {
    await en.page.getByText('Demo client').first().click();
    await en.page.getByTestId('sync-now').click();
    await syncedAfter(stack, id, first.lastRun!.runId);
    await en.page.getByTestId('tab-changes').click();
    await en.page.getByTestId('changes-tab').waitFor();
    const sentences = en.page.getByTestId('change-sentence');
    await en.page.getByText(`${flowName}: ${from} → ${to}`, { exact: true }).waitFor({ timeout: 20_000 });
    await en.page.getByText(`Campaign ‘${campaignName}’: audience ${delta}`, { exact: true }).waitFor();
    expect(await sentences.count()).toBe(2);
    await expect(en.page.getByTestId('changes-total').textContent()).resolves.toBe('2 changes');
    // the detail keeps the moved update time, marked as such
    await en.page.locator('[data-testid="change-row"][data-kind="modified"] button[aria-expanded]').first().click();
    await en.page.locator('[data-testid="change-fields"] tr[data-noise]').first().waitFor();
    await screenshot(en.page, 'changes-en-light');
    await setScheme(en.page, 'dark');
    await screenshot(en.page, 'changes-en-dark');
    await setScheme(en.page, 'light');
    expect(en.errors).toEqual([]);
  } finally {
    await en.context.close();
  }

  // Polish: the same changes in Polish words
  const pl = await openPage(browser, stack.url, { locale: 'pl-PL' });
  try {
    await openChanges(pl.page);
    await pl.page.getByText(`${flowName}: ${from} → ${to}`, { exact: true }).waitFor({ timeout: 20_000 });
    await pl.page.getByText(`Kampania ‘${campaignName}’: odbiorcy ${delta}`, { exact: true }).waitFor();
    await expect(pl.page.getByTestId('changes-total').textContent()).resolves.toBe('2 zmiany');
    await screenshot(pl.page, 'changes-pl-light');
    await setScheme(pl.page, 'dark');
    await screenshot(pl.page, 'changes-pl-dark');
    await setScheme(pl.page, 'light');
    // the campaign's drawer: its two versions, side by side
    await pl.page.getByTestId('tab-inventory').click();
    await pl.page.getByTestId('inv-tab-campaigns').click();
    await pl.page.getByTestId('inventory-search').fill(campaign.id);
    await pl.page.getByTestId('inventory-row').first().click();
    await pl.page.getByTestId('drawer-tab-versions').click();
    await pl.page.getByTestId('version-history').waitFor();
    expect(await pl.page.getByTestId('version').count()).toBe(2);
    await pl.page.getByText(`Kampania ‘${campaignName}’: odbiorcy ${delta}`, { exact: true }).waitFor();
    await screenshot(pl.page, 'changes-drawer-versions-pl-light');
    await setScheme(pl.page, 'dark');
    await screenshot(pl.page, 'changes-drawer-versions-pl-dark');
    expect(pl.errors).toEqual([]);
  } finally {
    await pl.context.close();
  }
}, 240_000);
