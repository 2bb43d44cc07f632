import { AppError } from '../../../shared/errors';
import type { Store } from '../store';
import { decodeSnapshot, encodeSnapshot } from './snapshot-codec';
import { writeSnapshot } from './write-snapshot';

/** resource → [klaviyo id, version hash] pairs */
type Entries = Record<string, [string, string][]>;

/**
 * A pull run's manifest: every item the inventory holds after the run and the hash of its version. Stored whole
 * (`full`) or as the difference from the previous run's (`delta`): a daily run of a large account changes about
 * one item in a hundred, and 46,000 hashes a day would be most of the data folder's growth.
 */
type StoredManifest =
  | { kind: 'full'; items: Entries }
  | { kind: 'delta'; baseRunId: number; depth: number; set: Entries; removed: Record<string, string[]> };

/** A delta chain longer than this is cut by a full manifest, so rebuilding a run reads at most this many. */
export const MAX_DELTA_DEPTH = 30;

const RESOURCE = 'manifest';
const keyOf = (resource: string, id: string) => `${resource}\u0000${id}`;

/** resource\0id → version hash */
export type Manifest = Map<string, string>;

function toManifest(entries: Entries): Manifest {
  const m: Manifest = new Map();
  for (const [resource, list] of Object.entries(entries)) for (const [id, h] of list) m.set(keyOf(resource, id), h);
  return m;
}

function toEntries(pairs: Iterable<[string, string]>): Entries {
  const out: Entries = {};
  for (const [key, hash] of pairs) {
    const [resource, id] = key.split('\u0000') as [string, string];
    (out[resource] ??= []).push([id, hash]);
  }
  return out;
}

/** the manifest a run's stored snapshot describes, following its deltas back to a full one */
export function manifestOfRun(store: Store, runId: number, requestId = ''): Manifest {
  const row = store.snapshots.snapshotsOfRun(runId).find((r) => r.resource === RESOURCE);
  if (!row) {
    throw new AppError('not_found', `Run ${runId} has no snapshot.`, { details: { runId }, requestId });
  }
  if (!row.content) {
    const refused = row.errorJson ? (JSON.parse(row.errorJson) as { message?: string }) : null;
    throw new AppError('not_found', refused?.message ?? `Run ${runId} has no snapshot.`, {
      details: { runId, reason: 'snapshot_refused' },
      requestId,
    });
  }
  const stored = decodeSnapshot(row, requestId) as StoredManifest;
  if (stored.kind === 'full') return toManifest(stored.items);
  const m = manifestOfRun(store, stored.baseRunId, requestId);
  for (const [resource, ids] of Object.entries(stored.removed)) for (const id of ids) m.delete(keyOf(resource, id));
  for (const [k, h] of toManifest(stored.set)) m.set(k, h);
  return m;
}

/** a stored manifest of the workspace, checked and decoded; throws when it is missing, refused or damaged */
function storedManifest(store: Store, runId: number): StoredManifest {
  const row = store.snapshots.snapshotsOfRun(runId).find((r) => r.resource === RESOURCE);
  if (!row?.content) throw new AppError('not_found', `Run ${runId} has no snapshot.`, { details: { runId } });
  return decodeSnapshot(row) as StoredManifest;
}

type DeltaManifest = Extract<StoredManifest, { kind: 'delta' }>;

/** the entries of a stored manifest as rows of the comparison base, one resource at a time */
function applyEntries(store: Store, set: Entries, removed: Record<string, string[]> = {}): void {
  for (const [resource, ids] of Object.entries(removed))
    store.snapshots.applyToManifestBase(
      [],
      ids.map((id) => [resource, id]),
    );
  for (const [resource, list] of Object.entries(set))
    store.snapshots.applyToManifestBase(
      list.map(([id, h]) => [resource, id, h]),
      [],
    );
}

/**
 * Loads a run's manifest into the store's comparison base: its deltas back to a full one are decoded (each small),
 * the full one is applied as soon as it is read, then the deltas oldest first. Returns the run's delta depth.
 */
function loadBase(store: Store, runId: number): number {
  const deltas: DeltaManifest[] = [];
  let m = storedManifest(store, runId);
  // a chain that is long enough already is cut by a full manifest: nothing to compare
  if (m.kind === 'delta' && m.depth >= MAX_DELTA_DEPTH) return m.depth;
  while (m.kind === 'delta') {
    if (deltas.length > MAX_DELTA_DEPTH) throw new AppError('storage', 'The snapshot chain is too long.');
    deltas.push(m);
    m = storedManifest(store, m.baseRunId);
  }
  store.snapshots.clearManifestBase();
  applyEntries(store, m.items);
  for (let i = deltas.length - 1; i >= 0; i--) applyEntries(store, deltas[i]!.set, deltas[i]!.removed);
  return deltas.length;
}

/** the whole manifest of the workspace's live inventory, read row by row into its stored shape */
function fullManifest(store: Store, workspaceId: string): StoredManifest {
  const items: Entries = {};
  for (const r of store.snapshots.liveManifest(workspaceId))
    (items[r.resourceType] ??= []).push([r.klaviyoId, r.versionHash]);
  return { kind: 'full', items };
}

/**
 * What to store for this run: the difference from the previous manifest, or the whole when no good base exists.
 * The previous manifest is compared in the database (the store's comparison base), not in two maps of every item.
 */
function planManifest(store: Store, workspaceId: string, runId: number): StoredManifest {
  const prevRow = store.snapshots.previousManifest(workspaceId, runId);
  if (!prevRow) return fullManifest(store, workspaceId);
  let depth: number;
  try {
    depth = loadBase(store, prevRow.runId) + 1;
  } catch {
    // a damaged or missing base must not spoil the new snapshot: start a new chain
    store.snapshots.clearManifestBase();
    return fullManifest(store, workspaceId);
  }
  if (depth > MAX_DELTA_DEPTH) {
    store.snapshots.clearManifestBase();
    return fullManifest(store, workspaceId);
  }
  const diff = store.snapshots.diffFromManifestBase(workspaceId);
  store.snapshots.clearManifestBase();
  const set: Entries = {};
  for (const r of diff.set) (set[r.resourceType] ??= []).push([r.klaviyoId, r.versionHash]);
  const removed: Record<string, string[]> = {};
  for (const r of diff.removed) (removed[r.resourceType] ??= []).push(r.klaviyoId);
  return { kind: 'delta', baseRunId: prevRow.runId, depth, set, removed };
}

/**
 * Records the manifest of a pull run that merged into the inventory. A manifest above the size limit is refused
 * and the refusal is what gets recorded; the run stays as it is either way. Returns the refusal, if any.
 */
export function recordPullSnapshot(
  store: Store,
  run: { workspaceId: string; runId: number; requestId: string; now: number },
): { refused: AppError | null } {
  const plan = planManifest(store, run.workspaceId, run.runId);
  const base = { runId: run.runId, workspaceId: run.workspaceId, resource: RESOURCE, klaviyoId: null };
  return { refused: writeSnapshot(store, { ...base, versionHash: null, createdAt: run.now }, plan, run.requestId) };
}

/**
 * Makes the workspace's oldest stored manifest from `runId` on whole, when it is a delta: retention calls this
 * before it deletes the runs the delta's chain goes back to. True when a manifest was rewritten.
 */
export function rewriteAsFull(store: Store, workspaceId: string, runId: number): boolean {
  const row = store.snapshots.firstManifestFrom(workspaceId, runId);
  if (!row || (decodeSnapshot(row) as StoredManifest).kind === 'full') return false;
  const whole: StoredManifest = { kind: 'full', items: toEntries(manifestOfRun(store, row.runId)) };
  store.snapshots.replaceContent({ id: row.id, ...encodeSnapshot(whole, `run ${row.runId}`) });
  return true;
}

/** One item of a rebuilt run: its version and that version's content. */
export type RebuiltItem = {
  resourceType: string;
  klaviyoId: string;
  versionHash: string;
  attributesJson: string;
  relationshipsJson: string;
};

/** The inventory as it was after a run, rebuilt from the run's manifest and the stored versions. */
export function rebuildRun(store: Store, workspaceId: string, runId: number, requestId = ''): RebuiltItem[] {
  const out: RebuiltItem[] = [];
  for (const [k, hash] of manifestOfRun(store, runId, requestId)) {
    const [resourceType, klaviyoId] = k.split('\u0000') as [string, string];
    const content = store.snapshots.versionContent(workspaceId, resourceType, klaviyoId, hash);
    if (!content) {
      throw new AppError(
        'storage',
        `Run ${runId} names a version of ${resourceType} ${klaviyoId} that is no longer stored.`,
        {
          details: { reason: 'snapshot_version_missing', runId, resourceType, klaviyoId, versionHash: hash },
          requestId,
        },
      );
    }
    out.push({ resourceType, klaviyoId, versionHash: hash, ...content });
  }
  return out.sort((a, b) =>
    a.resourceType === b.resourceType ? (a.klaviyoId < b.klaviyoId ? -1 : 1) : a.resourceType < b.resourceType ? -1 : 1,
  );
}
