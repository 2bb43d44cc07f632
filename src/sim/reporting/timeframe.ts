import { invalidBody } from '../errors';

export const DAY_MS = 86_400_000;
export const dayStart = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

/** A timeframe as [start, end) in epoch ms, plus the key it came from (fixtures pick their figures by key). */
export type Range = { start: number; end: number; key: string | null };

const KEY_DAYS: Record<string, number> = {
  last_7_days: 7,
  last_30_days: 30,
  last_90_days: 90,
  last_3_months: 91,
  last_365_days: 365,
  last_12_months: 365,
};

/**
 * Resolves a Reporting API timeframe against the simulator clock. The account timezone is taken as UTC;
 * "last N days" ends at the start of today, as Klaviyo's reports do (today is still incomplete).
 */
export function resolveTimeframe(tf: unknown, now: number): Range {
  if (!tf || typeof tf !== 'object') throw invalidBody('/data/attributes/timeframe', 'A timeframe is required.');
  const o = tf as { key?: unknown; start?: unknown; end?: unknown };
  const today = dayStart(now);
  if (typeof o.key === 'string') {
    const k = o.key;
    if (k in KEY_DAYS) return { start: today - KEY_DAYS[k]! * DAY_MS, end: today, key: k };
    if (k === 'today') return { start: today, end: now, key: k };
    if (k === 'yesterday') return { start: today - DAY_MS, end: today, key: k };
    if (k === 'this_week') return { start: today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS, end: now, key: k };
    if (k === 'last_week') {
      const thisWeek = today - ((new Date(today).getUTCDay() + 6) % 7) * DAY_MS;
      return { start: thisWeek - 7 * DAY_MS, end: thisWeek, key: k };
    }
    const d = new Date(today);
    if (k === 'this_month') return { start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), end: now, key: k };
    if (k === 'last_month')
      return {
        start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1),
        end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
        key: k,
      };
    if (k === 'this_year') return { start: Date.UTC(d.getUTCFullYear(), 0, 1), end: now, key: k };
    if (k === 'last_year')
      return { start: Date.UTC(d.getUTCFullYear() - 1, 0, 1), end: Date.UTC(d.getUTCFullYear(), 0, 1), key: k };
    throw invalidBody('/data/attributes/timeframe/key', `Unknown timeframe key '${k}'.`);
  }
  const start = typeof o.start === 'string' ? Date.parse(o.start) : NaN;
  const end = typeof o.end === 'string' ? Date.parse(o.end) : NaN;
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start)
    throw invalidBody('/data/attributes/timeframe', 'A custom timeframe needs a start before its end.');
  if (end - start > 366 * DAY_MS) throw invalidBody('/data/attributes/timeframe', 'The maximum timeframe is 1 year.');
  return { start, end, key: null };
}

const INTERVAL_LIMIT_DAYS: Record<string, number> = { hourly: 7, daily: 60, weekly: 366, monthly: 366 };

/** Bucket starts for a series; enforces the documented interval limits. */
export function buckets(range: Range, interval: unknown): number[] {
  if (typeof interval !== 'string' || !(interval in INTERVAL_LIMIT_DAYS))
    throw invalidBody('/data/attributes/interval', 'interval must be one of daily, hourly, monthly, weekly.');
  const days = (range.end - range.start) / DAY_MS;
  if (days > INTERVAL_LIMIT_DAYS[interval]! + 1e-9)
    throw invalidBody(
      '/data/attributes/interval',
      `The ${interval} interval allows at most ${INTERVAL_LIMIT_DAYS[interval]} days.`,
    );
  const step =
    interval === 'hourly' ? 3_600_000 : interval === 'daily' ? DAY_MS : interval === 'weekly' ? 7 * DAY_MS : 0;
  const out: number[] = [];
  if (step) for (let t = range.start; t < range.end; t += step) out.push(t);
  else {
    const d = new Date(range.start);
    for (let m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1); m < range.end;) {
      out.push(Math.max(m, range.start));
      const md = new Date(m);
      m = Date.UTC(md.getUTCFullYear(), md.getUTCMonth() + 1, 1);
    }
  }
  return out;
}

export const isoHour = (t: number) => new Date(t).toISOString().replace('.000Z', '+00:00');
