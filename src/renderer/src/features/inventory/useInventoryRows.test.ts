import { evictFarthest } from './useInventoryRows';

describe('inventory row cache', () => {
  it('keeps the chunks nearest to the one just loaded and drops the farthest', () => {
    const chunks = new Map([0, 1, 2, 3, 4, 5, 6, 7].map((k) => [k, `rows ${k}`] as const));
    evictFarthest(chunks, 6, 4);
    expect([...chunks.keys()].sort((a, b) => a - b)).toEqual([4, 5, 6, 7]);
  });

  it('never drops the chunk just loaded, and leaves a cache within its bound alone', () => {
    const chunks = new Map([[3, 'rows 3']]);
    evictFarthest(chunks, 3, 0);
    expect([...chunks.keys()]).toEqual([3]);
    const small = new Map([
      [0, 'a'],
      [9, 'b'],
    ]);
    evictFarthest(small, 0, 2);
    expect([...small.keys()]).toEqual([0, 9]);
  });
});
