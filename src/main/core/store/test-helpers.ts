import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { canonicalJson, openStore, versionHash, type StagedItem, type Store } from './index';

/** A store of its own for each test of the calling suite, closed and deleted after the test. */
export function useTestStore(): () => Store {
  let dir = '';
  let store: Store | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'store-'));
    store = openStore(path.join(dir, 'db.sqlite'));
  });
  afterEach(async () => {
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => store!;
}

/** An item with the given typed columns (the rest null); its content is its columns. */
export function stagedItem(klaviyoId: string, columns: Partial<StagedItem> = {}): StagedItem {
  const typed = {
    resourceType: 'flows',
    klaviyoId,
    name: null,
    status: null,
    channel: null,
    triggerType: null,
    archived: null,
    createdAt: null,
    updatedAt: null,
    parentType: null,
    parentId: null,
    ...columns,
  };
  const attributesJson = canonicalJson(typed);
  const relationshipsJson = canonicalJson({});
  return { ...typed, attributesJson, relationshipsJson, versionHash: versionHash(attributesJson, relationshipsJson) };
}

/** A running sync run of the workspace (its row only); returns its id. */
export function startRun(store: Store, workspaceId: string): number {
  return store.runs.insert({
    requestId: `req-${Math.random().toString(36).slice(2)}`,
    workspaceId,
    trigger: 'cli',
    status: 'running',
    startedAt: Date.now(),
  }).id;
}

/** One run of the workspace that lists these items; new items get row ids in the order given. */
export async function syncItems(store: Store, workspaceId: string, items: StagedItem[]): Promise<number> {
  const runId = startRun(store, workspaceId);
  store.inventory.stagePage(runId, 'items', items);
  await store.inventory.mergeStaged(workspaceId, runId, 'items');
  store.inventory.dropStage(runId);
  store.runs.update(runId, { status: 'ok', finishedAt: Date.now() });
  return runId;
}

export function addWorkspace(store: Store, id: string): void {
  store.workspaces.insert({ id, name: id, secretRef: `workspace:${id}`, createdAt: 1, updatedAt: 1 });
}
