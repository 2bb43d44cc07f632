import type { HealthRecommendationData } from '../../../shared/contract/history';
import type { AnalyticsRunRow, BudgetDayRow, ResourceIssueRow } from '../store';
import { percentile, patternKeysOf } from './analytics';

const DAY_MS = 86_400_000;
/** a workspace synced daily that has not completed a sync for longer than this needs a look */
export const STALE_AFTER_DAYS = 2;
/** the Reporting API budget ran out on at least this many of the last BUDGET_LOOKBACK_DAYS days */
export const BUDGET_EXHAUSTED_DAYS = 3;
export const BUDGET_LOOKBACK_DAYS = 7;
/** durations are compared over two windows of this many days; each needs MIN_RUNS complete runs */
export const DURATION_WINDOW_DAYS = 30;
const MIN_RUNS = 3;
/** how far back the health report reads runs: both duration windows */
export const HEALTH_LOOKBACK_DAYS = 2 * DURATION_WINDOW_DAYS;

export type HealthInput = {
  now: number;
  /** the workspace's runs (pull and push) of the last HEALTH_LOOKBACK_DAYS, oldest first */
  runs: AnalyticsRunRow[];
  issues: ResourceIssueRow[];
  lastCompleteAt: number | null;
  /** the account's reporting-budget days of the last BUDGET_LOOKBACK_DAYS */
  budgetDays: BudgetDayRow[];
  budgetCap: number;
  /** the workspace's outbox pause, when its queue of changes to Klaviyo is stopped */
  outboxPause: { pausedAt: number; errorJson: string } | null;
};

export type Health = {
  successRate: number | null;
  pushSuccessRate: number | null;
  lastCompleteAt: number | null;
  recommendations: HealthRecommendationData[];
};

const iso = (ms: number) => new Date(ms).toISOString();
const median = (values: number[]) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const isAuthFailure = (r: AnalyticsRunRow) =>
  r.status === 'failed_auth' || (r.errorJson !== null && r.errorJson.includes('"code":"auth"'));
const codeOf = (errorJson: string | null, fallback: string) => {
  try {
    const code = errorJson ? (JSON.parse(errorJson) as { code?: unknown }).code : null;
    return typeof code === 'string' ? code : fallback;
  } catch {
    return fallback;
  }
};

/** the key was refused on the newest finished run: since the first of the refusals in a row */
function keyRejected(finished: AnalyticsRunRow[]): HealthRecommendationData[] {
  let since: number | null = null;
  for (let i = finished.length - 1; i >= 0 && isAuthFailure(finished[i]!); i--) since = finished[i]!.startedAt;
  return since === null ? [] : [{ kind: 'key_rejected', since: iso(since) }];
}

/** scopes the newest finished run lacked, each since the first run in a row that lacked it */
function missingScopes(finished: AnalyticsRunRow[], issues: ResourceIssueRow[]): HealthRecommendationData[] {
  const byRun = new Map<number, ResourceIssueRow[]>();
  for (const i of issues) byRun.set(i.runId, [...(byRun.get(i.runId) ?? []), i]);
  const scopesOf = (r: AnalyticsRunRow) => {
    const out = new Map<string, string[]>();
    for (const i of byRun.get(r.id) ?? []) {
      for (const [code, scope] of patternKeysOf({ ...r, status: 'ok', throttled: 0 }, [i])) {
        if (code === 'forbidden' && scope) out.set(scope, [...(out.get(scope) ?? []), i.resource]);
      }
    }
    return out;
  };
  const newest = finished.at(-1);
  if (!newest || isAuthFailure(newest)) return [];
  const out: HealthRecommendationData[] = [];
  for (const [scope, resources] of scopesOf(newest)) {
    let since = newest.startedAt;
    for (let i = finished.length - 2; i >= 0 && scopesOf(finished[i]!).has(scope); i--) since = finished[i]!.startedAt;
    out.push({ kind: 'missing_scope', scope, resources: [...new Set(resources)].sort(), since: iso(since) });
  }
  return out.sort((a, b) => ((a as { scope: string }).scope < (b as { scope: string }).scope ? -1 : 1));
}

/**
 * the newest finished pushes did not send every change, for a reason other than a refused key (that is
 * key_rejected's): since the first of them in a row
 */
function pushFailed(pushes: AnalyticsRunRow[]): HealthRecommendationData[] {
  const newest = pushes.at(-1);
  if (!newest || newest.status === 'ok' || isAuthFailure(newest)) return [];
  let first = pushes.length - 1;
  while (first > 0 && pushes[first - 1]!.status !== 'ok' && !isAuthFailure(pushes[first - 1]!)) first--;
  return [
    {
      kind: 'push_failed',
      since: iso(pushes[first]!.startedAt),
      runs: pushes.length - first,
      code: codeOf(newest.errorJson, newest.status === 'cancelled' ? 'cancelled' : 'internal'),
    },
  ];
}

function pushPaused(pause: HealthInput['outboxPause']): HealthRecommendationData[] {
  return pause ? [{ kind: 'push_paused', since: iso(pause.pausedAt), code: codeOf(pause.errorJson, 'internal') }] : [];
}

function budgetExhausted(input: HealthInput): HealthRecommendationData[] {
  const recent = input.budgetDays.filter(
    (d) => d.spent >= input.budgetCap && d.updatedAt >= input.now - BUDGET_LOOKBACK_DAYS * DAY_MS,
  );
  if (recent.length < BUDGET_EXHAUSTED_DAYS) return [];
  const hour = median(recent.map((d) => new Date(d.updatedAt).getUTCHours()))!;
  return [{ kind: 'reporting_budget', days: recent.length, hour }];
}

function durationDoubled(finished: AnalyticsRunRow[], now: number): HealthRecommendationData[] {
  const cut = now - DURATION_WINDOW_DAYS * DAY_MS;
  const complete = finished.filter((r) => r.status === 'ok' && r.finishedAt !== null);
  const before = complete.filter((r) => r.startedAt < cut && r.startedAt >= cut - DURATION_WINDOW_DAYS * DAY_MS);
  const recent = complete.filter((r) => r.startedAt >= cut);
  if (before.length < MIN_RUNS || recent.length < MIN_RUNS) return [];
  const beforeMs = median(before.map((r) => r.finishedAt! - r.startedAt))!;
  const nowMs = median(recent.map((r) => r.finishedAt! - r.startedAt))!;
  return nowMs >= 2 * beforeMs && nowMs > 0 ? [{ kind: 'duration_doubled', beforeMs, nowMs }] : [];
}

function stale(input: HealthInput): HealthRecommendationData[] {
  if (input.lastCompleteAt === null)
    return input.runs.some((r) => r.direction === 'pull') ? [{ kind: 'stale', days: null }] : [];
  const days = Math.floor((input.now - input.lastCompleteAt) / DAY_MS);
  return days >= STALE_AFTER_DAYS ? [{ kind: 'stale', days }] : [];
}

/**
 * The health report of one workspace (PRODUCT C3): its success rate over the last 30 days and what to do about
 * what its runs show. Each recommendation is silent unless its evidence is there.
 */
export function healthOf(input: HealthInput): Health {
  const all = input.runs.filter((r) => r.status !== 'running');
  const finished = all.filter((r) => r.direction === 'pull');
  const pushes = all.filter((r) => r.direction === 'push');
  const rate = (runs: AnalyticsRunRow[]) => {
    const month = runs.filter((r) => r.startedAt >= input.now - DURATION_WINDOW_DAYS * DAY_MS);
    return month.length ? month.filter((r) => r.status === 'ok').length / month.length : null;
  };
  return {
    successRate: rate(finished),
    pushSuccessRate: rate(pushes),
    lastCompleteAt: input.lastCompleteAt,
    recommendations: [
      // a key refused by a push is as refused as by a pull: the newest run of either direction tells
      ...keyRejected(all),
      ...missingScopes(finished, input.issues),
      ...pushPaused(input.outboxPause),
      ...pushFailed(pushes),
      ...budgetExhausted(input),
      ...durationDoubled(finished, input.now),
      ...stale(input),
    ],
  };
}
