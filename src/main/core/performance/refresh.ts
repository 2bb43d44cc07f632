import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { createKlaviyoClient, type KlaviyoEvent } from '../klaviyo';
import type { Db } from '../store';
import {
  addStats,
  MESSAGE_COUNT_STATISTICS,
  zeroStats,
  type FormStats,
  type MessageStats,
  type MetricDailyBlock,
  type PerformanceFigures,
  type SegmentStats,
} from './figures';
import { createBudgetLedger, REPORTING_DAILY_CAP } from './ledger';
import { planReports, type ReportJob, type ReportKind, type ReportResource, type RuleWeight } from './plan';
import { loadFigures, saveFigures } from './store';

const DAY_MS = 86_400_000;

/** Report answers carry `data.type` and `data.attributes` but no `data.id` (spec: Post…ResponseDTO). */
const ReportDocSchema = z.looseObject({
  data: z.looseObject({ type: z.string(), attributes: z.looseObject({}) }),
});
const HOUR_MS = 3_600_000;
const isoDay = (t: number) => new Date(t).toISOString().slice(0, 10);
const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;
const isoSecondsNoZone = (t: number) => new Date(t).toISOString().slice(0, 19);

export type RefreshOptions = {
  db: Db;
  workspaceId: string;
  /** who shares the reporting quota: the Klaviyo account id (or a hash of base URL + key when unknown) */
  accountKey: string;
  baseUrl: string;
  apiKey: string;
  requestId: string;
  timeScale?: number;
  now?: () => number;
  /**
   * the metrics to follow day by day (what the live flows are triggered by); the one `withValue` is the
   * account's Placed Order: its value is the store's revenue and it is the reports' conversion metric
   */
  metrics: { id: string; name: string; withValue?: boolean }[];
  resourceUsable: (r: ReportResource | 'metrics') => boolean;
  /** how much each audit rule needs its figures: the plan fetches for the weightiest rules first */
  ruleWeight: RuleWeight;
  dailyCap?: number;
  maxCallsPerRun?: number;
  force?: boolean;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  onEvent?: (e: KlaviyoEvent) => void;
};

export type RefreshResult = {
  fetched: (ReportKind | 'metricDaily')[];
  skipped: { kind: string; reason: string }[];
  /** Reporting API calls that reached the server in this run */
  spent: number;
  budgetLeft: number;
  errors: { kind: string; code: string; message: string }[];
};

/** attempts per report call; the ledger reserves this many so a retried call can never overspend */
const ATTEMPTS = 3;

/**
 * A6/A7: refreshes the performance figures of one workspace. Reporting API calls are planned against the
 * account's daily budget (ledger in the store) and the rules' needs; metric aggregates (no daily cap) give the
 * trigger metrics' daily counts, refetched whole every hour so late events are picked up without a cursor.
 */
export async function refreshPerformance(o: RefreshOptions): Promise<RefreshResult> {
  const now = o.now ?? Date.now;
  const timeScale = o.timeScale ?? 1;
  const ledger = createBudgetLedger(o.db, o.accountKey, { now, timeScale, cap: o.dailyCap ?? REPORTING_DAILY_CAP });
  let attemptsThisCall = 0;
  const client = createKlaviyoClient({
    baseUrl: o.baseUrl,
    apiKey: o.apiKey,
    requestId: o.requestId,
    timeScale,
    maxAttempts: ATTEMPTS,
    ...(o.fetch ? { fetch: o.fetch } : {}),
    onEvent: (e) => {
      // a 429 is refused before the server counts it; every other answer (or silence) may have been counted
      if (e.type === 'request_finished' && e.status !== 429) attemptsThisCall++;
      o.onEvent?.(e);
    },
  });
  const figures = loadFigures(o.db, o.workspaceId);
  const result: RefreshResult = { fetched: [], skipped: [], spent: 0, budgetLeft: 0, errors: [] };
  const placedOrder =
    (o.metrics.find((m) => m.withValue) ?? o.metrics.find((m) => m.name === 'Placed Order'))?.id ?? null;

  const plan = planReports({
    figures,
    now: now(),
    budgetLeft: ledger.remaining(),
    callCost: ATTEMPTS,
    maxCallsPerRun: o.maxCallsPerRun ?? 10,
    resourceUsable: o.resourceUsable,
    hasConversionMetric: placedOrder !== null,
    ruleWeight: o.ruleWeight,
    force: o.force ?? false,
  });
  result.skipped.push(...plan.skipped);

  /** one budgeted call: reserve the worst case, give back what was not sent */
  async function call(operationId: string, body: unknown): Promise<Record<string, unknown> | null> {
    if (!ledger.reserve(ATTEMPTS)) return null;
    attemptsThisCall = 0;
    try {
      return (await client.request(operationId, {
        body,
        idempotent: true,
        schema: ReportDocSchema,
        ...(o.signal ? { signal: o.signal } : {}),
      })) as Record<string, unknown>;
    } finally {
      const used = Math.min(ATTEMPTS, attemptsThisCall);
      ledger.release(ATTEMPTS - used);
      result.spent += used;
    }
  }

  for (const job of plan.jobs) {
    try {
      const block = await runJob(job, now(), placedOrder, call);
      if (block === null) {
        result.skipped.push({ kind: job.kind, reason: 'daily reporting budget used up' });
        continue;
      }
      saveFigures(o.db, o.workspaceId, job.kind, block as never);
      result.fetched.push(job.kind);
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal', (err as Error).message);
      result.errors.push({ kind: job.kind, code: e.code, message: e.message });
      // throttled here means the server's own daily cap (someone else spent it): stop spending today
      if (e.code === 'throttled') ledger.exhaust();
      if (e.code === 'auth' || e.code === 'cancelled' || e.code === 'throttled') break;
    }
  }

  // trigger-metric daily counts (metric aggregates: ordinary rate limits, no daily cap)
  const md = figures.metricDaily;
  if (o.resourceUsable('metrics') && (o.force || !md || now() - md.fetchedAt >= HOUR_MS)) {
    try {
      const block = await fetchMetricDaily(client, o.metrics, now(), o.signal);
      saveFigures(o.db, o.workspaceId, 'metricDaily', block);
      result.fetched.push('metricDaily');
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('internal', (err as Error).message);
      result.errors.push({ kind: 'metricDaily', code: e.code, message: e.message });
    }
  } else if (!o.resourceUsable('metrics')) result.skipped.push({ kind: 'metricDaily', reason: 'metrics not readable' });
  else result.skipped.push({ kind: 'metricDaily', reason: 'fresh' });

  result.budgetLeft = ledger.remaining();
  return result;
}

type Call = (operationId: string, body: unknown) => Promise<Record<string, unknown> | null>;
type Row = { groupings?: Record<string, string>; statistics?: Record<string, number | number[]> };

const resultsOf = (doc: Record<string, unknown>): { results: Row[]; date_times?: string[] } =>
  ((doc.data as { attributes?: unknown } | undefined)?.attributes ?? { results: [] }) as {
    results: Row[];
    date_times?: string[];
  };

async function runJob(
  job: ReportJob,
  now: number,
  conversionMetric: string | null,
  call: Call,
): Promise<NonNullable<PerformanceFigures[ReportKind]> | null> {
  const fetchedAt = now;
  const emailOnly = 'equals(send_channel,"email")';
  switch (job.kind) {
    case 'flowValues30':
    case 'flowValues90':
    case 'campaignValues30':
    case 'campaignValues90': {
      const key = job.kind.endsWith('30') ? 'last_30_days' : 'last_90_days';
      const type = job.resource === 'flows' ? 'flow-values-report' : 'campaign-values-report';
      const idField = job.resource === 'flows' ? 'flow_id' : 'campaign_id';
      const doc = await call(job.operationId, {
        data: {
          type,
          attributes: {
            statistics: [...MESSAGE_COUNT_STATISTICS],
            timeframe: { key },
            conversion_metric_id: conversionMetric,
            filter: emailOnly,
          },
        },
      });
      if (!doc) return null;
      const byId: Record<string, MessageStats> = {};
      for (const r of resultsOf(doc).results) {
        const id = r.groupings?.[idField];
        if (!id) continue;
        addStats((byId[id] ??= zeroStats()), (r.statistics ?? {}) as Partial<MessageStats>);
      }
      return { fetchedAt, timeframe: key, byId };
    }
    case 'flowSeries': {
      const end = dayStart(now);
      const start = end - 56 * DAY_MS;
      const doc = await call(job.operationId, {
        data: {
          type: 'flow-series-report',
          attributes: {
            statistics: ['recipients'],
            timeframe: { start: new Date(start).toISOString(), end: new Date(end).toISOString() },
            interval: 'daily',
            conversion_metric_id: conversionMetric,
            filter: emailOnly,
          },
        },
      });
      if (!doc) return null;
      const { results, date_times = [] } = resultsOf(doc);
      const byId: Record<string, number[]> = {};
      for (const r of results) {
        const id = r.groupings?.flow_id;
        const arr = r.statistics?.recipients;
        if (!id || !Array.isArray(arr)) continue;
        const into = (byId[id] ??= date_times.map(() => 0));
        arr.forEach((v, i) => (into[i] = (into[i] ?? 0) + (Number(v) || 0)));
      }
      return { fetchedAt, dates: date_times.map((d) => d.slice(0, 10)), byId };
    }
    case 'formValues30': {
      const doc = await call(job.operationId, {
        data: {
          type: 'form-values-report',
          attributes: { statistics: ['viewed_form', 'submits'], timeframe: { key: 'last_30_days' } },
        },
      });
      if (!doc) return null;
      const byId: Record<string, FormStats> = {};
      for (const r of resultsOf(doc).results) {
        const id = r.groupings?.form_id;
        if (!id) continue;
        const s = (byId[id] ??= { viewed_form: 0, submits: 0 });
        s.viewed_form += Number(r.statistics?.viewed_form ?? 0) || 0;
        s.submits += Number(r.statistics?.submits ?? 0) || 0;
      }
      return { fetchedAt, timeframe: 'last_30_days', byId };
    }
    case 'segmentValues': {
      const doc = await call(job.operationId, {
        data: {
          type: 'segment-values-report',
          attributes: { statistics: ['total_members'], timeframe: { key: 'today' } },
        },
      });
      if (!doc) return null;
      const byId: Record<string, SegmentStats> = {};
      for (const r of resultsOf(doc).results) {
        const id = r.groupings?.segment_id;
        if (id) byId[id] = { total_members: Number(r.statistics?.total_members ?? 0) || 0 };
      }
      return { fetchedAt, timeframe: 'today', byId };
    }
  }
}

async function fetchMetricDaily(
  client: ReturnType<typeof createKlaviyoClient>,
  metrics: { id: string; name: string; withValue?: boolean }[],
  now: number,
  signal?: AbortSignal,
): Promise<MetricDailyBlock> {
  const today = dayStart(now);
  const start = today - 89 * DAY_MS;
  const dates = Array.from({ length: 90 }, (_, i) => isoDay(start + i * DAY_MS));
  const byName: Record<string, number[]> = {};
  const valueByName: Record<string, number[]> = {};
  const byId: Record<string, number[]> = {};
  const anyValue = metrics.some((m) => m.withValue);
  for (const m of metrics) {
    const name = m.name;
    const withValue = anyValue ? m.withValue === true : name === 'Placed Order';
    const doc = (await client.request('query_metric_aggregates', {
      body: {
        data: {
          type: 'metric-aggregate',
          attributes: {
            metric_id: m.id,
            measurements: withValue ? ['count', 'sum_value'] : ['count'],
            interval: 'day',
            filter: [
              `greater-or-equal(datetime,${isoSecondsNoZone(start)})`,
              `less-than(datetime,${isoSecondsNoZone(now)})`,
            ],
            timezone: 'UTC',
          },
        },
      },
      idempotent: true,
      ...(signal ? { signal } : {}),
    })) as { data?: { attributes?: { dates?: string[]; data?: { measurements?: Record<string, number[]> }[] } } };
    const attrs = doc.data?.attributes;
    const days = (attrs?.dates ?? []).map((d) => d.slice(0, 10));
    const row = attrs?.data?.[0]?.measurements ?? {};
    const align = (arr: number[] | undefined) => dates.map((d) => Number(arr?.[days.indexOf(d)] ?? 0) || 0);
    byId[m.id] = align(row.count);
    // by name for the charts: the first metric of a name (the watched list puts the primary one first)
    if (!byName[name]) byName[name] = byId[m.id]!;
    if (withValue) valueByName[name] = align(row.sum_value);
  }
  return { fetchedAt: now, dates, byName, valueByName, byId };
}
