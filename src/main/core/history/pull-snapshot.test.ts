import { simCall } from '../../../sim/testing';
import type { SimResource } from '../../../sim/types';
import { addWorkspace, stagedItem, syncItems, useTestStore } from '../store/test-helpers';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';
import { manifestOfRun, rebuildRun, recordPullSnapshot } from './index';
import { inventoryNow, snapshotKind } from './test-helpers';

describe('a pull run rebuilt from its snapshot equals the inventory after that run', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('over four real syncs with churn in between (edits, a revert, adds, deletes)', async () => {
    fx = await syncFixture({ size: 'tiny', timeScale: 60 });
    const ws = await fx.addWorkspace('History');
    const ds = fx.sim.accounts[0]!.dataset;
    const all = (type: string) => [...(ds.resources.get(type)?.values() ?? [])] as SimResource[];
    const send = async (method: string, path: string, body?: unknown) => {
      const r = await simCall(fx.sim, path, { method, body, retries429: 20 });
      expect(r.status, `${method} ${path}: ${r.text.slice(0, 200)}`).toBeLessThan(300);
    };
    const flow = all('flow').find((f) => !f.attributes.archived)!;
    const oldStatus = flow.attributes.status as string;
    const [a, b, c] = all('list');

    const runs: { runId: number; after: unknown[] }[] = [];
    const syncOnce = async () => {
      const r = await fx.ctx.sync.run({ workspaceId: ws });
      expect(r.status).toBe('ok');
      runs.push({ runId: r.runId, after: inventoryNow(fx.ctx.store, ws) });
    };

    await syncOnce();
    await send('PATCH', `/api/flows/${flow.id}`, {
      data: { type: 'flow', id: flow.id, attributes: { status: oldStatus === 'draft' ? 'live' : 'draft' } },
    });
    await send('PATCH', `/api/lists/${a!.id}`, { data: { type: 'list', id: a!.id, attributes: { name: 'Renamed' } } });
    await send('POST', '/api/lists', { data: { type: 'list', attributes: { name: 'Fresh leads' } } });
    await syncOnce();
    // back to the first status: the same hash as run 1, a new span
    await send('PATCH', `/api/flows/${flow.id}`, {
      data: { type: 'flow', id: flow.id, attributes: { status: oldStatus } },
    });
    await send('DELETE', `/api/lists/${b!.id}`);
    await syncOnce();
    await send('DELETE', `/api/lists/${c!.id}`);
    await send('POST', '/api/lists', { data: { type: 'list', attributes: { name: 'Late list' } } });
    await syncOnce();

    const store = fx.ctx.store;
    // the churn really moved the inventory between every pair of runs, so equality below is not trivial
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.after).not.toEqual(runs[i - 1]!.after);
    for (const { runId, after } of runs) expect(rebuildRun(store, ws, runId), `run ${runId}`).toEqual(after);
    expect(runs.map((r) => snapshotKind(store, r.runId))).toEqual(['full', 'delta', 'delta', 'delta']);
    // a delta holds only what moved: far smaller than the first, full manifest
    const size = (runId: number) => store.snapshots.snapshotsOfRun(runId)[0]!.content!.length;
    expect(size(runs[1]!.runId)).toBeLessThan(size(runs[0]!.runId) / 5);
  }, 120_000);
});

describe('snapshots are checked on every read and refused above 10 MB', () => {
  const store = useTestStore();

  it('one byte changed in a stored snapshot is reported as damaged, never read as another manifest', async () => {
    const s = store();
    addWorkspace(s, 'w1');
    const items = Array.from({ length: 3000 }, (_, i) => ({ ...stagedItem(`id-${i}`), resourceType: 'items' }));
    const runId = await syncItems(s, 'w1', items);
    expect(recordPullSnapshot(s, { workspaceId: 'w1', runId, requestId: 'r1', now: 1 }).refused).toBeNull();
    const row = s.snapshots.snapshotsOfRun(runId)[0]!;
    expect(row.encoding).toBe('json+gzip'); // 3,000 items are above 100 KB of JSON
    expect(manifestOfRun(s, runId).size).toBe(3000);

    for (const at of [20, Math.floor(row.content!.length / 2)]) {
      const bad = Buffer.from(row.content!);
      bad[at] = bad[at]! ^ 0x01;
      s.database.sqlite.prepare('UPDATE sync_snapshots SET content = ? WHERE id = ?').run(bad, row.id);
      expect(() => manifestOfRun(s, runId)).toThrow(/damaged/);
      try {
        manifestOfRun(s, runId);
      } catch (err) {
        expect((err as { code: string; details: Record<string, unknown> }).code).toBe('storage');
        expect((err as { details: Record<string, unknown> }).details.reason).toBe('snapshot_corrupt');
      }
    }
  });

  it('an 11 MB manifest is refused with a clear error; the run and its inventory are kept', async () => {
    const s = store();
    addWorkspace(s, 'w1');
    // long ids make the manifest's JSON about 11 MB
    const items = Array.from({ length: 11_000 }, (_, i) => ({
      ...stagedItem(`${String(i).padStart(6, '0')}-${'x'.repeat(940)}`),
      resourceType: 'items',
    }));
    const runId = await syncItems(s, 'w1', items);
    const { refused } = recordPullSnapshot(s, { workspaceId: 'w1', runId, requestId: 'r-big', now: 1 });
    expect(refused?.code).toBe('storage');
    expect(refused?.details.reason).toBe('snapshot_too_large');
    expect(refused?.message).toMatch(/above the 10 MB/);
    const row = s.snapshots.snapshotsOfRun(runId)[0]!;
    expect(row.content).toBeNull();
    expect(row.sizeBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(JSON.parse(row.errorJson!)).toMatchObject({ code: 'storage', requestId: 'r-big' });
    expect(s.runs.get(runId)?.status).toBe('ok');
    expect(s.inventory.counts('w1').items).toBe(11_000);
    expect(() => manifestOfRun(s, runId)).toThrow(/above the 10 MB/);
  });
});
