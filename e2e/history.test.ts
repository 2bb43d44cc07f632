import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { simCall } from '../src/sim/testing';
import type { SimResource } from '../src/sim/types';
import type { SyncRun } from '../src/shared/contract/sync';
import type { Workspace } from '../src/shared/contract/workspaces';
import { openPage, screenshotBothSchemes } from './helpers/browser';
import type { Stack } from './helpers/stack';
import { useBrowserAndStack } from './helpers/suite';

/**
 * The History screen (PRODUCT C4) over real syncs of two clients on two simulated accounts: each has good runs and
 * a failure, one also a partial run after an edit in Klaviyo. Filtered to one client's failures, a run opens with
 * its error in words and what it changed; the CSV download holds the screen's rows; in English and Polish.
 */
let browser: Browser;
let stack: Stack;
useBrowserAndStack(
  (b, s) => {
    browser = b;
    stack = s;
  },
  {
    accounts: [
      { id: 'acct-demo', name: 'Demo account', size: 'tiny', seed: 11 },
      { id: 'acct-baltyk', name: 'Bałtyk account', size: 'tiny', seed: 12 },
    ],
  },
);

async function sync(workspaceId: string, trigger: 'manual' | 'daily' = 'manual'): Promise<SyncRun> {
  const { runId } = await stack.data<{ runId: string }>('sync:start', { workspaceId, trigger });
  for (let i = 0; i < 600; i++) {
    const run = await stack.data<SyncRun>('sync:run', { runId });
    if (run.status !== 'running') return run;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('sync did not finish');
}

/** A CSV line's cells (quotes and commas inside quotes kept). */
function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"';
      i++;
    } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

async function rowIds(page: Page): Promise<string[]> {
  return page.getByTestId('history-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-run') ?? ''));
}

/** Picks the client and the outcomes on the filter bar, the way a person does. */
async function filterTo(page: Page, client: string, outcomes: string[]) {
  await page.getByTestId('history-filter-client').click();
  await page.getByRole('option', { name: client }).click();
  const bar = page.getByTestId('history-filters');
  for (const o of outcomes) await bar.getByText(o, { exact: true }).click();
}

/** Clicks "Export CSV" and returns the downloaded file's lines, without the byte-order mark. */
async function downloadCsv(page: Page): Promise<string[]> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('history-export').click()]);
  const file = await download.path();
  return fs
    .readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split(/\r?\n/);
}

it('History: one client’s failures, a run opened with its errors and changes, the CSV equal to the rows (en, pl)', async () => {
  const demo = (await stack.data<{ workspace: Workspace }>('demo:create', {})).workspace;
  const baltyk = (
    await stack.data<{ workspace: Workspace }>('workspaces:add', {
      name: 'Bałtyk Kosmetyki',
      apiKey: stack.sim.account('acct-baltyk').keys.full,
      baseUrl: stack.sim.baseUrl,
      timeScale: 60,
    })
  ).workspace;

  expect((await sync(demo.id)).status).toBe('ok');
  expect((await sync(baltyk.id, 'daily')).status).toBe('ok');

  // a strategist pauses a flow in Klaviyo; the next sync of the demo client loses its templates to a 500
  const ds = stack.sim.account('acct-demo').dataset;
  const flow = ([...(ds.resources.get('flow')?.values() ?? [])] as SimResource[]).find((f) => !f.attributes.archived)!;
  const before = flow.attributes.status as string;
  const after = before === 'live' ? 'manual' : 'live';
  const patched = await simCall(stack.sim, `/api/flows/${flow.id}`, {
    method: 'PATCH',
    body: { data: { type: 'flow', id: flow.id, attributes: { status: after } } },
    retries429: 20,
  });
  expect(patched.status).toBe(200);
  stack.sim.setFaults([{ kind: 'server-error', operations: ['get_templates'], status: 500, accounts: ['acct-demo'] }]);
  const partial = await sync(demo.id);
  expect(partial.status).toBe('partial_or_timeout');

  // both clients' keys are revoked next: each client has one failed run
  stack.sim.setFaults([{ kind: 'revoke-key', accounts: ['acct-baltyk'] }]);
  expect((await sync(baltyk.id)).status).toBe('failed_auth');
  stack.sim.setFaults([{ kind: 'revoke-key', accounts: ['acct-demo'] }]);
  const failed = await sync(demo.id);
  expect(failed.status).toBe('failed_auth');
  stack.sim.setFaults([]);
  const flowName = flow.attributes.name as string;

  const en = await openPage(browser, stack.url);
  try {
    const { page } = en;
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-table').waitFor();
    await expect.poll(() => page.getByTestId('history-row').count()).toBe(5);
    // the daily schedule is worded, not shown as its key
    await page
      .locator(`[data-testid="history-row"][data-workspace="${baltyk.id}"]`)
      .getByText('Daily schedule')
      .waitFor();
    // the health report above: both clients need attention, each with the service's words for it
    const health = page.getByTestId('history-health');
    await expect(health.getByTestId('history-health-state').getAttribute('data-state')).resolves.toBe('attention');
    const report = await stack.data<{ items: { name: string; recommendations: { kind: string; text: string }[] }[] }>(
      'health:get',
      { lang: 'en' },
    );
    const advised = report.items.flatMap((h) => h.recommendations.map((r) => r.text)).sort();
    expect(report.items.filter((h) => h.recommendations.some((r) => r.kind === 'key_rejected'))).toHaveLength(2);
    await expect
      .poll(async () => (await health.getByTestId('health-recommendation').allTextContents()).sort())
      .toEqual(advised);
    await screenshotBothSchemes(page, 'history-all-en');

    // one client's failures: only the demo client's failed run, not Bałtyk's
    await filterTo(page, 'Demo client', ['Failed']);
    await expect.poll(() => rowIds(page)).toEqual([failed.id]);
    // the health report follows the client filter
    await expect
      .poll(() => page.getByTestId('health-client').allTextContents())
      .toEqual([expect.stringContaining('Demo client')]);
    await screenshotBothSchemes(page, 'history-failures-en');

    // the run opened: its error in words, the reference to copy, and that it changed nothing
    await page.getByTestId('history-row').first().click();
    const drawer = page.getByTestId('run-drawer');
    await expect(drawer.getAttribute('data-run')).resolves.toBe(failed.id);
    const error = drawer.getByTestId('run-error');
    await expect(error.getAttribute('data-code')).resolves.toBe('auth');
    await expect(error.textContent()).resolves.toContain('Klaviyo rejected the API key');
    await expect(error.getByTestId('run-error-message').textContent()).resolves.toBe(failed.error!.message);
    await expect(error.getByTestId('run-error-request-id').textContent()).resolves.toBe(failed.error!.requestId);
    await expect(drawer.getByTestId('run-request-id').textContent()).resolves.toBe(failed.requestId);
    const changes = drawer.getByTestId('run-changes');
    await expect(changes.getAttribute('data-state')).resolves.toBe('failed');
    await expect(changes.textContent()).resolves.toContain('a sync that fails keeps the inventory exactly as it was');
    await screenshotBothSchemes(page, 'history-run-failed-en');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // with the partial runs too: the partial one names its failed resource and reads the flow's change
    await page.getByTestId('history-filters').getByText('Partial', { exact: true }).click();
    await expect.poll(() => rowIds(page)).toEqual([failed.id, partial.id]);
    await page.locator(`[data-testid="history-row"][data-run="${partial.id}"]`).click();
    await expect(drawer.getAttribute('data-run')).resolves.toBe(partial.id);
    const resourceError = drawer.getByTestId('run-resource-error').filter({ hasText: 'Templates' });
    await expect(resourceError.textContent()).resolves.toContain('Klaviyo had a server error');
    await expect(drawer.getByTestId('run-changes').getAttribute('data-state')).resolves.toBe('changes');
    await drawer
      .getByTestId('change-sentence')
      .getByText(`${flowName}: ${before} → ${after}`, { exact: true })
      .waitFor();
    // requests per Klaviyo operation, per resource
    await expect(drawer.getByTestId('run-resource-calls').first().textContent()).resolves.toMatch(/× \d/);
    await screenshotBothSchemes(page, 'history-run-partial-en');
    await drawer.getByTestId('run-changes').scrollIntoViewIfNeeded();
    await screenshotBothSchemes(page, 'history-run-partial-changes-en');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // the CSV of this selection: the screen's rows, in the screen's order, in words
    const lines = await downloadCsv(page);
    expect(cells(lines[0]!).slice(0, 5)).toEqual(['Run', 'Client', 'Direction', 'Started by', 'Outcome']);
    const rows = lines.slice(1).map(cells);
    expect(rows.map((r) => r[0])).toEqual(await rowIds(page));
    expect(rows.map((r) => `${r[1]}|${r[4]}`)).toEqual(['Demo client|Failed', 'Demo client|Partial']);

    // sorted by requests, most first (not the order by start): the screen and the CSV follow
    await page.getByTestId('history-sort-requests').click();
    const requests = (r: SyncRun) => r.resources.reduce((n, x) => n + x.requests, 0);
    expect(requests(partial)).toBeGreaterThan(requests(failed));
    await expect.poll(() => rowIds(page)).toEqual([partial.id, failed.id]);
    expect((await downloadCsv(page)).slice(1).map((l) => cells(l)[0])).toEqual([partial.id, failed.id]);

    // the settings show what the history keeps: the data folder's size, the snapshots and the oldest of them
    await page.getByTestId('nav-settings').click();
    const size = page.getByTestId('settings-folder-size');
    await expect.poll(async () => Number(await size.getAttribute('data-bytes'))).toBeGreaterThan(100_000);
    await expect(size.textContent()).resolves.toMatch(/^[\d.,]+ (kB|MB|GB)$/);
    const storage = await stack.data<{ oldestSnapshotAt: string; snapshots: number }>('history:storage', {});
    expect(storage.snapshots).toBeGreaterThan(0);
    await expect(page.getByTestId('settings-oldest-snapshot').getAttribute('data-at')).resolves.toBe(
      storage.oldestSnapshotAt,
    );
    await expect(page.getByTestId('retention-days').inputValue()).resolves.toBe('180');
    await page.getByTestId('settings-history').scrollIntoViewIfNeeded();
    await screenshotBothSchemes(page, 'settings-history-en');
    expect(en.errors).toEqual([]);
  } finally {
    await en.context.close();
  }

  const pl = await openPage(browser, stack.url, { locale: 'pl-PL' });
  try {
    const { page } = pl;
    await page.getByTestId('nav-history').click();
    await page.getByTestId('history-table').waitFor();
    await filterTo(page, 'Demo client', ['Nieudana']);
    await expect.poll(() => rowIds(page)).toEqual([failed.id]);
    await screenshotBothSchemes(page, 'history-failures-pl');
    await page.getByTestId('history-row').first().click();
    const drawer = page.getByTestId('run-drawer');
    await expect(drawer.getByTestId('run-error').textContent()).resolves.toContain('Klaviyo odrzuciło klucz API');
    // each resource's error in words, not the bare code
    const resourceErrors = (await drawer.getByTestId('run-resource-error-cell').allTextContents()).filter(Boolean);
    expect(resourceErrors.length).toBeGreaterThan(0);
    for (const text of resourceErrors) expect(text).toMatch(/^Klaviyo odrzuciło klucz API/);
    await expect(drawer.getByTestId('run-changes').textContent()).resolves.toContain(
      'nieudana synchronizacja zostawia dane dokładnie takie',
    );
    await screenshotBothSchemes(page, 'history-run-failed-pl');
    await page.keyboard.press('Escape');
    await page.getByTestId('history-filters').getByText('Częściowa', { exact: true }).click();
    await expect.poll(() => rowIds(page)).toEqual([failed.id, partial.id]);
    await page.locator(`[data-testid="history-row"][data-run="${partial.id}"]`).click();
    await drawer
      .getByTestId('change-sentence')
      .getByText(`${flowName}: ${before} → ${after}`, { exact: true })
      .waitFor();
    await expect(
      drawer.getByTestId('run-resource-error').filter({ hasText: 'Szablony' }).textContent(),
    ).resolves.toContain('Błąd serwera Klaviyo');
    await screenshotBothSchemes(page, 'history-run-partial-pl');
    await drawer.getByTestId('run-changes').scrollIntoViewIfNeeded();
    await screenshotBothSchemes(page, 'history-run-partial-changes-pl');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    const lines = await downloadCsv(page);
    expect(cells(lines[0]!).slice(0, 5)).toEqual([
      'Synchronizacja',
      'Klient',
      'Kierunek',
      'Uruchomiona przez',
      'Wynik',
    ]);
    expect(lines.slice(1).map((l) => cells(l)[0])).toEqual(await rowIds(page));
    expect(lines.slice(1).map((l) => cells(l)[4])).toEqual(['Nieudana', 'Częściowa']);
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('settings-history').textContent()).resolves.toContain(
      'Najstarsza przechowywana migawka',
    );
    await page.getByTestId('settings-history').scrollIntoViewIfNeeded();
    await screenshotBothSchemes(page, 'settings-history-pl');
    expect(pl.errors).toEqual([]);
  } finally {
    await pl.context.close();
  }
}, 300_000);
