import { bestPathLiveEmails, readFlowGraph, type FlowStep } from './flow-paths';
import { type AuditInput, type InvItem, DAY_MS, nameOf, num, relIds, str, time } from './input';
import {
  metricInfo,
  primaryMetric,
  roleOfMetric,
  watchedMetrics,
  type MetricInfo,
  type WatchedMetric,
} from '../performance';

export type { FlowStep } from './flow-paths';

/**
 * Normalised views over raw inventory items. Klaviyo gives a flow's shape either in `definition`
 * (additional-fields[flow]=definition) or spread over flow-actions; the rules should not care which.
 */

export type FlowRole = 'welcome' | 'checkout' | 'cart' | 'browse' | 'postPurchase' | 'winback' | 'sunset';

export type FlowView = {
  item: InvItem;
  id: string;
  name: string;
  status: string;
  archived: boolean;
  live: boolean;
  created: number | null;
  updated: number | null;
  triggerType: string | null;
  /** the metric the flow is triggered by (Klaviyo id), when known */
  triggerMetricId: string | null;
  triggerMetricName: string | null;
  triggerSegmentId: string | null;
  triggerListId: string | null;
  profileFilter: unknown;
  /** every step (all branches); null when neither a definition nor flow actions were synced */
  steps: FlowStep[] | null;
  /** each way a profile can take through the flow (splits are alternatives); null with steps null */
  paths: FlowStep[][] | null;
  /** action kinds the audit does not know (newer than the spec it was written from): named, not judged */
  unknownActionTypes: string[];
  roles: Set<FlowRole>;
  transactional: boolean;
};

const RE = {
  welcome: /welcome|new subscriber|sign[- ]?up|onboard|nurture/i,
  winback: /win[- ]?back|lapsed|we miss you|come back|re-?activation/i,
  sunset: /sunset|unengaged|disengaged|list clean|re-?engagement/i,
  transactional: /confirm|shipping|shipment|receipt|transactional|password|invoice|delivered/i,
  engaged: /engaged|active|openers|clickers/i,
  notEngaged: /unengaged|disengaged|not engaged|non[- ]?engaged|inactive|dormant|cold|sunset/i,
  vip: /\bvip\b|high[- ]?value|\bltv\b|top customers|best customers|loyal/i,
  suppressed: /suppress/i,
  emailable: /emailable|can receive email|email subscribers|all subscribers|newsletter|subscribed/i,
};

export type Model = {
  flows: FlowView[];
  metricNameById: Map<string, string>;
  metrics: MetricInfo[];
  /** every metric that records orders (duplicates and platform variants included) */
  orderMetricIds: Set<string>;
  /** the Placed Order that stands for the account (store integration first, then the most recent) */
  primaryOrderMetricId: string | null;
  segmentById: Map<string, InvItem>;
  listById: Map<string, InvItem>;
  segments: SegmentView[];
};

export type SegmentKind = 'engaged' | 'sunset' | 'vip' | 'suppressed' | 'emailable';
export type SegmentView = {
  item: InvItem;
  id: string;
  name: string;
  kinds: Set<SegmentKind>;
  /** for engaged segments: the window in days, when it can be read */
  engagedDays: number | null;
  profileCount: number | null;
  active: boolean;
  processing: boolean;
};

function walkConditions(node: unknown, visit: (c: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walkConditions(n, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (typeof o.type === 'string' && o.type.startsWith('profile-')) visit(o);
  for (const k of ['condition_groups', 'conditions']) if (k in o) walkConditions(o[k], visit);
}

const ENGAGEMENT_METRICS = /opened email|clicked email|active on site|viewed product|placed order/i;

function readSegment(item: InvItem, metricNameById: Map<string, string>): SegmentView {
  const name = nameOf(item);
  const kinds = new Set<SegmentKind>();
  let engagedDays: number | null = null;
  const isNot = RE.notEngaged.test(name);
  if (RE.engaged.test(name) && !isNot) {
    kinds.add('engaged');
    const m = /(\d{1,3})\s*(?:-|\s)?\s*(d\b|day)/i.exec(name) ?? /(\d{2,3})/.exec(name);
    if (m) engagedDays = Number(m[1]);
  }
  if (isNot && !/inactive customers/i.test(name)) kinds.add('sunset');
  if (RE.vip.test(name)) kinds.add('vip');
  if (RE.suppressed.test(name)) kinds.add('suppressed');
  if (RE.emailable.test(name) && !kinds.has('suppressed')) kinds.add('emailable');
  // definition fallback: "opened/clicked at least once in the last N days" is an engaged segment
  let zeroEngagement = 0;
  walkConditions(item.attributes.definition, (c) => {
    if (c.type !== 'profile-metric') return;
    const metric = metricNameById.get(String(c.metric_id)) ?? '';
    if (!ENGAGEMENT_METRICS.test(metric)) return;
    const mf = (c.measurement_filter ?? {}) as Record<string, unknown>;
    const tf = (c.timeframe_filter ?? {}) as Record<string, unknown>;
    const op = str(mf.operator);
    const v = num(mf.value);
    const positive =
      (op === 'greater-than' && v !== null && v >= 0) || (op === 'greater-than-or-equal' && v !== null && v >= 1);
    if (positive && tf.operator === 'in-the-last') {
      kinds.add('engaged');
      const q = num(tf.quantity) ?? 0;
      const unit = str(tf.unit);
      const days = unit === 'week' ? q * 7 : unit === 'hour' ? q / 24 : q;
      engagedDays = engagedDays ?? days;
    }
    if (op === 'equals' && v === 0) zeroEngagement++;
  });
  if (zeroEngagement >= 2) kinds.add('sunset');
  return {
    item,
    id: item.id,
    name,
    kinds,
    engagedDays,
    profileCount: num(item.attributes.profile_count),
    active: item.attributes.is_active !== false,
    processing: item.attributes.is_processing === true,
  };
}

/** The metrics with what they mean, every order metric, and the one Placed Order that stands for the account. */
function readMetrics(input: AuditInput) {
  const metrics = input.metrics.map(metricInfo);
  const orderMetricIds = new Set(metrics.filter((m) => roleOfMetric(m.name) === 'order').map((m) => m.id));
  const daily = input.performance.metricDaily;
  const recent = (id: string) => {
    const arr = daily?.byId?.[id];
    return arr ? arr.slice(-30).reduce((a, b) => a + b, 0) : null;
  };
  return { metrics, orderMetricIds, primaryOrderMetricId: primaryMetric(metrics, 'order', recent)?.id ?? null };
}

export function buildModel(input: AuditInput): Model {
  const metricNameById = new Map<string, string>();
  for (const m of input.metrics) {
    const n = str(m.attributes.name);
    if (n) metricNameById.set(m.id, n);
  }
  const { metrics, orderMetricIds, primaryOrderMetricId } = readMetrics(input);
  const segmentById = new Map(input.segments.map((s) => [s.id, s]));
  const listById = new Map(input.lists.map((l) => [l.id, l]));

  // flow → trigger from relationship data when the definition is absent
  const triggerFromRel = new Map<string, { kind: 'metric' | 'list' | 'segment'; id: string }>();
  const addRel = (items: InvItem[], kind: 'metric' | 'list' | 'segment') => {
    for (const it of items) for (const fid of relIds(it, 'flow-triggers')) triggerFromRel.set(fid, { kind, id: it.id });
  };
  addRel(input.metrics, 'metric');
  addRel(input.lists, 'list');
  addRel(input.segments, 'segment');

  const actionsByFlow = new Map<string, InvItem[]>();
  for (const a of input.flowActions) {
    for (const fid of relIds(a, 'flow')) {
      const arr = actionsByFlow.get(fid) ?? [];
      arr.push(a);
      actionsByFlow.set(fid, arr);
    }
  }

  const segments = input.segments.map((s) => readSegment(s, metricNameById));
  const segKinds = new Map(segments.map((s) => [s.id, s.kinds]));

  const flows = input.flows.map((item): FlowView => {
    const a = item.attributes;
    const name = nameOf(item);
    const status = str(a.status) ?? 'unknown';
    const archived = a.archived === true;
    const def = (a.definition && typeof a.definition === 'object' ? a.definition : null) as Record<
      string,
      unknown
    > | null;
    let trigger: { kind: string; id: string | null } | null = null;
    let graph: ReturnType<typeof readFlowGraph> | null = null;
    let profileFilter: unknown = null;
    if (def) {
      const t = Array.isArray(def.triggers) ? (def.triggers[0] as Record<string, unknown> | undefined) : undefined;
      if (t) trigger = { kind: str(t.type) ?? 'unknown', id: t.id != null ? String(t.id) : null };
      const acts = Array.isArray(def.actions) ? (def.actions as Record<string, unknown>[]) : [];
      graph = readFlowGraph(acts, def.entry_action_id != null ? String(def.entry_action_id) : null);
      profileFilter = def.profile_filter ?? null;
    } else {
      const acts = actionsByFlow.get(item.id);
      if (acts) {
        const sorted = [...acts].sort(
          (x, y) => (time(x.attributes.created) ?? 0) - (time(y.attributes.created) ?? 0) || x.id.localeCompare(y.id),
        );
        // each flow-action carries its own definition (with its links); its id is the item's
        graph = readFlowGraph(
          sorted.map((x) => ({ ...((x.attributes.definition ?? {}) as Record<string, unknown>), id: x.id })),
          null,
        );
      }
    }
    const steps = graph?.steps ?? null;
    const rel = triggerFromRel.get(item.id);
    if (!trigger && rel) trigger = rel;
    const triggerType = str(a.trigger_type);
    const triggerMetricId = trigger?.kind === 'metric' && trigger.id ? trigger.id : null;
    const triggerMetricName = triggerMetricId ? (metricNameById.get(triggerMetricId) ?? null) : null;
    const metricRole = roleOfMetric(triggerMetricName);
    const triggerSegmentId = trigger?.kind === 'segment' ? trigger.id : null;
    const triggerListId = trigger?.kind === 'list' ? trigger.id : null;

    const roles = new Set<FlowRole>();
    const bought = metricRole === 'order' || metricRole === 'orderedProduct' || metricRole === 'fulfilled';
    if (metricRole === 'checkout') roles.add('checkout');
    if (metricRole === 'cart') roles.add('cart');
    if (metricRole === 'browse' || metricRole === 'activeOnSite') roles.add('browse');
    const firstDelay = graph?.paths[0] ? firstSendDelayMinutes(graph.paths[0]) : null;
    if (RE.winback.test(name) || (bought && firstDelay !== null && firstDelay >= 60 * 1440)) {
      roles.add('winback');
    } else if (bought) roles.add('postPurchase');
    if (
      RE.welcome.test(name) &&
      (triggerType === 'Added to List' || trigger?.kind === 'list' || trigger?.kind === 'metric' || !trigger)
    ) {
      roles.add('welcome');
    }
    if (RE.sunset.test(name) || (triggerSegmentId && segKinds.get(triggerSegmentId)?.has('sunset'))) {
      roles.add('sunset');
    }
    const emails = steps?.filter((s) => s.type === 'send-email') ?? [];
    const transactional = (emails.length > 0 && emails.every((e) => e.transactional)) || RE.transactional.test(name);
    return {
      item,
      id: item.id,
      name,
      status,
      archived,
      live: status === 'live' && !archived,
      created: time(a.created),
      updated: time(a.updated),
      triggerType,
      triggerMetricId,
      triggerMetricName,
      triggerSegmentId,
      triggerListId,
      profileFilter,
      steps,
      paths: graph?.paths ?? null,
      unknownActionTypes: graph?.unknownTypes ?? [],
      roles,
      transactional,
    };
  });
  return {
    flows,
    metricNameById,
    metrics,
    orderMetricIds,
    primaryOrderMetricId,
    segmentById,
    listById,
    segments,
  };
}

/**
 * The metrics worth following day by day: what the live flows are triggered by, plus the account's Placed Order.
 * When the flows could not be read, the account's own checkout, cart and product-view metrics stand in.
 */
export function watchedMetricsOf(model: Model, flowsKnown = true): WatchedMetric[] {
  const live = model.flows.filter((f) => f.live && f.triggerMetricId).map((f) => f.triggerMetricId!);
  if (!flowsKnown)
    for (const role of ['checkout', 'cart', 'browse'] as const) {
      const m = primaryMetric(model.metrics, role);
      if (m) live.push(m.id);
    }
  return watchedMetrics(model.metrics, live);
}

/** The live emails a profile can receive in full: those of the path with the most (splits are alternatives). */
export const liveEmails = (f: FlowView): FlowStep[] => bestPathLiveEmails(f.paths ?? []);

/** Every live email of the flow, on every branch (for checks that apply to each message). */
export const allLiveEmails = (f: FlowView): FlowStep[] =>
  (f.steps ?? []).filter((s) => s.type === 'send-email' && s.status === 'live');

/** Minutes of time-delay before the first send-email in execution order; null if no email. */
export function firstSendDelayMinutes(steps: FlowStep[]): number | null {
  let total = 0;
  for (const s of steps) {
    if (s.type === 'time-delay') total += s.delayMinutes ?? 0;
    if (s.type === 'send-email') return total;
  }
  return null;
}

/**
 * A property filter of a metric condition (the spec's `ProfileMetricPropertyFilter`): it narrows the condition to
 * the events whose property matches. One whose `filter` is null puts no condition on its property.
 */
const narrows = (metricFilters: unknown): boolean =>
  Array.isArray(metricFilters) &&
  metricFilters.some((f) => f !== null && typeof f === 'object' && (f as { filter?: unknown }).filter != null);

/**
 * How a filter keeps buyers out: `all` when it holds "Placed Order zero times since starting this flow" (on any
 * order metric), `some` when the only such conditions carry `metric_filters` (zero orders *with that property*: a
 * buyer whose order lacks it still gets the reminders), `none` otherwise.
 */
export function buyerExclusion(filter: unknown, orderMetricIds: Set<string>): 'all' | 'some' | 'none' {
  let found: 'all' | 'some' | 'none' = 'none';
  walkConditions(filter, (c) => {
    if (c.type !== 'profile-metric') return;
    if (!orderMetricIds.has(String(c.metric_id))) return;
    const mf = (c.measurement_filter ?? {}) as Record<string, unknown>;
    const tf = (c.timeframe_filter ?? {}) as Record<string, unknown>;
    const zero =
      (mf.operator === 'equals' && mf.value === 0) ||
      (mf.operator === 'less-than' && mf.value === 1) ||
      (mf.operator === 'less-than-or-equal' && mf.value === 0);
    if (!zero || tf.operator !== 'flow-start') return;
    if (!narrows(c.metric_filters)) found = 'all';
    else if (found === 'none') found = 'some';
  });
  return found;
}

export const ageDays = (now: number, t: number | null): number | null => (t === null ? null : (now - t) / DAY_MS);
