/**
 * How the trigger-metric chart groups its daily counts. A small account records a handful of events a day, and
 * ninety points of 0, 1, 0, 2 read as noise; summed by week the same events show a trend. A busy account keeps
 * its daily detail.
 */

export interface MetricSeries {
  label: string;
  /** one count per day, oldest first */
  values: number[];
}

export interface MetricBucket {
  /** first and last day the bucket covers (YYYY-MM-DD, inclusive): a week at either end of the window is cut short */
  from: string;
  to: string;
  days: number;
  /**
   * every day of the period is in the window and was over when the figures were fetched. An incomplete bucket
   * holds fewer events than a whole one: drawn like the others it reads as a drop.
   */
  complete: boolean;
}

export interface BucketedVolume {
  unit: 'day' | 'week';
  buckets: MetricBucket[];
  /** the same series, one value per bucket */
  series: MetricSeries[];
  /** every event in the window, so a chart can tell "nothing happened" from "small numbers" */
  total: number;
}

/** Below this many events on the busiest series' median day, daily lines are mostly noise. */
export const SPARSE_MEDIAN_PER_DAY = 10;
/** Fewer days than two weeks would leave a weekly line of one or two points, which says less than the days. */
export const MIN_DAYS_FOR_WEEKS = 14;
/** Weeks run Monday to Sunday (ISO 8601), whatever the window's first day, so buckets line up across accounts. */
export const WEEK_STARTS_ON = 1;

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function median(values: number[]): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Days in the window: the longest series, the shorter ones counting 0 on the days they lack. */
const windowDays = (series: MetricSeries[]) => series.reduce((n, s) => Math.max(n, s.values.length), 0);

/** Weekly when the window spans at least two weeks and even the busiest series has a small median day. */
export function chooseUnit(series: MetricSeries[]): 'day' | 'week' {
  const days = windowDays(series);
  if (days < MIN_DAYS_FOR_WEEKS) return 'day';
  const padded = (s: MetricSeries) => Array.from({ length: days }, (_, i) => s.values[i] ?? 0);
  const busiest = Math.max(0, ...series.map((s) => median(padded(s))));
  return busiest < SPARSE_MEDIAN_PER_DAY ? 'week' : 'day';
}

/**
 * Groups daily counts starting at `startDate` (YYYY-MM-DD, a UTC day like the reporting window's) into the unit
 * {@link chooseUnit} picks, or `opts.unit`. Weekly buckets hold every day of the window, so their sums add up to
 * the daily total. `opts.fetchedAt` (ISO time) marks the bucket holding that still-running day incomplete.
 */
export function bucketMetricVolume(
  startDate: string,
  series: MetricSeries[],
  opts: { unit?: 'day' | 'week'; fetchedAt?: string | null } = {},
): BucketedVolume {
  const unit = opts.unit ?? chooseUnit(series);
  const fetchedAt = opts.fetchedAt ? Date.parse(opts.fetchedAt) : Number.POSITIVE_INFINITY;
  const start = Date.parse(`${startDate}T00:00:00Z`);
  const days = windowDays(series);
  if (!Number.isFinite(start) || days === 0) return { unit, buckets: [], series: [], total: 0 };

  const buckets: MetricBucket[] = [];
  // which bucket each day falls in
  const slot: number[] = [];
  for (let i = 0; i < days; i++) {
    const ms = start + i * DAY_MS;
    const weekday = new Date(ms).getUTCDay();
    const opens = i === 0 || unit === 'day' || weekday === WEEK_STARTS_ON;
    if (opens) buckets.push({ from: isoDay(ms), to: isoDay(ms), days: 0, complete: true });
    const current = buckets[buckets.length - 1]!;
    current.to = isoDay(ms);
    current.days++;
    if (ms + DAY_MS > fetchedAt) current.complete = false;
    slot.push(buckets.length - 1);
  }
  const span = unit === 'week' ? 7 : 1;
  for (const b of buckets) if (b.days < span) b.complete = false;

  let total = 0;
  const grouped = series.map((s) => {
    const values = new Array<number>(buckets.length).fill(0);
    for (let i = 0; i < days; i++) {
      const v = s.values[i] ?? 0;
      const k = slot[i]!;
      values[k] = (values[k] ?? 0) + v;
      total += v;
    }
    return { label: s.label, values };
  });
  return { unit, buckets, series: grouped, total };
}

/**
 * One series as two lines: `solid` through the complete buckets, `dashed` through the incomplete ones, each dashed
 * run joined to its complete neighbours so the line stays unbroken. Null where a line does not go.
 */
export function splitIncomplete(
  values: number[],
  complete: boolean[],
): { solid: (number | null)[]; dashed: (number | null)[] } {
  const solid = values.map((v, i) => (complete[i] ? v : null));
  const dashed = values.map((v, i) =>
    !complete[i] || complete[i - 1] === false || complete[i + 1] === false ? v : null,
  );
  return { solid, dashed };
}
