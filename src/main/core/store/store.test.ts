import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, openStore, versionHash, type StagedItem, type Store } from './index';

function item(id: string, attrs: Record<string, unknown>): StagedItem {
  const attributesJson = canonicalJson(attrs);
  const relationshipsJson = canonicalJson({});
  return {
    resourceType: 'flows',
    klaviyoId: id,
    name: (attrs.name as string) ?? null,
    status: (attrs.status as string) ?? null,
    channel: null,
    triggerType: null,
    archived: false,
    createdAt: null,
    updatedAt: null,
    parentType: null,
    parentId: null,
    attributesJson,
    relationshipsJson,
    versionHash: versionHash(attributesJson, relationshipsJson),
  };
}

describe('store', () => {
  let dir: string;
  let store: Store;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    store = openStore(path.join(dir, 'db.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function newRun(workspaceId: string): number {
    return store.runs.insert({
      requestId: Math.random().toString(36).slice(2),
      workspaceId,
      trigger: 'cli',
      status: 'running',
      startedAt: Date.now(),
    }).id;
  }

  it('opens with WAL, foreign keys and migrations applied, and reopens idempotently', async () => {
    expect(store.database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.database.sqlite.pragma('synchronous', { simple: true })).toBe(1);
    // client data: readable by its owner only, the WAL too
    store.workspaces.insert({ id: 'w1', name: 'Acme', secretRef: 'ref', createdAt: 1, updatedAt: 1 });
    expect(fs.statSync(path.join(dir, 'db.sqlite')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'db.sqlite-wal')).mode & 0o777).toBe(0o600);
    await store.close();
    store = openStore(path.join(dir, 'db.sqlite'));
    expect(store.integrityCheck()).toBe('ok');
  });

  it('merges staged pages idempotently, keeps version spans and infers removals only when told', async () => {
    const ws = store.workspaces.insert({ id: 'w1', name: 'Acme', secretRef: 'ref', createdAt: 1, updatedAt: 1 });
    const r1 = newRun(ws.id);
    store.inventory.stagePage(r1, 'flows', [item('a', { name: 'A', status: 'live' }), item('b', { name: 'B' })]);
    // the same item twice in one run is merged once
    store.inventory.stagePage(r1, 'flows', [item('a', { name: 'A', status: 'live' })]);
    expect(store.inventory.stagedCount(r1)).toBe(3);
    // nothing reaches the inventory before the merge
    expect(store.inventory.counts(ws.id)).toEqual({});
    expect(await store.inventory.mergeStaged(ws.id, r1, 'flows', { chunkSize: 1 })).toEqual({
      added: 2,
      changed: 0,
      unchanged: 0,
    });

    const r2 = newRun(ws.id);
    store.inventory.stagePage(r2, 'flows', [item('a', { name: 'A', status: 'draft' })]);
    expect(await store.inventory.mergeStaged(ws.id, r2, 'flows')).toEqual({ added: 0, changed: 1, unchanged: 0 });
    expect(store.inventory.markRemoved(ws.id, ['flows'], [r2], r2, 5)).toBe(1);
    const rows = store.inventory.list({ workspaceId: ws.id, resourceType: 'flows', includeRemoved: true });
    expect(rows.map((r) => [r.klaviyoId, r.status, r.removedAt])).toEqual([
      ['a', 'draft', null],
      ['b', null, 5],
    ]);
    const a = rows[0]!;
    expect(store.inventory.versions(a.id).map((v) => [v.firstRunId, v.lastRunId])).toEqual([
      [r1, r1],
      [r2, r2],
    ]);
    // the superseded version keeps its own content, the current one reads the item's
    expect(store.inventory.versions(a.id).map((v) => (v.attributes as { status: string }).status)).toEqual([
      'live',
      'draft',
    ]);

    // unchanged content extends the current span; removed item coming back starts a new one
    const r3 = newRun(ws.id);
    store.inventory.stagePage(r3, 'flows', [item('a', { name: 'A', status: 'draft' }), item('b', { name: 'B' })]);
    expect(await store.inventory.mergeStaged(ws.id, r3, 'flows')).toEqual({ added: 1, changed: 0, unchanged: 1 });
    expect(store.inventory.versions(a.id).map((v) => [v.firstRunId, v.lastRunId])).toEqual([
      [r1, r1],
      [r2, r3],
    ]);
    const b = store.inventory.get(ws.id, 'flows', 'b')!;
    expect(b.removedAt).toBeNull();
    expect(store.inventory.versions(b.id).map((v) => [v.firstRunId, v.lastRunId])).toEqual([
      [r1, r1],
      [r3, r3],
    ]);
    const dup = store.database.sqlite
      .prepare(
        'SELECT count(*) AS n FROM (SELECT 1 FROM inventory_items GROUP BY workspace_id, resource_type, klaviyo_id HAVING count(*) > 1)',
      )
      .get() as { n: number };
    expect(dup.n).toBe(0);
  });

  it('merges the same way whatever the chunk size: first occurrence wins, reverts start a new span, an item merged by another resource is not counted twice', async () => {
    const snapshot = () =>
      store.database.sqlite
        .prepare(
          `SELECT i.klaviyo_id AS k, i.name, i.status, i.first_seen_run_id AS f, i.last_seen_run_id AS l,
             (SELECT group_concat(v.first_run_id || '-' || v.last_run_id || ':' || coalesce(json_extract(v.attributes_json, '$.status'), 'current'), ' ' ORDER BY v.first_run_id)
              FROM item_versions v WHERE v.item_id = i.id) AS spans
           FROM inventory_items i WHERE i.workspace_id = ? ORDER BY i.klaviyo_id`,
        )
        .all(wsId);
    let wsId = '';
    const results: unknown[] = [];
    for (const chunkSize of [1, 2, 1000]) {
      wsId = `w-${chunkSize}`;
      store.workspaces.insert({ id: wsId, name: wsId, secretRef: 'ref', createdAt: 1, updatedAt: 1 });
      const counts: unknown[] = [];
      const r1 = newRun(wsId);
      store.inventory.stagePage(r1, 'flows', [
        item('a', { name: 'A', status: 'live' }),
        item('b', { name: 'B', status: 'draft' }),
        // listed twice with different content in one run: the first occurrence counts
        item('a', { name: 'A', status: 'manual' }),
        item('c', { name: 'C', status: 'live' }),
      ]);
      // another resource of the same run lists b again (as campaigns' included messages can)
      store.inventory.stagePage(r1, 'flows-again', [item('b', { name: 'B', status: 'draft' })]);
      counts.push(await store.inventory.mergeStaged(wsId, r1, 'flows', { chunkSize }));
      counts.push(await store.inventory.mergeStaged(wsId, r1, 'flows-again', { chunkSize }));
      const r2 = newRun(wsId);
      store.inventory.stagePage(r2, 'flows', [
        item('a', { name: 'A', status: 'draft' }),
        item('b', { name: 'B', status: 'draft' }),
        item('c', { name: 'C', status: 'live' }),
      ]);
      counts.push(await store.inventory.mergeStaged(wsId, r2, 'flows', { chunkSize }));
      // a reverts to its first content: a new span with the old hash, the draft span keeps its content
      const r3 = newRun(wsId);
      store.inventory.stagePage(r3, 'flows', [
        item('a', { name: 'A', status: 'live' }),
        item('c', { name: 'C', status: 'live' }),
      ]);
      counts.push(await store.inventory.mergeStaged(wsId, r3, 'flows', { chunkSize }));
      expect(store.inventory.markRemoved(wsId, ['flows'], [r3], r3, 9)).toBe(1);
      store.inventory.dropStage(r1);
      store.inventory.dropStage(r2);
      store.inventory.dropStage(r3);
      const rows = (snapshot() as Record<string, unknown>[]).map((r) => ({
        ...r,
        // run ids differ between workspaces: make them relative to this workspace's first run
        f: (r.f as number) - r1,
        l: (r.l as number) - r1,
        spans: String(r.spans).replace(
          /(\d+)-(\d+)/g,
          (_m, a: string, b: string) => `${Number(a) - r1}-${Number(b) - r1}`,
        ),
      }));
      results.push({ counts, rows });
    }
    expect(results[0]).toEqual({
      counts: [
        { added: 3, changed: 0, unchanged: 0 },
        { added: 0, changed: 0, unchanged: 0 },
        { added: 0, changed: 1, unchanged: 2 },
        { added: 0, changed: 1, unchanged: 1 },
      ],
      rows: [
        { k: 'a', name: 'A', status: 'live', f: 0, l: 2, spans: '0-0:live 1-1:draft 2-2:current' },
        { k: 'b', name: 'B', status: 'draft', f: 0, l: 1, spans: '0-1:current' },
        { k: 'c', name: 'C', status: 'live', f: 0, l: 2, spans: '0-2:current' },
      ],
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('creates a missing data folder 0700 and tightens a database file left readable by others', async () => {
    const nested = path.join(dir, 'new', 'data');
    const other = openStore(path.join(nested, 'db.sqlite'));
    expect(fs.statSync(nested).mode & 0o777).toBe(0o700);
    await other.close();
    fs.chmodSync(path.join(nested, 'db.sqlite'), 0o644);
    const again = openStore(path.join(nested, 'db.sqlite'));
    expect(fs.statSync(path.join(nested, 'db.sqlite')).mode & 0o777).toBe(0o600);
    await again.close();
  });

  it('removing a workspace cascades to its items, versions and runs', async () => {
    const ws = store.workspaces.insert({ id: 'w1', name: 'Acme', secretRef: 'ref', createdAt: 1, updatedAt: 1 });
    const r1 = newRun(ws.id);
    store.inventory.stagePage(r1, 'flows', [item('a', { name: 'A' })]);
    await store.inventory.mergeStaged(ws.id, r1, 'flows');
    const before = store.tableDigest(['inventory_items']);
    expect(store.workspaces.remove(ws.id)).toBe(true);
    expect(store.tableDigest(['inventory_items'])).not.toBe(before);
    for (const t of ['inventory_items', 'item_versions', 'sync_runs', 'sync_run_resources']) {
      expect((store.database.sqlite.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n).toBe(0);
    }
  });
});
