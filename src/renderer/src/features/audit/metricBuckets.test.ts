import {
  bucketMetricVolume,
  chooseUnit,
  MIN_DAYS_FOR_WEEKS,
  splitIncomplete,
  SPARSE_MEDIAN_PER_DAY,
  type MetricSeries,
} from './metricBuckets';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const weekday = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();

/** Deterministic 0/1/2 counts, most days zero, like the tiny simulated accounts. */
function sparse(days: number, seed: number): number[] {
  let x = seed;
  return Array.from({ length: days }, () => {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const r = x / 2 ** 31;
    return r < 0.7 ? 0 : r < 0.92 ? 1 : 2;
  });
}

const flat = (days: number, perDay: number) => Array.from({ length: days }, () => perDay);

// 2026-08-26 is a Wednesday: the first week of the window is cut short
const WED = '2026-08-26';

describe('chooseUnit', () => {
  // one metric per argument, each a run of daily counts
  const unitOf = (...values: number[][]) => chooseUnit(values.map((v, i) => ({ label: `metric ${i}`, values: v })));

  it('sums sparse counts by week', () => {
    expect(unitOf(sparse(90, 1), sparse(90, 2))).toBe('week');
  });

  it('keeps dense counts daily', () => {
    expect(unitOf(flat(90, 400))).toBe('day');
  });

  it('decides on the busiest series: one busy metric keeps the days even beside quiet ones', () => {
    expect(unitOf(sparse(90, 3), flat(90, 250))).toBe('day');
  });

  it('switches exactly at the threshold median', () => {
    expect(unitOf(flat(90, SPARSE_MEDIAN_PER_DAY))).toBe('day');
    expect(unitOf(flat(90, SPARSE_MEDIAN_PER_DAY - 1))).toBe('week');
  });

  it('uses the median, not the mean: a few busy days do not make a sparse series dense', () => {
    const values = sparse(90, 4);
    values[10] = 900;
    values[40] = 900;
    expect(sum(values) / values.length).toBeGreaterThan(SPARSE_MEDIAN_PER_DAY);
    expect(unitOf(values)).toBe('week');
  });

  it('keeps the days when the window is shorter than two weeks', () => {
    expect(unitOf(sparse(MIN_DAYS_FOR_WEEKS - 1, 5))).toBe('day');
    expect(unitOf(sparse(MIN_DAYS_FOR_WEEKS, 5))).toBe('week');
  });

  it('treats no series, or series without days, as daily', () => {
    expect(unitOf()).toBe('day');
    expect(unitOf([], [])).toBe('day');
  });
});

describe('bucketMetricVolume', () => {
  const series: MetricSeries[] = [
    { label: 'Placed Order', values: sparse(90, 11) },
    { label: 'Started Checkout', values: sparse(90, 12) },
    { label: 'Active on Site', values: sparse(90, 13) },
  ];

  it('weekly sums add up to the daily totals, series by series', () => {
    const out = bucketMetricVolume(WED, series);
    expect(out.unit).toBe('week');
    expect(out.series.map((s) => s.label)).toEqual(series.map((s) => s.label));
    out.series.forEach((s, i) => {
      expect(s.values).toHaveLength(out.buckets.length);
      expect(sum(s.values)).toBe(sum(series[i]!.values));
    });
    expect(out.total).toBe(sum(series.flatMap((s) => s.values)));
    expect(out.total).toBeGreaterThan(0);
  });

  it('weeks run Monday to Sunday; only the ends of the window are cut short', () => {
    const out = bucketMetricVolume(WED, series);
    const { buckets } = out;
    // Wed 26 Aug → Sun 23 Nov: 5 days, 12 full weeks, then Monday 23 Nov alone
    expect(buckets.length).toBe(14);
    expect(buckets[0]).toEqual({ from: '2026-08-26', to: '2026-08-30', days: 5, complete: false });
    expect(buckets.at(-1)).toEqual({ from: '2026-11-23', to: '2026-11-23', days: 1, complete: false });
    buckets.slice(1).forEach((b) => expect(weekday(b.from)).toBe(1));
    buckets.slice(0, -1).forEach((b) => expect(weekday(b.to)).toBe(0));
    buckets.slice(1, -1).forEach((b) => expect(b).toMatchObject({ days: 7, complete: true }));
    expect(sum(buckets.map((b) => b.days))).toBe(90);
  });

  it('a window that starts on a Monday has only full weeks until its end', () => {
    const out = bucketMetricVolume('2026-08-24', [{ label: 'a', values: sparse(28, 7) }]);
    expect(out.buckets.map((b) => [b.from, b.days])).toEqual([
      ['2026-08-24', 7],
      ['2026-08-31', 7],
      ['2026-09-07', 7],
      ['2026-09-14', 7],
    ]);
  });

  it('keeps dense counts as they are, one bucket per day', () => {
    const dense = [{ label: 'Active on Site', values: Array.from({ length: 30 }, (_, i) => 200 + i) }];
    const out = bucketMetricVolume(WED, dense);
    expect(out.unit).toBe('day');
    expect(out.buckets).toHaveLength(30);
    expect(out.buckets[0]).toEqual({ from: WED, to: WED, days: 1, complete: true });
    expect(out.buckets[6]!.from).toBe('2026-09-01');
    expect(out.series[0]!.values).toEqual(dense[0]!.values);
  });

  it('counts the days a shorter series lacks as zero', () => {
    const out = bucketMetricVolume(
      WED,
      [
        { label: 'long', values: flat(20, 1) },
        { label: 'short', values: flat(3, 1) },
      ],
      { unit: 'week' },
    );
    expect(sum(out.buckets.map((b) => b.days))).toBe(20);
    expect(out.series[1]!.values).toEqual([3, 0, 0, 0]);
    expect(out.total).toBe(23);
  });

  it('an all-zero window has buckets but a total of zero (the chart shows its empty state)', () => {
    const out = bucketMetricVolume(WED, [{ label: 'a', values: flat(90, 0) }]);
    expect(out.unit).toBe('week');
    expect(out.buckets.length).toBeGreaterThan(0);
    expect(out.total).toBe(0);
  });

  it('marks the bucket of the day the figures were fetched on incomplete, and only that one', () => {
    const values = [{ label: 'a', values: flat(30, 300) }];
    // the window's last day is 2026-09-24; fetched that afternoon
    const today = bucketMetricVolume(WED, values, { fetchedAt: '2026-09-24T15:00:00Z' });
    expect(today.buckets.at(-1)).toMatchObject({ from: '2026-09-24', complete: false });
    expect(today.buckets.slice(0, -1).every((b) => b.complete)).toBe(true);
    // fetched once the day was over
    const after = bucketMetricVolume(WED, values, { fetchedAt: '2026-09-25T00:00:00Z' });
    expect(after.buckets.every((b) => b.complete)).toBe(true);
    // a whole week (Mon 21 – Sun 27 Sep) that is still running
    const week = bucketMetricVolume(WED, [{ label: 'a', values: flat(33, 1) }], { fetchedAt: '2026-09-27T09:00:00Z' });
    expect(week.buckets.at(-1)).toEqual({ from: '2026-09-21', to: '2026-09-27', days: 7, complete: false });
  });

  it('empty input gives no buckets', () => {
    expect(bucketMetricVolume(WED, [])).toEqual({ unit: 'day', buckets: [], series: [], total: 0 });
    expect(bucketMetricVolume(WED, [{ label: 'a', values: [] }])).toMatchObject({ buckets: [], total: 0 });
    expect(bucketMetricVolume('', [{ label: 'a', values: [1, 2] }])).toMatchObject({ buckets: [], total: 0 });
  });
});

describe('splitIncomplete', () => {
  it('draws complete buckets solid and the incomplete ends dashed, joined to their neighbours', () => {
    expect(splitIncomplete([4, 9, 8, 7, 1], [false, true, true, true, false])).toEqual({
      solid: [null, 9, 8, 7, null],
      dashed: [4, 9, null, 7, 1],
    });
  });

  it('leaves the dashed line empty when every bucket is complete', () => {
    expect(splitIncomplete([1, 2, 3], [true, true, true])).toEqual({
      solid: [1, 2, 3],
      dashed: [null, null, null],
    });
  });

  it('keeps zeros as values, not gaps', () => {
    expect(splitIncomplete([0, 0, 0], [true, true, false])).toEqual({ solid: [0, 0, null], dashed: [null, 0, 0] });
  });
});
