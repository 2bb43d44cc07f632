import type { NewSyncRunRow, RunPageQuery } from '../index';
import { addWorkspace, useTestStore } from '../test-helpers';

type RunSpec = Pick<NewSyncRunRow, 'workspaceId' | 'trigger' | 'status' | 'startedAt'> & {
  direction?: NewSyncRunRow['direction'];
  resources?: string[];
};

/** r1…r5 in insertion (id) order; r4 started before r3, so start time and id disagree once. */
const RUNS: Record<string, RunSpec> = {
  r1: { workspaceId: 'w1', trigger: 'manual', status: 'ok', startedAt: 1000, resources: ['flows'] },
  r2: { workspaceId: 'w1', trigger: 'daily', status: 'failed_auth', startedAt: 2000, resources: ['campaigns'] },
  r3: { workspaceId: 'w2', trigger: 'cli', status: 'ok', startedAt: 4000, resources: ['flows'] },
  r4: {
    workspaceId: 'w1',
    trigger: 'tray',
    status: 'partial_or_timeout',
    startedAt: 3000,
    resources: ['flows', 'campaigns'],
  },
  r5: { workspaceId: 'w1', trigger: 'manual', status: 'ok', startedAt: 5000, direction: 'push' },
};

describe('sync run reads', () => {
  const store = useTestStore();
  const names = new Map<number, string>();
  const ids: Record<string, number> = {};

  beforeEach(() => {
    names.clear();
    addWorkspace(store(), 'w1');
    addWorkspace(store(), 'w2');
    for (const [name, { resources = [], ...row }] of Object.entries(RUNS)) {
      const run = store().runs.insert({ requestId: `req-${name}`, ...row });
      ids[name] = run.id;
      names.set(run.id, name);
      for (const resource of resources) store().runs.upsertResource({ runId: run.id, resource, status: 'ok' });
    }
  });

  const named = (rows: { id: number }[]) => rows.map((r) => names.get(r.id));
  const page = (q: Partial<RunPageQuery> = {}) => {
    const { rows, total } = store().runs.page({ sort: 'desc', offset: 0, limit: 50, ...q });
    return { total, runs: named(rows) };
  };

  it('pages the history newest or oldest first, with the total of all that match', () => {
    expect(page()).toEqual({ total: 5, runs: ['r5', 'r4', 'r3', 'r2', 'r1'] });
    expect(page({ sort: 'asc' })).toEqual({ total: 5, runs: ['r1', 'r2', 'r3', 'r4', 'r5'] });
    expect(page({ offset: 1, limit: 2 })).toEqual({ total: 5, runs: ['r4', 'r3'] });
    expect(page({ sort: 'asc', offset: 3, limit: 10 })).toEqual({ total: 5, runs: ['r4', 'r5'] });
    expect(page({ offset: 5 })).toEqual({ total: 5, runs: [] });
  });

  it('filters by workspace, any of several statuses and triggers, a resource, and a start range', () => {
    expect(page({ workspaceId: 'w1' })).toEqual({ total: 4, runs: ['r5', 'r4', 'r2', 'r1'] });
    expect(page({ status: ['ok', 'failed_auth'] })).toEqual({ total: 4, runs: ['r5', 'r3', 'r2', 'r1'] });
    expect(page({ trigger: ['manual', 'tray'] })).toEqual({ total: 3, runs: ['r5', 'r4', 'r1'] });
    expect(page({ resource: 'flows' })).toEqual({ total: 3, runs: ['r4', 'r3', 'r1'] });
    expect(page({ resource: 'campaigns' })).toEqual({ total: 2, runs: ['r4', 'r2'] });
    // inclusive at both ends, on the start time (not the id)
    expect(page({ from: 2000, to: 4000 })).toEqual({ total: 3, runs: ['r4', 'r3', 'r2'] });
    expect(page({ from: 3000 })).toEqual({ total: 3, runs: ['r5', 'r4', 'r3'] });
    expect(page({ to: 2999 })).toEqual({ total: 2, runs: ['r2', 'r1'] });
    expect(page({ workspaceId: 'w1', status: ['ok'], resource: 'flows' })).toEqual({ total: 1, runs: ['r1'] });
    expect(page({ workspaceId: 'w2', trigger: ['manual'] })).toEqual({ total: 0, runs: [] });
    // an empty list of values filters nothing
    expect(page({ status: [], trigger: [] }).total).toBe(5);
  });

  it('lists newest first under the same filters, the start range applied before the limit', () => {
    const list = (q: Parameters<ReturnType<typeof store>['runs']['list']>[0]) => named(store().runs.list(q));
    expect(list({})).toEqual(['r5', 'r4', 'r3', 'r2', 'r1']);
    expect(list({ limit: 2 })).toEqual(['r5', 'r4']);
    expect(list({ from: 1000, to: 2000, limit: 2 })).toEqual(['r2', 'r1']);
    expect(list({ workspaceId: 'w1', status: ['ok'], limit: 1 })).toEqual(['r5']);
    expect(list({ trigger: ['manual'], direction: 'pull' })).toEqual(['r1']);
    expect(list({ direction: 'push' })).toEqual(['r5']);
    expect(list({ resource: 'campaigns' })).toEqual(['r4', 'r2']);
    expect(list({ beforeId: ids.r3 })).toEqual(['r2', 'r1']);
  });

  it('finds a workspace’s latest run, or its latest finished one', () => {
    expect(names.get(store().runs.latest('w1')!.id)).toBe('r5');
    const running = store().runs.insert({
      requestId: 'req-r6',
      workspaceId: 'w1',
      trigger: 'manual',
      status: 'running',
      startedAt: 6000,
    });
    expect(store().runs.latest('w1')!.id).toBe(running.id);
    expect(names.get(store().runs.latest('w1', { finishedOnly: true })!.id)).toBe('r5');
    expect(store().runs.latest('nobody')).toBeUndefined();
  });
});
