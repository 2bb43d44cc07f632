import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChannelOutput } from '../../../shared/contract';
import type { Desk } from '../compose';
import { testDesk } from '../test-desk';
import { generateRuns, insertRuns, type GeneratedRun } from './fixtures/year-of-runs';

const DAY_MS = 86_400_000;
const END = Date.parse('2026-12-01T00:00:00Z');
const WORKSPACES = ['acme', 'bolt', 'cora', 'dune', 'echo', 'fern'];

/** the labels a run's failures come under, read the plain way */
function labelsOf(r: GeneratedRun): string[] {
  const labels = new Set<string>();
  if (r.throttled > 0) labels.add('throttled|');
  if (r.status !== 'ok' && r.status !== 'running') {
    labels.add(`${r.errorJson ? (JSON.parse(r.errorJson) as { code: string }).code : 'cancelled'}|`);
  }
  for (const x of r.resources) {
    const scopes = JSON.parse(x.missingScopesJson) as string[];
    if (x.status === 'forbidden') for (const s of scopes) labels.add(`forbidden|${s}`);
    else labels.add(`${(JSON.parse(x.errorJson!) as { code: string }).code}|`);
  }
  return [...labels];
}

/** the figures of a set of runs, each computed the straightforward way */
function recompute(runs: GeneratedRun[]) {
  const finished = runs.filter((r) => r.status !== 'running');
  const durations = finished.map((r) => r.finishedAt! - r.startedAt);
  // p95: the smallest duration that at least 95 % of durations do not exceed
  const p95 = durations.length
    ? Math.min(...durations.filter((v) => durations.filter((x) => x <= v).length >= 0.95 * durations.length))
    : null;
  const patterns: Record<string, unknown> = {};
  for (const label of new Set(runs.flatMap(labelsOf))) {
    const hit = runs.filter((r) => labelsOf(r).includes(label));
    const hours = hit.map((r) => new Date(r.startedAt).getUTCHours());
    const [code, scope] = label.split('|') as [string, string];
    patterns[label] = {
      code,
      scope: scope || null,
      runs: hit.length,
      days: new Set(hit.map((r) => new Date(r.startedAt).toISOString().slice(0, 10))).size,
      firstAt: new Date(Math.min(...hit.map((r) => r.startedAt))).toISOString(),
      lastAt: new Date(Math.max(...hit.map((r) => r.startedAt))).toISOString(),
      hourFrom: Math.min(...hours),
      hourTo: Math.max(...hours) + 1,
    };
  }
  return {
    runs: runs.length,
    finished: finished.length,
    succeeded: runs.filter((r) => r.status === 'ok').length,
    failed: runs.filter((r) => r.status === 'failed_auth' || r.status === 'cancelled').length,
    partial: runs.filter((r) => r.status === 'partial_or_timeout').length,
    successRate: finished.length ? runs.filter((r) => r.status === 'ok').length / finished.length : null,
    avgDurationMs: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null,
    p95DurationMs: p95,
    requests: runs.reduce((a, r) => a + r.requests, 0),
    throttled: runs.reduce((a, r) => a + r.throttled, 0),
    patterns,
  };
}

type Figures = ChannelOutput<'history:analytics'>['total'];
const comparable = (f: Figures) => ({
  ...f,
  avgDurationMs: f.avgDurationMs === null ? null : Math.round(f.avgDurationMs * 1000) / 1000,
  patterns: Object.fromEntries(f.patterns.map(({ text: _t, ...p }) => [`${p.code}|${p.scope ?? ''}`, p])),
});

describe('history analytics over a generated year of runs', () => {
  let desk: Desk;
  let dir: string;
  let runs: GeneratedRun[];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analytics-'));
    desk = testDesk({ dataDir: dir, now: () => new Date(END) });
    const store = desk.core.store;
    for (const id of WORKSPACES) {
      store.workspaces.insert({ id, name: id.toUpperCase(), secretRef: `workspace:${id}`, createdAt: 1, updatedAt: 1 });
    }
    runs = generateRuns({ workspaces: WORKSPACES, days: 365, end: END, seed: 14, pushes: true });
    insertRuns(store, runs);
  }, 60_000);
  afterAll(async () => {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function analytics(input: Record<string, unknown>): Promise<ChannelOutput<'history:analytics'>> {
    const r = await desk.service.call('history:analytics', input as never);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.data as ChannelOutput<'history:analytics'>;
  }
  const round = (f: ReturnType<typeof recompute>) => ({
    ...f,
    avgDurationMs: f.avgDurationMs === null ? null : Math.round(f.avgDurationMs * 1000) / 1000,
  });

  it('equal a straightforward recomputation, across all clients and per client, inside a window', async () => {
    const from = END - 300 * DAY_MS;
    const to = END - 30 * DAY_MS;
    const inWindow = runs.filter((r) => r.startedAt >= from && r.startedAt <= to);
    expect(inWindow.length).toBeGreaterThan(2000);
    const a = await analytics({ from: new Date(from).toISOString(), to: new Date(to).toISOString() });
    expect(comparable(a.total)).toEqual(round(recompute(inWindow)));
    // pulls and pushes apart, each its own recomputation; the pushes' refused changes are among their patterns
    for (const direction of ['pull', 'push'] as const) {
      const own = inWindow.filter((r) => r.direction === direction);
      expect(own.length, direction).toBeGreaterThan(300);
      expect(comparable(a.directions[direction]), direction).toEqual(round(recompute(own)));
    }
    expect(a.directions.push.patterns.map((p) => p.code)).toEqual(expect.arrayContaining(['invalid', 'auth']));
    expect(a.directions.pull.patterns.map((p) => p.code)).not.toContain('invalid');
    expect(a.workspaces.map((w) => w.workspaceId)).toEqual(WORKSPACES);
    for (const w of a.workspaces) {
      const { workspaceId: _w, name: _n, ...f } = w;
      expect(comparable(f), w.workspaceId).toEqual(round(recompute(inWindow.filter((r) => r.workspaceId === _w))));
    }
    // the afternoon throttling shows as its hours
    const throttled = a.total.patterns.find((p) => p.code === 'throttled')!;
    expect(throttled.days).toBeGreaterThan(100);
  }, 60_000);

  it('one client over the default window (the last 30 days) equals its recomputation, in Polish words', async () => {
    const a = await analytics({ workspaceId: 'cora', lang: 'pl' });
    const recent = runs.filter((r) => r.workspaceId === 'cora' && r.startedAt >= END - 30 * DAY_MS);
    expect(comparable(a.total)).toEqual(round(recompute(recent)));
    expect(a.total.patterns.find((p) => p.code === 'throttled')?.text).toMatch(/ograniczenie zapytań \(429\)/);
  });
});
