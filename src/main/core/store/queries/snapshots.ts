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

/** Snapshots of runs (PRODUCT C1) and the reads that build and rebuild a pull run's manifest. */
export function snapshotQueries(sqlite: BetterSqlite3.Database) {
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
  const oldest = sqlite.prepare(`SELECT min(created_at) AS at FROM sync_snapshots WHERE content IS NOT NULL`);
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
    /** every live item of the workspace with its current version hash, ordered by type then id */
    liveManifest(workspaceId: string): ManifestRow[] {
      return manifest.all(workspaceId) as ManifestRow[];
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
    oldestSnapshotAt(): number | null {
      return (oldest.get() as { at: number | null }).at;
    },
  };
}
