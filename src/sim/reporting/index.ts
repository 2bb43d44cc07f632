import { randomUUID } from 'node:crypto';
import { getResource, typeMap } from '../dataset';
import { invalidBody } from '../errors';
import { validateAgainstSchema } from '../spec-validator';
import type { SimDataset, SimOperationHandler, SimRequest, SimResponse } from '../types';
import { eventCounts } from './events-agg';
import { matches, parseReportFilter } from './filter';
import {
  campaignChannel,
  campaignCounts,
  campaignMessageId,
  generatedCounts,
  countsFromStats,
  fixtureFigures,
  flowCounts,
  flowMessages,
  flowRecipientsByDay,
  formCounts,
  segmentMembers,
  type Counts,
} from './source';
import { buckets, DAY_MS, dayStart, isoHour, resolveTimeframe } from './timeframe';

type Attrs = {
  statistics?: string[];
  timeframe?: unknown;
  interval?: string;
  conversion_metric_id?: string;
  group_by?: string[];
  filter?: string;
};

function attrsOf(req: SimRequest): Attrs {
  if (req.op.requestSchema) {
    const errors = validateAgainstSchema(req.op.requestSchema, req.body);
    if (errors.length) throw invalidBody('/data', `Invalid request body: ${errors[0]}`);
  }
  return ((req.body as { data?: { attributes?: Attrs } } | undefined)?.data?.attributes ?? {}) as Attrs;
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1e6) / 1e6 : 0);

/** One statistic from summed counts; rates are fractions in [0, 1] as the spec says. */
function statistic(name: string, c: Counts): number {
  switch (name) {
    case 'open_rate':
      return ratio(c.opens_unique, c.delivered);
    case 'click_rate':
      return ratio(c.clicks_unique, c.delivered);
    case 'click_to_open_rate':
      return ratio(c.clicks_unique, c.opens_unique);
    case 'conversion_rate':
      return ratio(c.conversion_uniques, c.delivered);
    case 'bounce_rate':
      return ratio(c.bounced, c.recipients);
    case 'bounced_or_failed':
      return c.bounced + c.failed;
    case 'bounced_or_failed_rate':
      return ratio(c.bounced + c.failed, c.recipients);
    case 'delivery_rate':
      return ratio(c.delivered, c.recipients);
    case 'failed_rate':
      return ratio(c.failed, c.recipients);
    case 'spam_complaint_rate':
      return ratio(c.spam_complaints, c.delivered);
    case 'unsubscribe_rate':
      return ratio(c.unsubscribe_uniques, c.delivered);
    case 'revenue_per_recipient':
      return ratio(c.conversion_value, c.recipients);
    case 'average_order_value':
      return ratio(c.conversion_value, c.conversions);
    default:
      return name in c ? c[name as keyof Counts] : 0;
  }
}

const stats = (names: string[], c: Counts) => Object.fromEntries(names.map((n) => [n, statistic(n, c)]));

function requireConversionMetric(ds: SimDataset, a: Attrs) {
  if (!a.conversion_metric_id || !getResource(ds, 'metric', a.conversion_metric_id))
    throw invalidBody(
      '/data/attributes/conversion_metric_id',
      'conversion_metric_id must name a metric of the account.',
    );
}

function groupBy(a: Attrs, allowed: string[], required: string[]): string[] {
  const g = a.group_by ?? required.concat('send_channel');
  for (const k of g)
    if (!allowed.includes(k)) throw invalidBody('/data/attributes/group_by', `Cannot group by '${k}'.`);
  for (const k of required)
    if (!g.includes(k))
      throw invalidBody('/data/attributes/group_by', `group_by must include ${required.join(' and ')}.`);
  return g;
}

const pick = (row: Record<string, string>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k] ?? '']));
const ok = (req: SimRequest, type: string, attributes: unknown): SimResponse => ({
  status: 200,
  body: {
    data: { type, attributes, links: { self: `${req.baseUrl}${req.op.path}` } },
    links: { self: `${req.baseUrl}${req.op.path}` },
  },
});

const MESSAGE_FILTERS = {
  equals: ['equals'],
  list: ['contains-any'],
};
const messageFilterSpec = (idField: string, msgField: string) => ({
  [idField]: [...MESSAGE_FILTERS.equals, ...MESSAGE_FILTERS.list],
  [msgField]: [...MESSAGE_FILTERS.equals, ...MESSAGE_FILTERS.list],
  send_channel: [...MESSAGE_FILTERS.equals, ...MESSAGE_FILTERS.list],
});

/** Rows of a flow report: one per flow message, the flow's counts split over its messages. */
function flowRows(req: SimRequest, range: { start: number; end: number; key: string | null }) {
  const ds = req.account.dataset;
  const rows: { row: Record<string, string>; counts: Counts; flowId: string; share: number }[] = [];
  for (const flow of typeMap(ds, 'flow').values()) {
    const fx = fixtureFigures(ds, `flow:${flow.id}`);
    if (!fx && flow.attributes.status !== 'live') continue;
    const total = flowCounts(ds, flow, range, req.now);
    if (!total.recipients) continue;
    const msgs = flowMessages(ds, flow);
    const list = msgs.length ? msgs : [{ id: `${flow.id}-M`, channel: 'email' }];
    // the first message carries the whole flow when a fixture states totals, so sums stay exact
    list.forEach((m, i) => {
      const share = fx ? (i === 0 ? 1 : 0) : 1 / list.length;
      if (!share) return;
      const counts = fx ? total : generatedCounts(ds, flow.id, Math.round(total.recipients * share), req.now);
      rows.push({
        row: {
          flow_id: flow.id,
          flow_message_id: m.id,
          send_channel: m.channel,
          flow_name: String(flow.attributes.name ?? ''),
          flow_message_name: `${String(flow.attributes.name ?? '')} #${i + 1}`,
        },
        counts,
        flowId: flow.id,
        share,
      });
    });
  }
  return rows;
}

const FLOW_GROUPS = ['flow_id', 'flow_message_id', 'send_channel', 'flow_name', 'flow_message_name'];

const queryFlowValues: SimOperationHandler = (req) => {
  const a = attrsOf(req);
  const ds = req.account.dataset;
  requireConversionMetric(ds, a);
  const range = resolveTimeframe(a.timeframe, req.now);
  const g = groupBy(a, FLOW_GROUPS, ['flow_id', 'flow_message_id']);
  const filters = parseReportFilter(a.filter, messageFilterSpec('flow_id', 'flow_message_id'));
  const results = flowRows(req, range)
    .filter((r) => matches(filters, r.row))
    .map((r) => ({ groupings: pick(r.row, g), statistics: stats(a.statistics ?? [], r.counts) }));
  return ok(req, 'flow-values-report', { results });
};

const queryFlowSeries: SimOperationHandler = (req) => {
  const a = attrsOf(req);
  const ds = req.account.dataset;
  requireConversionMetric(ds, a);
  const range = resolveTimeframe(a.timeframe, req.now);
  const starts = buckets(range, a.interval);
  const g = groupBy(a, FLOW_GROUPS, ['flow_id', 'flow_message_id']);
  const filters = parseReportFilter(a.filter, messageFilterSpec('flow_id', 'flow_message_id'));
  const results: unknown[] = [];
  for (const r of flowRows(req, range)) {
    if (!matches(filters, r.row)) continue;
    const flow = getResource(ds, 'flow', r.flowId)!;
    const fx = fixtureFigures(ds, `flow:${flow.id}`);
    // recipients per bucket from the daily series; other counts follow the flow's rates
    const perBucket = starts.map((s, i) => {
      const e = starts[i + 1] ?? range.end;
      const days: number[] = [];
      for (let d = dayStart(s); d < e; d += DAY_MS) days.push(d);
      const rec = Math.round(flowRecipientsByDay(ds, flow, days, req.now).reduce((x, y) => x + y, 0) * r.share);
      if (fx) {
        const base = countsFromStats((fx.values90 ?? fx.values30 ?? {}) as Record<string, number>);
        const k = base.recipients ? rec / base.recipients : 0;
        const scaled = { ...base };
        for (const key of Object.keys(scaled) as (keyof Counts)[]) scaled[key] = Math.round(base[key] * k * 100) / 100;
        scaled.recipients = rec;
        return scaled;
      }
      return generatedCounts(ds, flow.id, rec, req.now);
    });
    const statistics = Object.fromEntries((a.statistics ?? []).map((n) => [n, perBucket.map((c) => statistic(n, c))]));
    results.push({ groupings: pick(r.row, g), statistics });
  }
  return ok(req, 'flow-series-report', { results, date_times: starts.map(isoHour) });
};

const CAMPAIGN_GROUPS = ['campaign_id', 'campaign_message_id', 'send_channel', 'campaign_message_name'];

const queryCampaignValues: SimOperationHandler = (req) => {
  const a = attrsOf(req);
  const ds = req.account.dataset;
  requireConversionMetric(ds, a);
  const range = resolveTimeframe(a.timeframe, req.now);
  const g = groupBy(a, CAMPAIGN_GROUPS, ['campaign_id', 'campaign_message_id']);
  const filters = parseReportFilter(a.filter, messageFilterSpec('campaign_id', 'campaign_message_id'));
  const results: unknown[] = [];
  for (const c of typeMap(ds, 'campaign').values()) {
    const counts = campaignCounts(ds, c, range, req.now);
    if (!counts) continue;
    const row = {
      campaign_id: c.id,
      campaign_message_id: campaignMessageId(c),
      send_channel: campaignChannel(ds, c),
      campaign_message_name: String(c.attributes.name ?? ''),
    };
    if (!matches(filters, row)) continue;
    results.push({ groupings: pick(row, g), statistics: stats(a.statistics ?? [], counts) });
  }
  return ok(req, 'campaign-values-report', { results });
};

const FORM_FILTERS = { form_id: ['equals', 'any'], form_version_id: ['equals', 'any'] };

function formRows(req: SimRequest, a: Attrs) {
  const ds = req.account.dataset;
  const g = a.group_by ?? ['form_id'];
  for (const k of g)
    if (k !== 'form_id' && k !== 'form_version_id')
      throw invalidBody('/data/attributes/group_by', `Cannot group by '${k}'.`);
  const filters = parseReportFilter(a.filter, FORM_FILTERS);
  const forms = [...typeMap(ds, 'form').values()].filter((f) =>
    matches(filters, { form_id: f.id, form_version_id: f.id }),
  );
  return { forms, g };
}

const queryFormValues: SimOperationHandler = (req) => {
  const a = attrsOf(req);
  const range = resolveTimeframe(a.timeframe, req.now);
  const { forms, g } = formRows(req, a);
  const results = forms
    .map((f) => ({ f, c: formCounts(req.account.dataset, f, range) }))
    .filter((x) => x.c.viewed_form > 0)
    .map(({ f, c }) => ({
      groupings: pick({ form_id: f.id, form_version_id: f.id }, g),
      statistics: Object.fromEntries((a.statistics ?? []).map((n) => [n, (c as Record<string, number>)[n] ?? 0])),
    }));
  return ok(req, 'form-values-report', { results });
};

const queryFormSeries: SimOperationHandler = (req) => {
  const a = attrsOf(req);
  const range = resolveTimeframe(a.timeframe, req.now);
  const starts = buckets(range, a.interval);
  const { forms, g } = formRows(req, a);
  const results = forms.map((f) => {
    const per = starts.map((s, i) =>
      formCounts(req.account.dataset, f, { start: s, end: starts[i + 1] ?? range.end, key: null }),
    );
    return {
      groupings: pick({ form_id: f.id, form_version_id: f.id }, g),
      statistics: Object.fromEntries(
        (a.statistics ?? []).map((n) => [n, per.map((c) => (c as Record<string, number>)[n] ?? 0)]),
      ),
    };
  });
  return ok(req, 'form-series-report', { results, date_times: starts.map(isoHour) });
};

function segmentStats(names: string[], members: number, id: string) {
  const added = Math.round(members * 0.02) + (id.length % 3);
  const removed = Math.round(members * 0.01);
  const c: Record<string, number> = {
    total_members: members,
    members_added: added,
    members_removed: removed,
    net_members_changed: added - removed,
  };
  return Object.fromEntries(names.map((n) => [n, c[n] ?? 0]));
}

const querySegmentValues: SimOperationHandler = (req) => {
  const a = attrsOf(req);
  resolveTimeframe(a.timeframe, req.now);
  const filters = parseReportFilter(a.filter, { segment_id: ['equals', 'any'] });
  const results = [...typeMap(req.account.dataset, 'segment').values()]
    .filter((s) => matches(filters, { segment_id: s.id }))
    .map((s) => ({
      groupings: { segment_id: s.id },
      statistics: segmentStats(a.statistics ?? [], segmentMembers(req.account.dataset, s), s.id),
    }));
  return ok(req, 'segment-values-report', { results });
};

const querySegmentSeries: SimOperationHandler = (req) => {
  const a = attrsOf(req);
  const range = resolveTimeframe(a.timeframe, req.now);
  const starts = buckets(range, a.interval);
  const filters = parseReportFilter(a.filter, { segment_id: ['equals', 'any'] });
  const results = [...typeMap(req.account.dataset, 'segment').values()]
    .filter((s) => matches(filters, { segment_id: s.id }))
    .map((s) => {
      const m = segmentMembers(req.account.dataset, s);
      const per = starts.map(() => segmentStats(a.statistics ?? [], m, s.id));
      return {
        groupings: { segment_id: s.id },
        statistics: Object.fromEntries((a.statistics ?? []).map((n) => [n, per.map((x) => x[n] ?? 0)])),
      };
    });
  return ok(req, 'segment-series-report', { results, date_times: starts.map(isoHour) });
};

// ---- metric aggregates (daily counts per metric; cheap, no daily cap)

const queryMetricAggregates: SimOperationHandler = (req) => {
  if (req.op.requestSchema) {
    const errors = validateAgainstSchema(req.op.requestSchema, req.body);
    if (errors.length) throw invalidBody('/data', `Invalid request body: ${errors[0]}`);
  }
  const a = ((req.body as { data?: { attributes?: Record<string, unknown> } }).data?.attributes ?? {}) as {
    metric_id?: string;
    measurements?: string[];
    interval?: string;
    filter?: string[] | string;
    by?: string[];
  };
  const ds = req.account.dataset;
  if (!a.metric_id || !getResource(ds, 'metric', a.metric_id))
    throw invalidBody('/data/attributes/metric_id', 'metric_id must name a metric of the account.');
  if ((a.interval ?? 'day') !== 'day')
    throw invalidBody('/data/attributes/interval', 'The simulator aggregates by day only.');
  if (a.by?.length) throw invalidBody('/data/attributes/by', 'The simulator does not partition aggregates.');
  const filters = (Array.isArray(a.filter) ? a.filter : [a.filter ?? '']).join(',');
  const ge = /greater-or-equal\(datetime,([^)]+)\)/.exec(filters);
  const lt = /less-than\(datetime,([^)]+)\)/.exec(filters);
  if (!ge || !lt)
    throw invalidBody(
      '/data/attributes/filter',
      'A datetime range is required: greater-or-equal(datetime,…) and less-than(datetime,…).',
    );
  const start = dayStart(Date.parse(ge[1]!));
  const end = Date.parse(lt[1]!);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start)
    throw invalidBody('/data/attributes/filter', 'Invalid datetime range.');
  if (end - start > 366 * DAY_MS) throw invalidBody('/data/attributes/filter', 'The maximum range is 1 year.');
  const days: number[] = [];
  for (let d = start; d < end; d += DAY_MS) days.push(d);
  const measurements = a.measurements ?? ['count'];
  const fx = fixtureFigures(ds, `metric:${a.metric_id}`);
  let count: number[];
  let value: number[];
  if (fx && Array.isArray(fx.daily)) {
    // fixture series end today
    const today = dayStart(req.now);
    const at = (arr: unknown, d: number) => {
      const list = Array.isArray(arr) ? (arr as number[]) : [];
      const idx = list.length - 1 - Math.round((today - d) / DAY_MS);
      return idx >= 0 && idx < list.length ? list[idx]! : 0;
    };
    count = days.map((d) => at(fx.daily, d));
    value = days.map((d) => at(fx.dailyValue, d));
  } else {
    const r = eventCounts(ds, a.metric_id, days, measurements.includes('sum_value'));
    count = r.count;
    value = r.value;
  }
  const m: Record<string, number[]> = {};
  if (measurements.includes('count')) m.count = count;
  if (measurements.includes('unique')) m.unique = count.map((c) => Math.round(c * 0.8));
  if (measurements.includes('sum_value')) m.sum_value = value;
  const self = `${req.baseUrl}${req.op.path}`;
  return {
    status: 200,
    body: {
      data: {
        type: 'metric-aggregate',
        id: randomUUID(),
        attributes: { dates: days.map(isoHour), data: [{ dimensions: [], measurements: m }] },
        links: { self },
      },
      links: { self },
    },
  };
};

/**
 * Reporting API handlers (POST …-values-reports, …-series-reports, metric-aggregates), by operationId.
 * The simulator consults this registry after auth, scopes, rate limits and daily caps; an
 * operation missing here answers a JSON:API 501 error.
 */
export const reportingHandlers: Record<string, SimOperationHandler> = {
  query_campaign_values: queryCampaignValues,
  query_flow_values: queryFlowValues,
  query_flow_series: queryFlowSeries,
  query_form_values: queryFormValues,
  query_form_series: queryFormSeries,
  query_segment_values: querySegmentValues,
  query_segment_series: querySegmentSeries,
  query_metric_aggregates: queryMetricAggregates,
};
