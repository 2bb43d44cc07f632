/**
 * What a performance card draws. Small accounts often have figures that are all zero: a chart of zeros is an
 * empty axis that looks broken, so the card says why instead. One non-zero value is enough to draw the chart,
 * zero bars included, since "this flow earned nothing" beside one that did is a finding in itself.
 */
export type ChartState = 'chart' | 'empty' | 'unfetched';

export function chartState(values: Iterable<number>, fetchedAt: string | null): ChartState {
  for (const v of values) if (v !== 0) return 'chart';
  return fetchedAt ? 'empty' : 'unfetched';
}
