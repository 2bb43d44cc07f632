import type { SyncCursorRow } from '../store';
import { needsFetch, planIncremental } from './incremental';
import type { SourceResource } from './source';

const start = Date.UTC(2026, 11, 3, 9, 0);
const res = (key: string, parent?: string, incremental = !parent): SourceResource =>
  ({
    key,
    type: key,
    ...(parent ? { parent } : {}),
    ...(incremental ? { cursorField: 'updated' } : {}),
  }) as unknown as SourceResource;
const cursor = (resource: string, cursorField: string, highWater: string | null, full: number | null = 1) =>
  ({
    workspaceId: 'w',
    resource,
    cursorField,
    highWater,
    lastFullRunId: full,
    lastIdListingAt: null,
    updatedAt: 0,
  }) satisfies SyncCursorRow;

describe('planIncremental: which resources go incrementally', () => {
  const resources = [res('flows'), res('flow-actions', 'flows'), res('flow-messages', 'flow-actions'), res('lists')];
  const at = new Date(start - 3600_000).toISOString();

  it('a family with valid cursors goes incrementally, children following the changed parents', () => {
    const plan = planIncremental(
      resources,
      [
        cursor('flows', 'updated', at),
        cursor('flow-actions', 'updated', at),
        cursor('flow-messages', 'updated', at),
        cursor('lists', 'updated', at),
      ],
      start,
    );
    expect(Object.fromEntries(plan)).toEqual({
      flows: { mode: 'ids', cursorMs: start - 3600_000 },
      'flow-actions': { mode: 'follow' },
      'flow-messages': { mode: 'follow' },
      lists: { mode: 'ids', cursorMs: start - 3600_000 },
    });
  });

  it('a missing or invalid cursor anywhere in a family lists the whole family', () => {
    const ok = [cursor('lists', 'updated', at)];
    const cases: SyncCursorRow[][] = [
      [cursor('flows', 'updated', at), cursor('flow-actions', 'updated', at)], // flow-messages missing
      [
        cursor('flows', 'updated', 'yesterday'),
        cursor('flow-actions', 'updated', at),
        cursor('flow-messages', 'updated', at),
      ],
      // ahead of the run's own start: never trusted
      [
        cursor('flows', 'updated', new Date(start + 1000).toISOString()),
        cursor('flow-actions', 'updated', at),
        cursor('flow-messages', 'updated', at),
      ],
      // another field than the definition's, or no complete full sync behind it
      [
        cursor('flows', 'updated_at', at),
        cursor('flow-actions', 'updated', at),
        cursor('flow-messages', 'updated', at),
      ],
      [
        cursor('flows', 'updated', at, null),
        cursor('flow-actions', 'updated', at),
        cursor('flow-messages', 'updated', at),
      ],
    ];
    for (const rows of cases)
      expect([...planIncremental(resources, [...rows, ...ok], start).keys()]).toEqual(['lists']);
  });
});

describe('needsFetch: what an id listing sends on to be fetched', () => {
  const from = start - 3600_000;
  it('new, moved, unreadable, within the lookback or in the future: fetched; older and unmoved: not', () => {
    expect(needsFetch(undefined, '2026-01-01T00:00:00+00:00', from)).toBe(true);
    expect(needsFetch('2026-01-01T00:00:00+00:00', '2026-01-02T00:00:00+00:00', from)).toBe(true);
    expect(needsFetch(null, null, from)).toBe(true);
    expect(needsFetch('garbage', 'garbage', from)).toBe(true);
    const inWindow = new Date(from).toISOString();
    expect(needsFetch(inWindow, inWindow, from)).toBe(true);
    const future = new Date(start + 86_400_000).toISOString();
    expect(needsFetch(future, future, from)).toBe(true);
    const old = new Date(from - 1000).toISOString();
    expect(needsFetch(old, old, from)).toBe(false);
  });
});
