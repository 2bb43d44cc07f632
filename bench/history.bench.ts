/**
 * History benchmarks: the history query's p95 over 60 workspaces × 365 days of runs (goal ≤ 50 ms) and the
 * analytics over the same year (goal ≤ 500 ms), both through the service as the screens and the CLI ask them.
 * The runs come from the seeded generator the analytics test checks against a plain recomputation.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateRuns, insertRuns } from '../src/main/core/history/fixtures/year-of-runs';
import { testDesk } from '../src/main/core/test-desk';
import type { BenchRow } from './types';

const DAY_MS = 86_400_000;
const END = Date.parse('2026-12-01T00:00:00Z');

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

export default async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-history-'));
  const desk = testDesk({ dataDir: dir, now: () => new Date(END) });
  try {
    const store = desk.core.store;
    const ids = Array.from({ length: 60 }, (_, i) => `client-${String(i).padStart(2, '0')}`);
    for (const id of ids) {
      store.workspaces.insert({ id, name: id, secretRef: `workspace:${id}`, createdAt: 1, updatedAt: 1 });
    }
    const runs = generateRuns({ workspaces: ids, days: 365, end: END, seed: 14 });
    insertRuns(store, runs);
    const call = async (channel: string, input: unknown) => {
      const r = await desk.service.call(channel as never, input as never);
      if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
      return r.data;
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    // what the History screen and the CLI ask: one client or all, filtered, sorted, paged
    const queries = [
      { limit: 50 },
      { workspaceId: ids[7], limit: 50 },
      { outcome: ['failure'], limit: 50 },
      { workspaceId: ids[30], outcome: ['failure', 'partial'], from: iso(END - 90 * DAY_MS), limit: 50 },
      { sortBy: 'duration', sort: 'desc', limit: 50 },
      { sortBy: 'workspace', sort: 'asc', offset: 5000, limit: 50 },
      { trigger: ['manual'], from: iso(END - 30 * DAY_MS), to: iso(END), limit: 50 },
      { resource: 'forms', limit: 50 },
    ];
    const times: number[] = [];
    for (let round = 0; round < 8; round++) {
      for (const q of queries) {
        const t0 = performance.now();
        await call('sync:runs', q);
        times.push(performance.now() - t0);
      }
    }
    const analytics: number[] = [];
    for (let round = 0; round < 5; round++) {
      const t0 = performance.now();
      await call('history:analytics', { from: iso(END - 365 * DAY_MS), to: iso(END) });
      analytics.push(performance.now() - t0);
    }
    const p95 = percentile(times, 95);
    const median = percentile(analytics, 50);
    return [
      {
        name: `history query p95 (${runs.length} runs, 60 workspaces × 365 days, ${times.length} queries)`,
        value: Math.round(p95 * 10) / 10,
        unit: 'ms',
        goal: '≤ 50 ms',
        pass: p95 <= 50,
      },
      {
        name: 'analytics over the same year, all clients (median of 5)',
        value: Math.round(median),
        unit: 'ms',
        goal: '≤ 500 ms',
        pass: median <= 500,
      },
    ];
  } finally {
    await desk.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
