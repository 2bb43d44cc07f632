import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Store } from '../store';
import { testDesk } from '../test-desk';
import { addWorkspace, stagedItem, syncItems, useTestStore } from '../store/test-helpers';
import { rebuildRun, recordPullSnapshot } from './index';
import { pruneSnapshots, type RetentionPolicy } from './retention';
import { inventoryNow, snapshotKind } from './test-helpers';

const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-01T12:00:00Z');

/** eight daily syncs of a churning account, each with its manifest; returns each run and the inventory after it */
async function eightDays(store: Store, ws: string) {
  addWorkspace(store, ws);
  let items = Array.from({ length: 40 }, (_, i) => stagedItem(`id-${i}`, { resourceType: 'items', name: 'v0' }));
  const runs: { runId: number; after: unknown[] }[] = [];
  for (let day = 0; day < 8; day++) {
    if (day > 0) {
      // each day: two items edited, one removed, one added
      items = items.map((it, i) =>
        i % 20 === day ? stagedItem(it.klaviyoId, { resourceType: 'items', name: `v${day}` }) : it,
      );
      items = [...items.slice(1), stagedItem(`new-${day}`, { resourceType: 'items', name: 'new' })];
    }
    const runId = await syncItems(store, ws, items);
    store.runs.update(runId, { startedAt: NOW - (7 - day) * DAY_MS });
    recordPullSnapshot(store, { workspaceId: ws, runId, requestId: `r${day}`, now: NOW - (7 - day) * DAY_MS });
    runs.push({ runId, after: inventoryNow(store, ws) });
  }
  return runs;
}

describe('retention prunes old snapshots and every kept run still rebuilds', () => {
  const store = useTestStore();

  it.each<[string, RetentionPolicy]>([
    ['keep the newest 3 runs', { days: null, runs: 3 }],
    ['keep 2.5 days', { days: 2.5, runs: null }],
    ['keep 2.5 days or the newest 2 runs, whichever keeps more', { days: 2.5, runs: 2 }],
  ])('%s: the oldest kept delta is made whole first; pruned runs keep their summary', async (_name, policy) => {
    const s = store();
    const runs = await eightDays(s, 'w1');
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.after).not.toEqual(runs[i - 1]!.after);
    expect(runs.map((r) => snapshotKind(s, r.runId))).toEqual(['full', ...Array(7).fill('delta')]);

    const pruned = pruneSnapshots(s, policy, NOW);
    const kept = runs.slice(5);
    for (const { runId, after } of kept) expect(rebuildRun(s, 'w1', runId), `run ${runId}`).toEqual(after);
    expect(pruned).toEqual({ workspaces: 1, deleted: 5, rewritten: 1 });
    expect(kept.map((r) => snapshotKind(s, r.runId))).toEqual(['full', 'delta', 'delta']);
    for (const { runId } of runs.slice(0, 5)) {
      expect(s.snapshots.snapshotsOfRun(runId)).toEqual([]);
      expect(s.runs.get(runId)?.status).toBe('ok');
      expect(() => rebuildRun(s, 'w1', runId)).toThrow(/has no snapshot/);
    }
    // a second prune with the same policy has nothing left to do
    expect(pruneSnapshots(s, policy, NOW)).toEqual({ workspaces: 0, deleted: 0, rewritten: 0 });
  });

  it('keeps everything inside the policy, and drops every snapshot of a workspace whose runs are all too old', async () => {
    const s = store();
    const runs = await eightDays(s, 'w1');
    expect(pruneSnapshots(s, { days: 30, runs: null }, NOW)).toEqual({ workspaces: 0, deleted: 0, rewritten: 0 });
    for (const { runId, after } of runs) expect(rebuildRun(s, 'w1', runId)).toEqual(after);
    expect(pruneSnapshots(s, { days: 1, runs: null }, NOW + 30 * DAY_MS)).toEqual({
      workspaces: 1,
      deleted: 8,
      rewritten: 0,
    });
    expect(s.runs.list({ workspaceId: 'w1' })).toHaveLength(8);
  });
});

describe('history:prune through the service takes the retention setting', () => {
  it('prunes by the setting when no policy is given, and by the policy given otherwise', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prune-'));
    const desk = testDesk({ dataDir: dir, now: () => new Date(NOW) });
    try {
      const runs = await eightDays(desk.core.store, 'w1');
      const call = async (channel: string, input: unknown) => {
        const r = await desk.service.call(channel as never, input as never);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.data as Record<string, unknown>;
      };
      // the default keeps 180 days: nothing to prune
      expect(await call('history:prune', {})).toMatchObject({ deleted: 0, rewritten: 0 });
      expect(await call('settings:update', { snapshotRetention: { days: null, runs: 6 } })).toMatchObject({
        snapshotRetention: { days: null, runs: 6 },
      });
      expect(await call('history:prune', {})).toEqual({
        workspaces: 1,
        deleted: 2,
        rewritten: 1,
        oldestSnapshotAt: new Date(NOW - 5 * DAY_MS).toISOString(),
      });
      expect(await call('history:prune', { runs: 3 })).toMatchObject({ deleted: 3, rewritten: 1 });
      for (const { runId, after } of runs.slice(5)) expect(rebuildRun(desk.core.store, 'w1', runId)).toEqual(after);
      const bad = await desk.service.call('history:prune', { runs: 0 } as never);
      expect(bad.ok).toBe(false);
    } finally {
      await desk.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** every file's size under a folder, the plain way */
function walkBytes(dir: string): number {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((n, e) => n + fs.statSync(path.join(e.parentPath, e.name)).size, 0);
}

describe('history:storage gives the settings their figures', () => {
  it('the data folder size in bytes and the oldest kept snapshot, before and after a prune', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'storage-'));
    const desk = testDesk({ dataDir: dir, now: () => new Date(NOW) });
    try {
      const call = async (channel: string, input: unknown) => {
        const r = await desk.service.call(channel as never, input as never);
        if (!r.ok) throw new Error(JSON.stringify(r.error));
        return r.data as Record<string, unknown>;
      };
      expect(await call('history:storage', {})).toMatchObject({ dataDir: dir, snapshots: 0, oldestSnapshotAt: null });
      await eightDays(desk.core.store, 'w1');
      // an export of 3 MB in a folder of its own counts too
      fs.mkdirSync(path.join(dir, 'exports'));
      fs.writeFileSync(path.join(dir, 'exports', 'report.pdf'), Buffer.alloc(3_000_000, 1));

      const sizeNow = async () => {
        const before = walkBytes(dir);
        const figures = await call('history:storage', {});
        const after = walkBytes(dir);
        // the database may checkpoint meanwhile: the answer lies between two plain walks around it
        expect(figures.dataFolderBytes).toBeGreaterThanOrEqual(Math.min(before, after));
        expect(figures.dataFolderBytes).toBeLessThanOrEqual(Math.max(before, after));
        return figures;
      };
      const full = await sizeNow();
      expect(full.dataFolderBytes).toBeGreaterThan(3_000_000);
      expect(full).toMatchObject({ snapshots: 8, oldestSnapshotAt: new Date(NOW - 7 * DAY_MS).toISOString() });
      expect(full.snapshotBytes).toBeGreaterThan(0);

      await call('history:prune', { days: 3 });
      const pruned = await sizeNow();
      expect(pruned).toMatchObject({ snapshots: 4, oldestSnapshotAt: new Date(NOW - 3 * DAY_MS).toISOString() });
    } finally {
      await desk.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
