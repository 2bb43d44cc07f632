import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type StoreDatabase } from '../store';
import { workspaces } from '../store/schema/workspaces';
import { startSimulator } from '../../../sim/index';
import type { Simulator } from '../../../sim/types';
import { ruleWeight } from '../audit';
import { baseFixture, IDS } from '../audit/fixtures/accounts';
import { budgetDay, createBudgetLedger } from './ledger';
import { refreshPerformance, type RefreshOptions } from './refresh';
import { loadFigures } from './store';

const SCALE = 1000;
const DAY_LEN = 86_400_000 / SCALE; // one simulated day in ms of clock time
const REPORT_OPS = new Set([
  'query_campaign_values',
  'query_flow_values',
  'query_flow_series',
  'query_form_values',
  'query_form_series',
  'query_segment_values',
  'query_segment_series',
]);

describe('reporting budget across runs (A7)', () => {
  let dir: string;
  let store: StoreDatabase;
  let sim: Simulator;
  let offset = 0;
  const clock = () => Date.now() + offset;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reporting-'));
    store = openDatabase(path.join(dir, 'db.sqlite'));
    // start at the beginning of a simulated day; offsets stay whole minutes so both sides' windows line up
    const toBoundary = DAY_LEN - (Date.now() % DAY_LEN);
    offset = Math.ceil(toBoundary / 60) * 60;
    const fx = baseFixture(clock());
    sim = await startSimulator({
      timeScale: SCALE,
      now: clock,
      accounts: [{ id: IDS.account, fixture: { id: IDS.account, resources: fx.resources } }],
    });
    for (const id of ['w1', 'w2'])
      store.db
        .insert(workspaces)
        .values({ id, name: id, secretRef: `ref-${id}`, createdAt: 0, updatedAt: 0 })
        .run();
  });
  afterAll(async () => {
    await sim.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const opts = (workspaceId: string, extra: Partial<RefreshOptions> = {}): RefreshOptions => ({
    db: store.db,
    workspaceId,
    accountKey: IDS.account,
    baseUrl: sim.baseUrl,
    apiKey: sim.keys.full!,
    requestId: `req-${workspaceId}-${Math.random()}`,
    timeScale: SCALE,
    now: clock,
    metrics: [...sim.accounts[0]!.dataset.resources.get('metric')!.values()].map((m) => ({
      id: m.id,
      name: String(m.attributes.name),
    })),
    resourceUsable: () => true,
    ruleWeight,
    ...extra,
  });
  const reportCallsSeen = () =>
    sim.requestLog.entries().filter((e) => e.operationId && REPORT_OPS.has(e.operationId) && e.status !== 429).length;
  const dailyRefusals = () =>
    sim.requestLog.entries().filter((e) => e.operationId && REPORT_OPS.has(e.operationId) && e.status === 429).length;

  it('fetches what the rules need, stores figures with their fetched-at, and skips fresh figures next time', async () => {
    const r = await refreshPerformance(opts('w1'));
    expect(r.errors).toEqual([]);
    expect(r.fetched.sort()).toEqual(
      [
        'campaignValues30',
        'campaignValues90',
        'flowSeries',
        'flowValues30',
        'flowValues90',
        'formValues30',
        'metricDaily',
        'segmentValues',
      ].sort(),
    );
    expect(r.spent).toBe(7);
    const figures = loadFigures(store.db, 'w1');
    expect(figures.flowValues30!.byId[IDS.flows.welcome]!.recipients).toBe(3000);
    expect(figures.metricDaily!.byName['Started Checkout']!.at(-1)).toBe(120);
    expect(figures.flowSeries!.dates.length).toBe(56);
    expect(figures.flowValues30!.fetchedAt).toBeLessThanOrEqual(clock());
    const again = await refreshPerformance(opts('w1'));
    expect(again.spent).toBe(0);
    expect(again.skipped.filter((s) => s.reason === 'fresh').length).toBe(8);
  });

  it('never spends more than the day’s budget across many runs and workspaces of one account, then resumes the next day', async () => {
    const ledger = createBudgetLedger(store.db, IDS.account, { now: clock, timeScale: SCALE });
    const day = budgetDay(clock(), SCALE);
    const seenBefore = reportCallsSeen();
    const spentBefore = ledger.spentToday();
    expect(spentBefore).toBe(7);
    let runs = 0;
    let lastSpent = -1;
    // two workspaces on the same account keep forcing full refreshes until the shared budget is gone
    while (lastSpent !== 0 && runs < 60) {
      const r = await refreshPerformance(opts(runs % 2 ? 'w2' : 'w1', { force: true }));
      lastSpent = r.spent;
      runs++;
      expect(r.budgetLeft).toBe(ledger.remaining());
    }
    expect(budgetDay(clock(), SCALE)).toBe(day); // all of it happened on one simulated day
    expect(runs).toBeGreaterThan(20);
    const spent = ledger.spentToday();
    expect(spent).toBeLessThanOrEqual(225);
    expect(spent).toBeGreaterThan(215);
    // the ledger matches what reached the simulator, and the simulator never had to refuse a call
    expect(reportCallsSeen() - seenBefore).toBe(spent - spentBefore);
    expect(reportCallsSeen()).toBeLessThanOrEqual(225);
    expect(dailyRefusals()).toBe(0);
    // the exhausted run made no reporting call at all and says why
    const exhausted = await refreshPerformance(opts('w1', { force: true }));
    expect(exhausted.spent).toBe(0);
    expect(exhausted.skipped.some((s) => s.reason === 'daily reporting budget used up')).toBe(true);
    // figures stay available with their age
    expect(loadFigures(store.db, 'w1').campaignValues90).not.toBeNull();

    offset += DAY_LEN; // next simulated day
    const nextDay = await refreshPerformance(opts('w1', { force: true }));
    expect(nextDay.spent).toBe(7);
    expect(ledger.spentToday()).toBe(7);
  });

  it('stops for the day when the server says its cap is spent by someone else', async () => {
    offset += DAY_LEN;
    // the simulator answers like an account whose daily cap another tool has already spent: 429 with a
    // Retry-After until the day ends
    sim.setFaults([
      {
        kind: 'rate-limit-storm',
        operations: ['query_campaign_values', 'query_flow_values', 'query_flow_series'],
        retryAfterSeconds: 86_400,
      },
    ]);
    const r = await refreshPerformance(opts('w2', { force: true }));
    sim.setFaults([]);
    expect(r.errors.some((e) => e.code === 'throttled')).toBe(true);
    const ledger = createBudgetLedger(store.db, IDS.account, { now: clock, timeScale: SCALE });
    expect(ledger.remaining()).toBe(0);
    const after = await refreshPerformance(opts('w1', { force: true }));
    expect(after.spent).toBe(0);
  });
});
