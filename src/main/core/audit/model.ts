import { type AuditInput, type InvItem, DAY_MS, nameOf, num, relIds, str, time } from './input';

/**
 * Normalised views over raw inventory items. Klaviyo gives a flow's shape either in `definition`
 * (additional-fields[flow]=definition) or spread over flow-actions; the rules should not care which.
 */

export type FlowStep = {
  id: string;
  type: string;
  /** send-email/send-sms status: live, draft, manual, disabled */
  status: string | null;
  smartSending: boolean | null;
  transactional: boolean;
  additionalFilters: unknown;
  delayMinutes: number | null;
};

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
  triggerMetricName: string | null;
  triggerSegmentId: string | null;
  triggerListId: string | null;
  profileFilter: unknown;
  /** in execution order; null when neither a definition nor flow actions were synced */
  steps: FlowStep[] | null;
  roles: Set<FlowRole>;
  transactional: boolean;
};

export const TRIGGER_METRICS = {
  checkout: ['Started Checkout'],
  cart: ['Added to Cart'],
  browse: ['Viewed Product', 'Active on Site'],
  order: ['Placed Order', 'Fulfilled Order', 'Ordered Product'],
} as const;

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

function parseStep(id: string, def: Record<string, unknown>): FlowStep {
  const type = str(def.type) ?? 'unknown';
  const data = (def.data ?? {}) as Record<string, unknown>;
  const message = (data.message ?? {}) as Record<string, unknown>;
  let delayMinutes: number | null = null;
  if (type === 'time-delay') {
    const v = num(data.value) ?? 0;
    const unit = str(data.unit) ?? 'days';
    delayMinutes = unit === 'minutes' ? v : unit === 'hours' ? v * 60 : v * 1440;
  }
  return {
    id,
    type,
    status: str(data.status),
    smartSending: typeof message.smart_sending_enabled === 'boolean' ? message.smart_sending_enabled : null,
    transactional: message.transactional === true,
    additionalFilters: message.additional_filters ?? null,
    delayMinutes,
  };
}

/** Orders actions by following `links.next` from the entry action; falls back to array order. */
function orderActions(actions: Record<string, unknown>[], entryId: string | null): Record<string, unknown>[] {
  const byId = new Map<string, Record<string, unknown>>();
  for (const a of actions) if (a.id != null) byId.set(String(a.id), a);
  if (!entryId || !byId.has(entryId)) return actions;
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let cur: string | null = entryId;
  while (cur && byId.has(cur) && !seen.has(cur)) {
    seen.add(cur);
    const a = byId.get(cur)!;
    out.push(a);
    const links = (a.links ?? {}) as Record<string, unknown>;
    cur = links.next != null ? String(links.next) : null;
  }
  // branches and splits are appended so their messages still count
  for (const a of actions) if (a.id == null || !seen.has(String(a.id))) out.push(a);
  return out;
}

export type Model = {
  flows: FlowView[];
  metricNameById: Map<string, string>;
  metricIdByName: Map<string, string>;
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

export function buildModel(input: AuditInput): Model {
  const metricNameById = new Map<string, string>();
  const metricIdByName = new Map<string, string>();
  for (const m of input.metrics) {
    const n = str(m.attributes.name);
    if (n) {
      metricNameById.set(m.id, n);
      if (!metricIdByName.has(n)) metricIdByName.set(n, m.id);
    }
  }
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
    let steps: FlowStep[] | null = null;
    let profileFilter: unknown = null;
    if (def) {
      const t = Array.isArray(def.triggers) ? (def.triggers[0] as Record<string, unknown> | undefined) : undefined;
      if (t) trigger = { kind: str(t.type) ?? 'unknown', id: t.id != null ? String(t.id) : null };
      const acts = Array.isArray(def.actions) ? (def.actions as Record<string, unknown>[]) : [];
      steps = orderActions(acts, def.entry_action_id != null ? String(def.entry_action_id) : null).map((x, i) =>
        parseStep(String(x.id ?? i), x),
      );
      profileFilter = def.profile_filter ?? null;
    } else {
      const acts = actionsByFlow.get(item.id);
      if (acts) {
        const sorted = [...acts].sort(
          (x, y) => (time(x.attributes.created) ?? 0) - (time(y.attributes.created) ?? 0) || x.id.localeCompare(y.id),
        );
        steps = sorted.map((x) => parseStep(x.id, (x.attributes.definition ?? {}) as Record<string, unknown>));
      }
    }
    const rel = triggerFromRel.get(item.id);
    if (!trigger && rel) trigger = rel;
    const triggerType = str(a.trigger_type);
    const triggerMetricName =
      trigger?.kind === 'metric' && trigger.id ? (metricNameById.get(trigger.id) ?? null) : null;
    const triggerSegmentId = trigger?.kind === 'segment' ? trigger.id : null;
    const triggerListId = trigger?.kind === 'list' ? trigger.id : null;

    const roles = new Set<FlowRole>();
    const inSet = (list: readonly string[]) => triggerMetricName !== null && list.includes(triggerMetricName);
    if (inSet(TRIGGER_METRICS.checkout)) roles.add('checkout');
    if (inSet(TRIGGER_METRICS.cart)) roles.add('cart');
    if (inSet(TRIGGER_METRICS.browse)) roles.add('browse');
    const firstDelay = steps ? firstSendDelayMinutes(steps) : null;
    if (RE.winback.test(name) || (inSet(TRIGGER_METRICS.order) && firstDelay !== null && firstDelay >= 60 * 1440)) {
      roles.add('winback');
    } else if (inSet(TRIGGER_METRICS.order)) roles.add('postPurchase');
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
      triggerMetricName,
      triggerSegmentId,
      triggerListId,
      profileFilter,
      steps,
      roles,
      transactional,
    };
  });
  return { flows, metricNameById, metricIdByName, segmentById, listById, segments };
}

export const liveEmails = (f: FlowView): FlowStep[] =>
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

/** True when a filter holds "Placed Order zero times since starting this flow". */
export function excludesBuyers(filter: unknown, placedOrderId: string | null): boolean {
  let found = false;
  walkConditions(filter, (c) => {
    if (c.type !== 'profile-metric') return;
    if (placedOrderId && String(c.metric_id) !== placedOrderId) return;
    const mf = (c.measurement_filter ?? {}) as Record<string, unknown>;
    const tf = (c.timeframe_filter ?? {}) as Record<string, unknown>;
    const zero =
      (mf.operator === 'equals' && mf.value === 0) ||
      (mf.operator === 'less-than' && mf.value === 1) ||
      (mf.operator === 'less-than-or-equal' && mf.value === 0);
    if (zero && tf.operator === 'flow-start') found = true;
  });
  return found;
}

export const ageDays = (now: number, t: number | null): number | null => (t === null ? null : (now - t) / DAY_MS);
