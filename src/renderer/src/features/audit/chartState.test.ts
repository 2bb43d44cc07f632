import { chartState } from './chartState';

const AT = '2026-11-24T08:00:00.000Z';

describe('chartState', () => {
  it('draws the chart when any value is not zero, zero bars and all', () => {
    expect(chartState([0, 0, 12.5, 0], AT)).toBe('chart');
    expect(chartState([3], AT)).toBe('chart');
  });

  it('counts a refund (negative revenue) as something to draw', () => {
    expect(chartState([0, -20], AT)).toBe('chart');
  });

  it('says "nothing attributed" for fetched figures that are all zero or absent', () => {
    expect(chartState([0, 0, 0], AT)).toBe('empty');
    expect(chartState([], AT)).toBe('empty');
  });

  it('says "not fetched yet" before the first refresh', () => {
    expect(chartState([], null)).toBe('unfetched');
    expect(chartState([0], null)).toBe('unfetched');
  });
});
