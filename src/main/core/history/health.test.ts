import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelOutput } from '../../../shared/contract';
import type { Desk } from '../compose';
import { createBudgetLedger } from '../performance';
import type { NewSyncRunRow, Store } from '../store';
import { testDesk } from '../test-desk';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');
const dayAt = (daysAgo: number, hour: number) => Date.parse('2026-12-01T00:00:00Z') - daysAgo * DAY_MS + hour * HOUR_MS;

type Run = Partial<NewSyncRunRow> & {
  startedAt: number;
  durationMs?: number;
  forbidden?: string[];
};

/**
 * A healthy client: a complete daily sync at 06:00 for 60 days, about a minute each. The near misses that must not
 * fire are in it too: a key refused once and accepted again, a scope missing on one old run, durations up by
 * 1.9×, the reporting budget used up on two of the last seven days.
 */
function healthyRuns(): Run[] {
  const runs: Run[] = [];
  for (let d = 59; d >= 0; d--) runs.push({ startedAt: dayAt(d, 6), durationMs: d < 30 ? 114_000 : 60_000 });
  runs[40] = { ...runs[40]!, status: 'failed_auth', errorJson: JSON.stringify({ code: 'auth' }) };
  runs[25] = { ...runs[25]!, forbidden: ['forms:read'] };
  // pushes to Klaviyo: a refused key and refused changes, each followed by a push that sent everything
  runs.push(
    { startedAt: dayAt(20, 9), direction: 'push', status: 'failed_auth', errorJson: '{"code":"auth"}' },
    { startedAt: dayAt(19, 9), direction: 'push' },
    { startedAt: dayAt(3, 9), direction: 'push', status: 'partial_or_timeout', errorJson: '{"code":"invalid"}' },
    { startedAt: dayAt(2, 9), direction: 'push' },
  );
  // the store reads them by start time; the pulls keep indices 0–59 for the scenarios below
  return runs;
}

/** the healthy client whose newest pushes to Klaviyo ended as given */
const withPushes =
  (...pushes: Run[]) =>
  () => [...healthyRuns(), ...pushes.map((p) => ({ direction: 'push' as const, ...p }))];

function write(
  store: Store,
  id: string,
  runs: Run[],
  budget: { daysAgo: number; hour: number }[],
  pausedAt: number | null = null,
) {
  store.workspaces.insert({
    id,
    name: id,
    secretRef: `workspace:${id}`,
    klaviyoAccountId: `acct-${id}`,
    createdAt: 1,
    updatedAt: 1,
  });
  runs.forEach((r, i) => {
    const { durationMs = 60_000, forbidden, ...row } = r;
    const { id: runId } = store.runs.insert({
      requestId: `${id}-${i}`,
      workspaceId: id,
      trigger: 'daily',
      status: 'ok',
      finishedAt: r.status === 'running' ? null : r.startedAt + durationMs,
      ...row,
    });
    if (forbidden) {
      store.runs.upsertResource({
        runId,
        resource: 'forms',
        status: 'forbidden',
        missingScopesJson: JSON.stringify(forbidden),
      });
    }
  });
  if (pausedAt !== null) store.outbox.pause(id, pausedAt, JSON.stringify({ code: 'auth', message: 'Rejected' }));
  for (const b of budget) {
    const ledger = createBudgetLedger(store.db, `acct-${id}`, { now: () => dayAt(b.daysAgo, b.hour) + 17 * 60_000 });
    expect(ledger.reserve(ledger.cap)).toBe(true);
  }
}

const NEAR_MISS_BUDGET = [
  { daysAgo: 1, hour: 14 },
  { daysAgo: 4, hour: 14 },
  { daysAgo: 9, hour: 14 },
  { daysAgo: 12, hour: 14 },
];

/** each scenario: the healthy client with one thing wrong, and exactly what the report must say */
const scenarios: {
  name: string;
  runs: () => Run[];
  budget?: typeof NEAR_MISS_BUDGET;
  pausedAt?: number;
  expected: unknown[];
}[] = [
  { name: 'healthy', runs: healthyRuns, expected: [] },
  {
    name: 'key-rejected',
    runs: () => [
      ...healthyRuns(),
      ...[8, 10].map((h) => ({ startedAt: dayAt(0, h), status: 'failed_auth' as const, errorJson: '{"code":"auth"}' })),
    ],
    expected: [{ kind: 'key_rejected', since: new Date(dayAt(0, 8)).toISOString() }],
  },
  {
    name: 'missing-scope',
    runs: () => healthyRuns().map((r, i) => (i >= 57 && i < 60 ? { ...r, forbidden: ['forms:read'] } : r)),
    expected: [
      { kind: 'missing_scope', scope: 'forms:read', resources: ['forms'], since: new Date(dayAt(2, 6)).toISOString() },
    ],
  },
  {
    name: 'reporting-budget',
    runs: healthyRuns,
    budget: [...NEAR_MISS_BUDGET, { daysAgo: 3, hour: 13 }, { daysAgo: 5, hour: 14 }],
    expected: [{ kind: 'reporting_budget', days: 4, hour: 14 }],
  },
  {
    name: 'duration-doubled',
    runs: () => healthyRuns().map((r, i) => (i >= 30 && i < 60 ? { ...r, durationMs: 120_000 } : r)),
    expected: [{ kind: 'duration_doubled', beforeMs: 60_000, nowMs: 120_000 }],
  },
  {
    name: 'push-failed',
    runs: withPushes(
      { startedAt: dayAt(1, 9), status: 'partial_or_timeout', errorJson: '{"code":"conflict"}' },
      { startedAt: dayAt(0, 9), status: 'partial_or_timeout', errorJson: '{"code":"invalid"}' },
    ),
    expected: [{ kind: 'push_failed', since: new Date(dayAt(1, 9)).toISOString(), runs: 2, code: 'invalid' }],
  },
  {
    // a push met the revoked key after the morning's pull: the key is refused, and the outbox is paused
    name: 'push-key-revoked',
    runs: withPushes({ startedAt: dayAt(0, 9), status: 'failed_auth', errorJson: '{"code":"auth"}' }),
    pausedAt: dayAt(0, 9) + 1_000,
    expected: [
      { kind: 'key_rejected', since: new Date(dayAt(0, 9)).toISOString() },
      { kind: 'push_paused', since: new Date(dayAt(0, 9) + 1_000).toISOString(), code: 'auth' },
    ],
  },
  {
    name: 'stale',
    runs: () => healthyRuns().map((r, i) => (i >= 57 && i < 60 ? { ...r, status: 'partial_or_timeout' as const } : r)),
    expected: [{ kind: 'stale', days: 3 }],
  },
];

describe('health report: each recommendation fires on its scenario and stays silent otherwise', () => {
  let desk: Desk;
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-'));
    desk = testDesk({ dataDir: dir, now: () => new Date(NOW) });
    for (const s of scenarios) write(desk.core.store, s.name, s.runs(), s.budget ?? NEAR_MISS_BUDGET, s.pausedAt);
  });
  afterAll(async () => {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function health(input: Record<string, unknown>): Promise<ChannelOutput<'health:get'>> {
    const r = await desk.service.call('health:get', input as never);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data as ChannelOutput<'health:get'>;
  }

  it.each(scenarios.map((s) => [s.name, s] as const))('%s', async (_name, s) => {
    const [item] = (await health({ workspaceId: s.name })).items;
    expect(item!.recommendations.map(({ text: _t, ...r }) => r)).toEqual(s.expected);
    expect(item!.state).toBe(s.expected.length ? 'attention' : 'good');
    for (const r of item!.recommendations) expect(r.text.length).toBeGreaterThan(20);
  });

  it('gives the success rate of the last 30 days, and every client at once for the overview, in Polish', async () => {
    const { items } = await health({ lang: 'pl' });
    expect(items.map((i) => i.workspaceId).sort()).toEqual(scenarios.map((s) => s.name).sort());
    const healthy = items.find((i) => i.workspaceId === 'healthy')!;
    // 30 daily runs in the window, the refused one among them (the stale client adds its last three)
    expect(healthy.successRate).toBeCloseTo(29 / 30, 10);
    // its four pushes of the last 30 days: one refused key and one with refused changes
    expect(healthy.pushSuccessRate).toBeCloseTo(2 / 4, 10);
    expect(items.find((i) => i.workspaceId === 'push-failed')!.recommendations[0]!.text).toBe(
      'Nie wszystkie zmiany dotarły do Klaviyo: 2 wysyłki od 2026-11-30 (odrzucone jako nieprawidłowe). Otwórz kolejkę zmian, popraw lub odrzuć odrzucone zmiany i wyślij ponownie.',
    );
    expect(healthy.lastCompleteAt).toBe(new Date(dayAt(0, 6) + 114_000).toISOString());
    const stale = items.find((i) => i.workspaceId === 'stale')!;
    expect(stale.successRate).toBeCloseTo(26 / 30, 10);
    expect(stale.recommendations[0]!.text).toMatch(/^Ostatnia pełna synchronizacja była 3 dni temu/);
    expect(items.find((i) => i.workspaceId === 'key-rejected')!.recommendations[0]!.text).toMatch(
      /Klaviyo odrzuca klucz API od 2026-12-01/,
    );
  });
});
