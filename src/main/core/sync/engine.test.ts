import type { StagedItem } from '../store';
import { sliceByBytes } from './engine';

const item = (id: string, bytes: number): StagedItem => ({
  resourceType: 'templates',
  klaviyoId: id,
  name: null,
  status: null,
  channel: null,
  triggerType: null,
  archived: null,
  createdAt: null,
  updatedAt: null,
  parentType: null,
  parentId: null,
  attributesJson: 'x'.repeat(bytes - 2),
  relationshipsJson: '{}',
  versionHash: id,
});

describe('staging slices (a page of big templates is not one long transaction)', () => {
  it('cuts consecutive slices under the byte budget, keeps order, never drops or splits an item', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((id, i) => item(id, [100, 300, 200, 700, 50][i]!));
    const slices = sliceByBytes(items, 500);
    expect(slices.map((s) => s.map((it) => it.klaviyoId))).toEqual([['a', 'b'], ['c'], ['d'], ['e']]);
    expect(slices.flat()).toEqual(items);
  });

  it('gives one empty slice for no items, so a "parent done" mark is still written', () => {
    expect(sliceByBytes([], 500)).toEqual([[]]);
  });
});
