import type { Browser, Page } from 'playwright-core';
import { launchChromium, openPage, screenshot, screenshotBothSchemes, setScheme } from './helpers/browser';
import { ruleRecommendations } from '../src/shared/audit/rule-recommendations';
import { ruleTitles, type RuleId } from '../src/shared/audit/rule-titles';
import { ensureWebBuild } from './helpers/build';
import { startStack, type Stack } from './helpers/stack';

/**
 * The strategist's journeys in a real Chromium, over the web bridge, against the real service, store and
 * simulator (issue 4, E7). Every screen is captured under test-artifacts/screenshots.
 */
let browser: Browser;

beforeAll(async () => {
  ensureWebBuild();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

const t0 = Date.now();
const mark = (what: string) => {
  if (process.env.E2E_TRACE) console.log(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s] ${what}`);
};

/** The screen as it is now, under test-artifacts/screenshots, with a trace line when E2E_TRACE is set. */
async function capture(page: Page, name: string) {
  mark(name);
  await screenshot(page, name);
}

async function waitForStatus(page: Page, status: string, timeout = 45_000) {
  await page.locator(`[data-testid="sync-status-card"][data-status="${status}"]`).waitFor({ timeout });
}

/**
 * Waits until all three performance cards show their fetched figures (the refresh after a sync runs in the
 * background): each either draws its chart or says it has nothing to draw.
 */
async function waitForPerformanceCharts(page: Page) {
  await page.waitForFunction(
    () => {
      const cards = [...document.querySelectorAll('[data-testid="audit-performance"] [data-state]')];
      return (
        cards.length === 3 &&
        cards.every((c) => {
          const state = c.getAttribute('data-state');
          return state === 'empty' || (state === 'chart' && c.querySelector('.recharts-surface'));
        })
      );
    },
    undefined,
    { timeout: 30_000 },
  );
}

describe('first start with the demo client', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('adds the demo client, syncs it with visible progress, browses flows and opens one', async () => {
    const { page, context, errors } = await openPage(browser, stack.url);
    try {
      // first start: nothing stored yet, one click away from a working demo
      await page.getByTestId('workspaces-empty').waitFor();
      await screenshotBothSchemes(page, 'workspaces-empty', capture);

      await page.getByTestId('add-demo').click();
      await page.getByTestId('workspace-page').waitFor();
      await expect(page.getByTestId('workspace-title').textContent()).resolves.toBe('Demo client');
      await waitForStatus(page, 'never');
      await capture(page, 'workspace-never-synced');

      // the runs tab before any run: its empty state's circle stands out from the card in both schemes
      await page.getByTestId('tab-runs').click();
      const emptyRuns = page.getByTestId('runs-empty');
      await emptyRuns.waitFor();
      for (const scheme of ['light', 'dark'] as const) {
        await setScheme(page, scheme);
        const [card, circle] = await emptyRuns.evaluate((el) => [
          getComputedStyle(el).backgroundColor,
          getComputedStyle(el.querySelector('[data-with-background]')!).backgroundColor,
        ]);
        expect(circle, scheme).not.toBe(card);
        await capture(page, `sync-runs-empty-${scheme}`);
      }
      await setScheme(page, 'light');
      await page.getByTestId('tab-overview').click();

      // slow every request down a little so the live progress is on screen long enough to see and capture
      stack.sim.setFaults([{ kind: 'latency', ms: 120 }]);
      await page.getByTestId('sync-now').click();
      const progress = page.getByTestId('sync-progress');
      await progress.waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="sync-progress-resources"] tr[data-status="running"]').first().waitFor();
      await expect(page.getByTestId('sync-eta').textContent()).resolves.toMatch(/left|Estimating/);
      await capture(page, 'workspace-sync-progress');
      stack.sim.setFaults([]);

      await waitForStatus(page, 'ok', 90_000);
      await expect(page.getByTestId('last-request-id').textContent()).resolves.toMatch(/\S{6,}/);
      await progress.waitFor({ state: 'detached' });
      await screenshotBothSchemes(page, 'workspace-overview', capture);

      // inventory: flows table, then a flow's definition as steps
      await page.getByTestId('tab-inventory').click();
      await page.getByTestId('inv-tab-flows').click();
      const firstRow = page.getByTestId('inventory-row').first();
      await firstRow.waitFor();
      expect(await page.getByTestId('inventory-row').count()).toBeGreaterThan(0);
      // Klaviyo's values are shown in the app's words, not as stored
      await expect(page.locator('.kad-pill[data-status="live"]').first().textContent()).resolves.toBe('Live');
      await capture(page, 'inventory-flows-light');
      await firstRow.click();
      await page.getByTestId('flow-steps').waitFor();
      const steps = page.getByTestId('flow-step');
      expect(await steps.count()).toBeGreaterThan(1);
      // every demo flow begins with a send, so its steps read as one
      await expect(page.getByTestId('flow-steps').textContent()).resolves.toMatch(/Send (email|SMS|push notification)/);
      await screenshotBothSchemes(page, 'flow-drawer', capture);
      await page.keyboard.press('Escape');
      await page.getByTestId('flow-steps').waitFor({ state: 'detached' });

      // campaigns with a search that narrows the table
      await page.getByTestId('inv-tab-campaigns').click();
      await page
        .locator('[data-testid="inventory-table"][data-type="campaigns"] [data-testid="inventory-row"]')
        .first()
        .waitFor();
      const before = await page.getByTestId('inventory-count').textContent();
      await capture(page, 'inventory-campaigns-light');
      // the name's own cell (a checkbox cell comes first where rows can be selected)
      const name =
        (await page.getByTestId('inventory-row').first().locator('[role=cell][data-column=name]').textContent()) ?? '';
      expect(name.trim()).not.toBe('');
      await page.getByTestId('inventory-search').fill(name);
      await page.waitForFunction((b) => {
        const c = document.querySelector('[data-testid="inventory-count"]')?.textContent ?? '';
        return c !== b && /\d/.test(c);
      }, before);
      await page.getByTestId('inventory-row').first().waitFor();
      const shown = await page.getByTestId('inventory-row').allTextContents();
      expect(shown.length).toBeGreaterThan(0);
      for (const text of shown) expect(text).toContain(name);

      // the run is in the history, with per-resource figures
      await page.getByTestId('tab-runs').click();
      const run = page.locator('[data-testid="run-row"][data-status="ok"]').first();
      await run.waitFor();
      await run.click();
      await page.getByTestId('run-resources').waitFor();
      await expect(
        page.locator('[data-testid="run-resources"] [data-status="ok"]').first().textContent(),
      ).resolves.toBe('Done');
      await screenshotBothSchemes(page, 'sync-runs', capture);

      // the audit tab draws the performance figures the rules read, each with its age
      await page.getByTestId('tab-audit').click();
      const perf = page.getByTestId('audit-performance');
      await perf.waitFor();
      await waitForPerformanceCharts(page);
      await expect(perf.textContent()).resolves.toMatch(/Figures as of/);
      // a small account: revenue cards with nothing attributed say so, and its few events a day are summed by week
      for (const card of await perf.locator('[data-state="empty"]').all())
        await expect(card.textContent()).resolves.toMatch(/No attributed revenue|No trigger-metric events/);
      const volume = page.getByTestId('perf-metricVolume');
      await expect(volume.getAttribute('data-unit')).resolves.toBe('week');
      await expect(volume.textContent()).resolves.toContain('Trigger metrics per week');
      // the tooltip names the week it sums, not a bare tick
      const plot = volume.locator('.recharts-surface');
      const box = (await plot.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
      await expect
        .poll(() => volume.locator('.recharts-tooltip-wrapper').textContent())
        .toMatch(/[A-Z][a-z]{2}\s\d{1,2}\s–\s(?:[A-Z][a-z]{2}\s)?\d{1,2},\s\d{4}/);
      await page.mouse.move(0, 0);
      await screenshotBothSchemes(page, 'audit', capture);

      // the overview lists the client as ok, with its items
      await page.getByTestId('nav-workspaces').click();
      const row = page.getByTestId('workspace-row').first();
      await row.waitFor();
      await expect(row.getByTestId('status-badge').getAttribute('data-status')).resolves.toBe('ok');
      await screenshotBothSchemes(page, 'workspaces-overview', capture);

      await page.getByTestId('nav-settings').click();
      await page.getByTestId('setting-datadir').waitFor();
      await page.getByTestId('datadir-change').click();
      await page.getByTestId('datadir-input').fill(`${stack.dataDir}/moved`);
      await page.getByTestId('datadir-save').click();
      await page.getByTestId('restart-required').waitFor();
      await expect(page.getByTestId('setting-datadir').textContent()).resolves.toBe(`${stack.dataDir}/moved`);
      await screenshotBothSchemes(page, 'settings', capture);

      // Polish: every label comes from the catalogue, numbers and dates follow the locale
      await page.getByTestId('setting-language').click();
      await page.getByRole('option', { name: 'Polski' }).click();
      await expect.poll(() => page.getByTestId('nav-settings').textContent()).toBe('Ustawienia');
      await capture(page, 'settings-pl');
      await page.getByTestId('nav-workspaces').click();
      await page.getByTestId('workspace-row').first().waitFor();
      await expect(page.getByTestId('workspaces-table').textContent()).resolves.toContain('Klient');
      // the worst finding is named in Polish in the overview too, not only inside the Audit tab
      const worstPl = page.getByTestId('audit-worst').first();
      await expect.poll(() => worstPl.textContent()).toMatch(/^Najgorsze: \w+ /);
      const worstId = /^Najgorsze: (\w+) /.exec((await worstPl.textContent()) ?? '')![1] as RuleId;
      await expect(worstPl.textContent()).resolves.toBe(`Najgorsze: ${worstId} ${ruleTitles.pl[worstId]}`);
      await capture(page, 'workspaces-overview-pl');
      await page.getByTestId('workspace-row').first().click();
      await page.getByTestId('tab-runs').click();
      await page.getByTestId('run-row').first().click();
      await page.getByTestId('run-resources').waitFor();
      await capture(page, 'sync-runs-pl');
      await page.getByTestId('tab-inventory').click();
      await page.getByTestId('inv-tab-flows').click();
      await page.getByTestId('inventory-row').first().click();
      const stepsPl = page.getByTestId('flow-steps');
      await stepsPl.waitFor();
      await expect(stepsPl.textContent()).resolves.toMatch(/Wyślij (e-mail|SMS|powiadomienie push)/);
      await expect(stepsPl.textContent()).resolves.not.toMatch(/\b(Send|Wait)\b/);
      await capture(page, 'flow-drawer-pl');
      await page.keyboard.press('Escape');
      await stepsPl.waitFor({ state: 'detached' });
      await page.getByTestId('tab-audit').click();
      await waitForPerformanceCharts(page);
      // the performance row whole, legends included: English shows the top of the tab already
      await page.getByTestId('audit-performance').evaluate((el) => el.scrollIntoView({ block: 'center' }));
      const volumePl = page.getByTestId('perf-metricVolume');
      await expect(volumePl.textContent()).resolves.toContain('tygodniowo');
      // a Polish week range in the tooltip ("7–13 wrz 2026", "31 sie – 6 wrz 2026"), left open for the screenshot
      const plotPl = (await volumePl.locator('.recharts-surface').boundingBox())!;
      await page.mouse.move(plotPl.x + plotPl.width / 2, plotPl.y + plotPl.height / 3);
      await expect
        .poll(() => volumePl.locator('.recharts-tooltip-wrapper').textContent())
        .toMatch(/\d{1,2}(\s\S+)?\s?–\s?\d{1,2}\s\S+\s\d{4}/);
      await expect(page.getByTestId('audit-performance').textContent()).resolves.not.toMatch(
        /Figures as of|No attributed revenue|per (day|week)/,
      );
      // finding titles in Polish, and their one-line summaries too: none of the service's English sentences shows
      const findingPl = page.locator('[data-testid^="finding-"]').first();
      const findingId = (await findingPl.getAttribute('data-testid'))!.replace('finding-', '') as RuleId;
      await expect(findingPl.textContent()).resolves.toContain(ruleTitles.pl[findingId]);
      const workspaces = (await stack.call('workspaces:list', {})) as { data: { id: string }[] };
      const served = (await stack.call('audit:get', { workspaceId: workspaces.data[0]!.id })) as {
        data: { findings: { ruleId: string; summary: string }[] };
      };
      const english = served.data.findings.map((f) => f.summary);
      const englishOf = (ruleId: string) => served.data.findings.find((f) => f.ruleId === ruleId)!.summary;
      const summariesPl = await page.getByTestId('audit-finding-summary').allTextContents();
      expect(summariesPl.length).toBeGreaterThan(0);
      expect(summariesPl.filter((s) => english.includes(s))).toEqual([]);
      const firstSummaryPl = (await findingPl.getByTestId('audit-finding-summary').textContent()) ?? '';
      expect(firstSummaryPl).not.toBe(englishOf(findingId));
      expect(firstSummaryPl.length).toBeGreaterThan(5);
      await capture(page, 'audit-pl');
      // the evidence drawer: title and recommendation in Polish as well
      await findingPl.click();
      const drawerPl = page.getByTestId('finding-drawer');
      await drawerPl.waitFor();
      await expect(drawerPl.textContent()).resolves.toContain(ruleRecommendations.pl[findingId]);
      await expect(drawerPl.getByTestId('audit-drawer-summary').textContent()).resolves.toBe(firstSummaryPl);
      await expect(page.getByRole('dialog').filter({ has: drawerPl }).textContent()).resolves.toContain(
        ruleTitles.pl[findingId],
      );
      await capture(page, 'audit-finding-pl');
      await page.keyboard.press('Escape');
      await drawerPl.waitFor({ state: 'detached' });

      // the manual checks speak Polish too, their choices included
      await page.getByTestId('audit-answers').click();
      const spf = page.getByTestId('answer-spf');
      await spf.waitFor();
      await expect.poll(() => spf.inputValue()).toMatch(/^(Poprawny|Błędny|Nie sprawdzono)$/);
      await spf.click();
      await expect(page.getByRole('option').allTextContents()).resolves.toEqual([
        'Poprawny',
        'Błędny',
        'Nie sprawdzono',
      ]);
      await capture(page, 'audit-answers-pl');
      await page.keyboard.press('Escape');
      await page.keyboard.press('Escape');
      await spf.waitFor({ state: 'detached' });

      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('keys that do not work', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a bad key gets a clear error and nothing is stored', async () => {
    const { page, context } = await openPage(browser, stack.url);
    try {
      await page.getByTestId('workspaces-empty').waitFor();
      await page.getByTestId('add-workspace').click();
      await page.getByTestId('add-name').fill('Acme Outdoor');
      await page.getByTestId('add-key').fill(stack.sim.keys.invalid!);
      await page.getByTestId('add-advanced').click();
      await page.getByTestId('add-base-url').fill(stack.sim.baseUrl);
      await page.getByTestId('check-key').click();
      const error = page.getByTestId('add-error');
      await error.waitFor();
      const text = (await error.textContent()) ?? '';
      expect(text).toMatch(/key/i);
      expect(text).toMatch(/Request ID/);
      expect(text).not.toContain(stack.sim.keys.invalid!);
      await capture(page, 'add-client-bad-key');
      await page.keyboard.press('Escape');
      // nothing stored: the service still has no workspace and the page still shows the first-start state
      const list = await stack.call('workspaces:list', { includeArchived: true });
      expect(list).toEqual({ ok: true, data: [] });
      await page.getByTestId('workspaces-empty').waitFor();
    } finally {
      await context.close();
    }
  });

  it('a good key shows its account and scopes, then is stored', async () => {
    const { page, context, errors } = await openPage(browser, stack.url);
    try {
      await page.getByTestId('add-workspace').first().click();
      await page.getByTestId('add-name').fill('Bałtyk Kosmetyki');
      await page.getByTestId('add-key').fill(stack.sim.keys.full!);
      await page.getByTestId('add-advanced').click();
      await page.getByTestId('add-base-url').fill(stack.sim.baseUrl);
      await page.getByTestId('check-key').click();
      await page.getByTestId('key-check').waitFor();
      await expect(page.getByTestId('key-account').textContent()).resolves.toBe(stack.sim.accounts[0]!.name);
      await capture(page, 'add-client-key-checked');
      await page.getByTestId('confirm-add').click();
      await page.getByTestId('workspace-page').waitFor();
      await expect(page.getByTestId('workspace-title').textContent()).resolves.toBe('Bałtyk Kosmetyki');
      await waitForStatus(page, 'never');
      const list = await stack.call('workspaces:list', {});
      expect(list.ok && (list.data as { name: string }[]).map((w) => w.name)).toEqual(['Bałtyk Kosmetyki']);
      // the key never comes back to the page
      expect(JSON.stringify(list)).not.toContain(stack.sim.keys.full!);
      await page.getByTestId('nav-workspaces').click();
      const row = page.getByTestId('workspace-row').first();
      // rename
      await row.getByTestId('workspace-menu').click();
      await page.getByTestId('menu-rename').click();
      await page.getByTestId('rename-input').fill('Bałtyk Kosmetyki PL');
      await page.getByTestId('rename-save').click();
      await expect.poll(() => row.textContent()).toContain('Bałtyk Kosmetyki PL');
      // archive hides it from the overview until "show archived"; restore brings it back
      await row.getByTestId('workspace-menu').click();
      await page.getByTestId('menu-archive').click();
      await page.getByTestId('workspace-row').waitFor({ state: 'detached' });
      await page.getByTestId('show-archived').check();
      await page.getByTestId('workspace-row').first().waitFor();
      await expect(page.getByTestId('workspace-row').first().textContent()).resolves.toContain('Archived');
      await capture(page, 'workspaces-archived');
      await page.getByTestId('workspace-row').first().getByTestId('workspace-menu').click();
      await page.getByTestId('menu-archive').click();
      await expect
        .poll(async () => JSON.stringify(await stack.call('workspaces:list', {})))
        .toContain('"archived":false');
      await page.getByTestId('show-archived').uncheck();
      await row.getByTestId('workspace-menu').click();
      await page.getByTestId('menu-remove').click();
      // the remove button stays disabled until the name is typed
      await expect(page.getByTestId('remove-confirm').isDisabled()).resolves.toBe(true);
      await page.getByTestId('remove-confirm-input').fill('Bałtyk Kosmetyki PL');
      await capture(page, 'remove-client-confirm');
      await page.getByTestId('remove-confirm').click();
      await page.getByTestId('workspaces-empty').waitFor();
      expect(await stack.call('workspaces:list', { includeArchived: true })).toEqual({ ok: true, data: [] });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a revoked key ends the next sync in failed_auth, explained, with Retry', async () => {
    const { page, context, errors } = await openPage(browser, stack.url);
    try {
      // the demo client runs on the simulator's full-access key: revoking that key is the client revoking ours
      await page.getByTestId('add-demo').click();
      await page.getByTestId('workspace-page').waitFor();
      await page.getByTestId('sync-now').click();
      await waitForStatus(page, 'ok');

      stack.sim.revokeKey(stack.sim.keys.full!);
      await page.getByTestId('sync-now').click();
      await waitForStatus(page, 'failed_auth');
      const card = page.getByTestId('sync-status-card');
      await card.getByTestId('retry-sync').waitFor();
      await expect(card.getByTestId('sync-explain').textContent()).resolves.toMatch(/rejected the API key/);
      expect((await card.textContent()) ?? '').not.toContain(stack.sim.keys.full!);
      await expect(page.getByTestId('last-request-id').textContent()).resolves.toMatch(/\S{6,}/);
      await screenshotBothSchemes(page, 'workspace-failed-auth', capture);

      // the inventory from the good sync is still there (failed_auth writes nothing)
      await page.getByTestId('tab-inventory').click();
      await page.getByTestId('inventory-row').first().waitFor();
      await page.getByTestId('tab-overview').click();

      // Retry starts a new run; the key is still revoked, so it ends in failed_auth again
      await card.getByTestId('retry-sync').click();
      await expect
        .poll(
          async () => {
            const r = await stack.call('sync:runs', { limit: 10 });
            return r.ok
              ? (r.data as { items: { status: string; trigger: string }[] }).items.map(
                  (x) => `${x.trigger}:${x.status}`,
                )
              : [];
          },
          { timeout: 30_000 },
        )
        .toEqual(['retry:failed_auth', 'manual:failed_auth', 'manual:ok']);
      await waitForStatus(page, 'failed_auth');

      await page.getByTestId('nav-workspaces').click();
      const row = page.getByTestId('workspace-row').first();
      await expect(row.getByTestId('status-badge').getAttribute('data-status')).resolves.toBe('failed_auth');
      await capture(page, 'workspaces-attention');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
