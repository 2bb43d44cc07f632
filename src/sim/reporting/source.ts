import { getResource, relIds, typeMap } from '../dataset';
import type { SimDataset, SimResource } from '../types';
import { eventCounts } from './events-agg';
import { DAY_MS, dayStart, type Range } from './timeframe';

/**
 * Where report figures come from. A fixture can state them per object as `x-sim-figures` resources (id
 * `<type>:<id>`); otherwise they are derived from the seed and the object's id, day by day, so values over a
 * window always equal the sum of the daily series over that window (reports stay consistent with each other).
 */
export const FIGURES_TYPE = 'x-sim-figures';

export type Counts = {
  recipients: number;
  delivered: number;
  opens: number;
  opens_unique: number;
  clicks: number;
  clicks_unique: number;
  conversions: number;
  conversion_uniques: number;
  conversion_value: number;
  bounced: number;
  failed: number;
  spam_complaints: number;
  unsubscribes: number;
  unsubscribe_uniques: number;
};

export function hash(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    const s = String(p);
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0x2f;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
const unit = (...p: (string | number)[]) => hash(...p) / 4294967296;

export const fixtureFigures = (ds: SimDataset, key: string): Record<string, unknown> | undefined =>
  getResource(ds, FIGURES_TYPE, key)?.attributes;

/** Per-object rates, fixed by the id so every report about it agrees. */
function profile(id: string) {
  return {
    open: 0.3 + unit(id, 'o') * 0.3,
    click: 0.01 + unit(id, 'c') * 0.05,
    conv: 0.005 + unit(id, 'v') * 0.04,
    aov: 40 + unit(id, 'a') * 80,
    bounce: 0.002 + unit(id, 'b') * 0.008,
    spam: 0.00005 + unit(id, 's') * 0.0004,
    unsub: 0.001 + unit(id, 'u') * 0.004,
  };
}

export function countsFromRecipients(id: string, recipients: number, rates = profile(id)): Counts {
  const bounced = Math.round(recipients * rates.bounce);
  const delivered = recipients - bounced;
  const opensU = Math.round(delivered * rates.open);
  const clicksU = Math.round(delivered * rates.click);
  const convU = Math.round(delivered * rates.conv);
  const unsubU = Math.round(delivered * rates.unsub);
  return {
    recipients,
    delivered,
    opens: Math.round(opensU * 1.4),
    opens_unique: opensU,
    clicks: Math.round(clicksU * 1.3),
    clicks_unique: clicksU,
    conversions: Math.round(convU * 1.1),
    conversion_uniques: convU,
    conversion_value: Math.round(convU * rates.aov * 100) / 100,
    bounced,
    failed: 0,
    spam_complaints: Math.round(delivered * rates.spam),
    unsubscribes: unsubU,
    unsubscribe_uniques: unsubU,
  };
}

/** Counts from a fixture's summed MessageStats (the audit's shape) filled out to every count statistic. */
export function countsFromStats(s: Record<string, number>): Counts {
  const n = (k: string) => Number(s[k] ?? 0) || 0;
  return {
    recipients: n('recipients'),
    delivered: n('delivered'),
    opens: n('opens') || n('opens_unique'),
    opens_unique: n('opens_unique'),
    clicks: n('clicks') || n('clicks_unique'),
    clicks_unique: n('clicks_unique'),
    conversions: n('conversions') || n('conversion_uniques'),
    conversion_uniques: n('conversion_uniques'),
    conversion_value: n('conversion_value'),
    bounced: n('bounced'),
    failed: 0,
    spam_complaints: n('spam_complaints'),
    unsubscribes: n('unsubscribes') || n('unsubscribe_uniques'),
    unsubscribe_uniques: n('unsubscribe_uniques'),
  };
}

export function addCounts(a: Counts, b: Counts): Counts {
  const out = { ...a };
  for (const k of Object.keys(b) as (keyof Counts)[]) out[k] = Math.round((a[k] + b[k]) * 100) / 100;
  return out;
}

/** The send-email/sms messages of a flow: [message id, channel]. */
export function flowMessages(ds: SimDataset, flow: SimResource): { id: string; channel: string }[] {
  const def = flow.attributes.definition as { actions?: Record<string, unknown>[] } | undefined;
  const actions =
    def?.actions ??
    relIds(flow, 'flow-actions')
      .map((x) => getResource(ds, 'flow-action', x.id)?.attributes.definition as Record<string, unknown> | undefined)
      .filter((x): x is Record<string, unknown> => !!x);
  const out: { id: string; channel: string }[] = [];
  for (const a of actions) {
    const type = String(a.type ?? '');
    if (!type.startsWith('send-')) continue;
    const msg = (a.data as { message?: { id?: string } } | undefined)?.message;
    const channel = type === 'send-email' ? 'email' : type === 'send-sms' ? 'sms' : 'push-notification';
    out.push({ id: String(msg?.id ?? a.id), channel });
  }
  return out;
}

/** Daily recipients of a live flow on a given UTC day (generated data). */
function flowDaily(ds: SimDataset, flowId: string, day: number): number {
  const base = 5 + (hash(ds.accountId, flowId, 'base') % 200);
  return Math.round(base * (0.8 + 0.4 * unit(flowId, day)));
}

/** A flow's recipients per day over [start, end): from the fixture's series or generated. */
export function flowRecipientsByDay(ds: SimDataset, flow: SimResource, days: number[], now: number): number[] {
  const fx = fixtureFigures(ds, `flow:${flow.id}`);
  const today = dayStart(now);
  if (fx && Array.isArray(fx.dailyRecipients)) {
    const arr = fx.dailyRecipients as number[];
    // the series ends yesterday (the last complete day)
    return days.map((d) => {
      const back = Math.round((today - d) / DAY_MS);
      const idx = arr.length - back;
      return idx >= 0 && idx < arr.length ? arr[idx]! : 0;
    });
  }
  if (flow.attributes.status !== 'live') return days.map(() => 0);
  return days.map((d) => flowDaily(ds, flow.id, d));
}

export function daysIn(range: Range): number[] {
  const out: number[] = [];
  for (let d = dayStart(range.start); d < range.end; d += DAY_MS) out.push(d);
  return out;
}

/** Summed counts of one flow over a range. */
export function flowCounts(ds: SimDataset, flow: SimResource, range: Range, now: number): Counts {
  const fx = fixtureFigures(ds, `flow:${flow.id}`);
  if (fx && (fx.values30 || fx.values90)) {
    const pick = range.key === 'last_30_days' ? fx.values30 : (fx.values90 ?? fx.values30);
    return countsFromStats((pick ?? {}) as Record<string, number>);
  }
  const r = flowRecipientsByDay(ds, flow, daysIn(range), now).reduce((a, b) => a + b, 0);
  return generatedCounts(ds, flow.id, r, now);
}

/** Campaign counts over a range: a campaign counts when it was sent inside the range. */
export function campaignCounts(ds: SimDataset, c: SimResource, range: Range, now: number): Counts | null {
  const fx = fixtureFigures(ds, `campaign:${c.id}`);
  if (fx && (fx.values30 || fx.values90)) {
    const pick = range.key === 'last_30_days' ? fx.values30 : (fx.values90 ?? fx.values30);
    const counts = countsFromStats((pick ?? {}) as Record<string, number>);
    return counts.recipients ? counts : null;
  }
  const status = String(c.attributes.status ?? '');
  if (!/^sent$|variations sent/i.test(status)) return null;
  const at = Date.parse(String(c.attributes.send_time ?? ''));
  if (!Number.isFinite(at) || at < range.start || at >= range.end) return null;
  return generatedCounts(ds, c.id, campaignRecipients(ds, c.id), now);
}

export function campaignChannel(ds: SimDataset, c: SimResource): string {
  const msg = relIds(c, 'campaign-messages')[0];
  const m = msg ? getResource(ds, 'campaign-message', msg.id) : undefined;
  const ch = (m?.attributes.definition as { channel?: string } | undefined)?.channel ?? 'email';
  return ch === 'mobile_push' ? 'push-notification' : ch;
}

export function campaignMessageId(c: SimResource): string {
  return relIds(c, 'campaign-messages')[0]?.id ?? c.id;
}

/** Form views and submits over a range. */
export function formCounts(ds: SimDataset, form: SimResource, range: Range) {
  const fx = fixtureFigures(ds, `form:${form.id}`);
  const days = (range.end - range.start) / DAY_MS;
  let views: number;
  let submits: number;
  if (fx) {
    // fixture figures are for 30 days; other windows scale
    views = Math.round((Number(fx.viewed_form) || 0) * (days / 30));
    submits = Math.round((Number(fx.submits) || 0) * (days / 30));
  } else if (form.attributes.status === 'live') {
    views = Math.round((50 + (hash(ds.accountId, form.id) % 2000)) * days);
    submits = Math.round(views * (0.005 + unit(form.id, 'sr') * 0.055));
  } else {
    views = 0;
    submits = 0;
  }
  return {
    viewed_form: views,
    viewed_form_uniques: Math.round(views * 0.8),
    submits,
    submit_rate: views ? submits / views : 0,
    closed_form: Math.round(views * 0.6),
    closed_form_uniques: Math.round(views * 0.5),
    qualified_form: Math.round(views * 0.9),
    qualified_form_uniques: Math.round(views * 0.75),
    submitted_form_step: submits,
    submitted_form_step_uniques: submits,
    viewed_form_step: views,
    viewed_form_step_uniques: Math.round(views * 0.8),
  };
}

export function segmentMembers(ds: SimDataset, seg: SimResource): number {
  const fx = fixtureFigures(ds, `segment:${seg.id}`);
  if (fx && typeof fx.total_members === 'number') return fx.total_members;
  if (typeof seg.attributes.profile_count === 'number') return seg.attributes.profile_count;
  let n = 0;
  for (const p of typeMap(ds, 'profile').values()) if (relIds(p, 'segments').some((x) => x.id === seg.id)) n++;
  return n;
}

const campaignRecipients = (ds: SimDataset, id: string) => 500 + (hash(ds.accountId, id) % 20_000);

const calibrationCache = new WeakMap<SimDataset, { day: number; k: number; meanValue: number }>();

/**
 * Keeps generated reports consistent with the generated events: over the last 90 days, Klaviyo-attributed
 * conversions are about 30% of the Placed Order events (never more than there were orders), and each is worth
 * the account's average order value. Computed once per dataset and day, so every window and series agrees.
 */
function calibration(ds: SimDataset, now: number): { k: number; meanValue: number } {
  const day = dayStart(now);
  const hit = calibrationCache.get(ds);
  if (hit && hit.day === day) return hit;
  const days = Array.from({ length: 90 }, (_, i) => day - (90 - i) * DAY_MS);
  const po = [...typeMap(ds, 'metric').values()].find((m) => m.attributes.name === 'Placed Order');
  const orders = po ? eventCounts(ds, po.id, days, true) : { count: [], value: [] };
  const poCount = orders.count.reduce((a, b) => a + b, 0);
  const poValue = orders.value.reduce((a, b) => a + b, 0);
  let implied = 0;
  for (const f of typeMap(ds, 'flow').values()) {
    if (f.attributes.status !== 'live') continue;
    const r = days.reduce((a, d) => a + flowDaily(ds, f.id, d), 0);
    implied += countsFromRecipients(f.id, r).conversion_uniques;
  }
  for (const c of typeMap(ds, 'campaign').values()) {
    const at = Date.parse(String(c.attributes.send_time ?? ''));
    if (!/^sent$|variations sent/i.test(String(c.attributes.status ?? '')) || !(at >= days[0]! && at < day)) continue;
    implied += countsFromRecipients(c.id, campaignRecipients(ds, c.id)).conversion_uniques;
  }
  const k = implied > 0 ? Math.min(1, (0.3 * poCount) / implied) : 0;
  const out = { day, k, meanValue: poCount ? poValue / poCount : 0 };
  calibrationCache.set(ds, out);
  return out;
}

/** Generated counts for an object, with conversions calibrated against the account's orders. */
export function generatedCounts(ds: SimDataset, id: string, recipients: number, now: number): Counts {
  const c = countsFromRecipients(id, recipients);
  const { k, meanValue } = calibration(ds, now);
  const conv = Math.round(c.conversion_uniques * k);
  return {
    ...c,
    conversion_uniques: conv,
    conversions: Math.round(conv * 1.1),
    conversion_value: Math.round(conv * meanValue * 100) / 100,
  };
}
