import type { AnalyticsRunRow, ResourceIssueRow } from '../store';

const HOUR_MS = 3_600_000;

/**
 * A recurring failure: runs that met the same error code (and, for a forbidden resource, the same missing scope),
 * when first and last, on how many days and in which hours of the day (UTC). `throttled` counts runs that met
 * 429s, even when they recovered: that is where the rate budget runs out.
 */
export type FailurePattern = {
  code: string;
  scope: string | null;
  runs: number;
  days: number;
  firstAt: number;
  lastAt: number;
  /** the earliest and one past the latest UTC hour of the day the runs started in */
  hourFrom: number;
  hourTo: number;
};

export type RunFigures = {
  runs: number;
  /** runs that ended (not in progress): the base of the rate and durations */
  finished: number;
  succeeded: number;
  failed: number;
  partial: number;
  /** succeeded ÷ finished, 0..1; null without a finished run */
  successRate: number | null;
  avgDurationMs: number | null;
  /** nearest rank: the smallest duration at least 95 % of the finished runs do not exceed */
  p95DurationMs: number | null;
  requests: number;
  throttled: number;
  patterns: FailurePattern[];
};

export type Analytics = {
  total: RunFigures;
  /** runs from Klaviyo (pull) and to Klaviyo (push) apart */
  byDirection: Record<'pull' | 'push', RunFigures>;
  byWorkspace: Map<string, RunFigures>;
};

type Acc = {
  runs: number;
  succeeded: number;
  failed: number;
  partial: number;
  durations: number[];
  requests: number;
  throttled: number;
  patterns: Map<string, FailurePattern & { daySet: Set<number> }>;
};

const newAcc = (): Acc => ({
  runs: 0,
  succeeded: 0,
  failed: 0,
  partial: 0,
  durations: [],
  requests: 0,
  throttled: 0,
  patterns: new Map(),
});

function codeOf(errorJson: string | null): string | null {
  if (!errorJson) return null;
  try {
    const code = (JSON.parse(errorJson) as { code?: unknown }).code;
    return typeof code === 'string' ? code : null;
  } catch {
    return 'internal';
  }
}

function scopesOf(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/** the (code, scope) pairs a run met, each once */
export function patternKeysOf(run: AnalyticsRunRow, issues: ResourceIssueRow[]): [string, string | null][] {
  const keys = new Map<string, [string, string | null]>();
  const add = (code: string, scope: string | null) => keys.set(`${code}\u0000${scope ?? ''}`, [code, scope]);
  if (run.throttled > 0) add('throttled', null);
  if (run.status !== 'ok' && run.status !== 'running') {
    const code = codeOf(run.errorJson) ?? (run.status === 'cancelled' ? 'cancelled' : null);
    if (code) add(code, null);
  }
  for (const i of issues) {
    const scopes = scopesOf(i.missingScopesJson);
    if (i.status === 'forbidden' || scopes.length) {
      if (scopes.length) for (const s of scopes) add('forbidden', s);
      else add('forbidden', null);
      continue;
    }
    const code = codeOf(i.errorJson);
    if (code) add(code, null);
  }
  return [...keys.values()];
}

function addRun(acc: Acc, run: AnalyticsRunRow, issues: ResourceIssueRow[]): void {
  acc.runs++;
  acc.requests += run.requests;
  acc.throttled += run.throttled;
  if (run.status === 'ok') acc.succeeded++;
  else if (run.status === 'partial_or_timeout') acc.partial++;
  else if (run.status !== 'running') acc.failed++;
  if (run.status !== 'running' && run.finishedAt !== null) acc.durations.push(run.finishedAt - run.startedAt);
  const day = Math.floor(run.startedAt / (24 * HOUR_MS));
  const hour = Math.floor(run.startedAt / HOUR_MS) % 24;
  for (const [code, scope] of patternKeysOf(run, issues)) {
    const k = `${code}\u0000${scope ?? ''}`;
    const p = acc.patterns.get(k);
    if (!p) {
      acc.patterns.set(k, {
        code,
        scope,
        runs: 1,
        days: 0,
        firstAt: run.startedAt,
        lastAt: run.startedAt,
        hourFrom: hour,
        hourTo: hour + 1,
        daySet: new Set([day]),
      });
      continue;
    }
    p.runs++;
    p.daySet.add(day);
    p.firstAt = Math.min(p.firstAt, run.startedAt);
    p.lastAt = Math.max(p.lastAt, run.startedAt);
    p.hourFrom = Math.min(p.hourFrom, hour);
    p.hourTo = Math.max(p.hourTo, hour + 1);
  }
}

/** nearest-rank percentile of ascending values */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function figuresOf(acc: Acc): RunFigures {
  const d = acc.durations.sort((a, b) => a - b);
  const finished = acc.succeeded + acc.failed + acc.partial;
  return {
    runs: acc.runs,
    finished,
    succeeded: acc.succeeded,
    failed: acc.failed,
    partial: acc.partial,
    successRate: finished ? acc.succeeded / finished : null,
    avgDurationMs: d.length ? d.reduce((a, b) => a + b, 0) / d.length : null,
    p95DurationMs: percentile(d, 95),
    requests: acc.requests,
    throttled: acc.throttled,
    patterns: [...acc.patterns.values()]
      .map(({ daySet, ...p }) => ({ ...p, days: daySet.size }))
      .sort((a, b) => b.runs - a.runs || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
  };
}

/**
 * PRODUCT C3: success rate, average and p95 duration, requests, 429s and failure patterns, per workspace and
 * across all of them, over whatever runs the caller read (the store selects the window).
 */
export function analyseRuns(runs: AnalyticsRunRow[], issues: ResourceIssueRow[]): Analytics {
  const issuesOf = new Map<number, ResourceIssueRow[]>();
  for (const i of issues) {
    const list = issuesOf.get(i.runId);
    if (list) list.push(i);
    else issuesOf.set(i.runId, [i]);
  }
  const total = newAcc();
  const directions = { pull: newAcc(), push: newAcc() };
  const per = new Map<string, Acc>();
  for (const r of runs) {
    const own = issuesOf.get(r.id) ?? [];
    addRun(total, r, own);
    addRun(directions[r.direction], r, own);
    let acc = per.get(r.workspaceId);
    if (!acc) per.set(r.workspaceId, (acc = newAcc()));
    addRun(acc, r, own);
  }
  return {
    total: figuresOf(total),
    byDirection: { pull: figuresOf(directions.pull), push: figuresOf(directions.push) },
    byWorkspace: new Map([...per].map(([id, acc]) => [id, figuresOf(acc)])),
  };
}
