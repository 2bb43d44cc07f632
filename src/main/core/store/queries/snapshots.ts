import type BetterSqlite3 from 'better-sqlite3';

/** A stored snapshot as written: the encoded bytes and what a reader needs to check them. */
export type SnapshotRow = {
  id: number;
  runId: number;
  workspaceId: string;
  resource: string;
  klaviyoId: string | null;
  versionHash: string | null;
  encoding: 'json' | 'json+gzip';
  sha256: string;
  sizeBytes: number;
  content: Buffer | null;
  errorJson: string | null;
  createdAt: number;
};

export type NewSnapshotRow = Omit<SnapshotRow, 'id'>;

/** One live item of a workspace as the inventory holds it now: what a pull snapshot's manifest lists. */
export type ManifestRow = { resourceType: string; klaviyoId: string; versionHash: string };

/** The content of one version of one item, looked up by the hash a manifest names. */
export type ItemVersionContent = { attributesJson: string; relationshipsJson: string };

const COLUMNS = `id, run_id AS runId, workspace_id AS workspaceId, resource, klaviyo_id AS klaviyoId,
  version_hash AS versionHash, encoding, sha256, size_bytes AS sizeBytes, content, error_json AS errorJson,
  created_at AS createdAt`;

/** One entry of a manifest that differs from the base being compared against. */
export type ManifestDiff = { set: ManifestRow[]; removed: Omit<ManifestRow, 'versionHash'>[] };

/**
 * Snapshots of runs (PRODUCT C1) and the reads that build and rebuild a pull run's manifest.
 *
 * `manifest_base` (TEMP, this connection, on disk like the stage) holds a previous run's manifest while a new one is
 * compared with it: 46,000 hashes in a table cost a few pages of cache, in two JavaScript maps tens of MB of a
 * sync worker's peak, and the difference is a join on the inventory's own key.
 */
export function snapshotQueries(sqlite: BetterSqlite3.Database) {
  sqlite.exec(`CREATE TEMP TABLE IF NOT EXISTS manifest_base (
    resource TEXT NOT NULL, klaviyo_id TEXT NOT NULL, version_hash TEXT NOT NULL,
    PRIMARY KEY (resource, klaviyo_id)) WITHOUT ROWID`);
  const baseClear = sqlite.prepare('DELETE FROM temp.manifest_base');
  const basePut = sqlite.prepare(
    'INSERT OR REPLACE INTO temp.manifest_base (resource, klaviyo_id, version_hash) VALUES (?, ?, ?)',
  );
  const baseDrop = sqlite.prepare('DELETE FROM temp.manifest_base WHERE resource = ? AND klaviyo_id = ?');
  const baseTx = sqlite.transaction((set: [string, string, string][], removed: [string, string][]) => {
    for (const [resource, id] of removed) baseDrop.run(resource, id);
    for (const [resource, id, hash] of set) basePut.run(resource, id, hash);
  });
  // live items that are new or whose version differs from the base's, in manifest order
  const diffSet = sqlite.prepare(
    `SELECT i.resource_type AS resourceType, i.klaviyo_id AS klaviyoId, i.version_hash AS versionHash
       FROM inventory_items i
       LEFT JOIN temp.manifest_base b ON b.resource = i.resource_type AND b.klaviyo_id = i.klaviyo_id
      WHERE i.workspace_id = ? AND i.removed_at IS NULL AND (b.version_hash IS NULL OR b.version_hash <> i.version_hash)
      ORDER BY i.resource_type, i.klaviyo_id`,
  );
  // base entries the inventory no longer holds live
  const diffRemoved = sqlite.prepare(
    `SELECT b.resource AS resourceType, b.klaviyo_id AS klaviyoId FROM temp.manifest_base b
      WHERE NOT EXISTS (SELECT 1 FROM inventory_items i WHERE i.workspace_id = ? AND i.resource_type = b.resource
                          AND i.klaviyo_id = b.klaviyo_id AND i.removed_at IS NULL)
      ORDER BY b.resource, b.klaviyo_id`,
  );
  const insert = sqlite.prepare(
    `INSERT INTO sync_snapshots (run_id, workspace_id, resource, klaviyo_id, version_hash, encoding, sha256,
       size_bytes, content, error_json, created_at)
     VALUES (@runId, @workspaceId, @resource, @klaviyoId, @versionHash, @encoding, @sha256, @sizeBytes, @content,
       @errorJson, @createdAt)`,
  );
  const ofRun = sqlite.prepare(`SELECT ${COLUMNS} FROM sync_snapshots WHERE run_id = ? ORDER BY id`);
  // the newest run before this one that has a stored (not refused) manifest: the base of a delta
  const previousManifest = sqlite.prepare(
    `SELECT ${COLUMNS} FROM sync_snapshots
      WHERE workspace_id = ? AND resource = 'manifest' AND run_id < ? AND content IS NOT NULL
      ORDER BY run_id DESC LIMIT 1`,
  );
  const firstManifestFrom = sqlite.prepare(
    `SELECT ${COLUMNS} FROM sync_snapshots
      WHERE workspace_id = ? AND resource = 'manifest' AND run_id >= ? AND content IS NOT NULL
      ORDER BY run_id LIMIT 1`,
  );
  const manifest = sqlite.prepare(
    `SELECT resource_type AS resourceType, klaviyo_id AS klaviyoId, version_hash AS versionHash
       FROM inventory_items WHERE workspace_id = ? AND removed_at IS NULL
      ORDER BY resource_type, klaviyo_id`,
  );
  // a span without content is the item's current version, whose content is the item's own row
  const versionContent = sqlite.prepare(
    `SELECT coalesce(v.attributes_json, i.attributes_json) AS attributesJson,
            coalesce(v.relationships_json, i.relationships_json) AS relationshipsJson
       FROM inventory_items i JOIN item_versions v ON v.item_id = i.id
      WHERE i.workspace_id = ? AND i.resource_type = ? AND i.klaviyo_id = ? AND v.version_hash = ?
      LIMIT 1`,
  );
  const kept = sqlite.prepare(
    `SELECT min(created_at) AS at, count(*) AS count, coalesce(sum(size_bytes), 0) AS bytes
       FROM sync_snapshots WHERE content IS NOT NULL`,
  );
  const snapshotRuns = sqlite.prepare(
    `SELECT DISTINCT s.run_id AS runId, r.started_at AS startedAt FROM sync_snapshots s
       JOIN sync_runs r ON r.id = s.run_id
      WHERE s.workspace_id = ? ORDER BY s.run_id`,
  );
  const replaceContent = sqlite.prepare(
    `UPDATE sync_snapshots SET encoding = @encoding, sha256 = @sha256, size_bytes = @sizeBytes, content = @content
      WHERE id = @id`,
  );
  const deleteBefore = sqlite.prepare(`DELETE FROM sync_snapshots WHERE workspace_id = ? AND run_id < ?`);
  return {
    insertSnapshot(row: NewSnapshotRow): number {
      return Number(insert.run(row).lastInsertRowid);
    },
    snapshotsOfRun(runId: number): SnapshotRow[] {
      return ofRun.all(runId) as SnapshotRow[];
    },
    previousManifest(workspaceId: string, beforeRunId: number): SnapshotRow | undefined {
      return previousManifest.get(workspaceId, beforeRunId) as SnapshotRow | undefined;
    },
    /** the oldest stored manifest from this run on: the one retention makes whole */
    firstManifestFrom(workspaceId: string, runId: number): SnapshotRow | undefined {
      return firstManifestFrom.get(workspaceId, runId) as SnapshotRow | undefined;
    },
    /** every live item of the workspace with its current version hash, ordered by type then id, one at a time */
    liveManifest(workspaceId: string): IterableIterator<ManifestRow> {
      return manifest.iterate(workspaceId) as IterableIterator<ManifestRow>;
    },
    /** empties the base a manifest is compared with */
    clearManifestBase(): void {
      baseClear.run();
    },
    /** applies one stored manifest (a full one onto an empty base, or a delta) to the base, in one transaction */
    applyToManifestBase(set: [string, string, string][], removed: [string, string][]): void {
      // only the connection's TEMP database is written: no write lock on the file to take or wait for
      baseTx(set, removed);
    },
    /** what the workspace's live inventory holds that the base does not, and what the base holds that it does not */
    diffFromManifestBase(workspaceId: string): ManifestDiff {
      return {
        set: diffSet.all(workspaceId) as ManifestRow[],
        removed: diffRemoved.all(workspaceId) as ManifestDiff['removed'],
      };
    },
    versionContent(
      workspaceId: string,
      resourceType: string,
      klaviyoId: string,
      hash: string,
    ): ItemVersionContent | undefined {
      return versionContent.get(workspaceId, resourceType, klaviyoId, hash) as ItemVersionContent | undefined;
    },
    /** the runs of a workspace that have snapshots (stored or refused), oldest first: what retention counts */
    snapshotRuns(workspaceId: string): { runId: number; startedAt: number }[] {
      return snapshotRuns.all(workspaceId) as { runId: number; startedAt: number }[];
    },
    /** a snapshot's stored bytes rewritten (a delta manifest made whole before its base is pruned) */
    replaceContent(row: Pick<SnapshotRow, 'id' | 'encoding' | 'sha256' | 'sizeBytes' | 'content'>): void {
      replaceContent.run(row);
    },
    /** drops the workspace's snapshots of runs before this one; the runs themselves stay. Returns how many. */
    deleteSnapshotsBefore(workspaceId: string, runId: number): number {
      return deleteBefore.run(workspaceId, runId).changes;
    },
    /** the snapshots kept: how many, their stored (compressed where they are) bytes, when the oldest was made */
    kept(): { at: number | null; count: number; bytes: number } {
      return kept.get() as { at: number | null; count: number; bytes: number };
    },
  };
}
