import { index, integer, sqliteTable, text, blob, primaryKey } from 'drizzle-orm/sqlite-core';
import { workspaces } from './workspaces';
import { syncRuns } from './sync';

/**
 * PRODUCT C1: a snapshot of the data sent or received by a run (or one pushed item), JSON, gzip-compressed
 * above 100 KB, with the sha256 of its JSON checked on every read. A pull run's snapshot is its manifest (each
 * item and its version hash; the versions' content is kept once, in item_versions). One above 10 MB is refused:
 * the row then has no content and `errorJson` says why, so the run keeps a record of the refusal.
 */
export const syncSnapshots = sqliteTable(
  'sync_snapshots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    runId: integer('run_id')
      .notNull()
      .references(() => syncRuns.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    resource: text('resource').notNull(),
    klaviyoId: text('klaviyo_id'),
    versionHash: text('version_hash'),
    encoding: text('encoding', { enum: ['json', 'json+gzip'] }).notNull(),
    sha256: text('sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    content: blob('content', { mode: 'buffer' }),
    /** ErrorEnvelope JSON when the snapshot was refused (too large); content is then null */
    errorJson: text('error_json'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('sync_snapshots_run_idx').on(t.runId), index('sync_snapshots_item_idx').on(t.workspaceId, t.klaviyoId)],
);

/**
 * Room for PRODUCT A5: per workspace and resource, the high-water mark of the server-side `updated` filter
 * of the last complete listing (incremental sync applies a lookback window below it) and when the cheap
 * id listing for deletions last ran.
 */
export const syncCursors = sqliteTable(
  'sync_cursors',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    resource: text('resource').notNull(),
    cursorField: text('cursor_field').notNull(),
    highWater: text('high_water'),
    lastFullRunId: integer('last_full_run_id'),
    lastIdListingAt: integer('last_id_listing_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.resource] })],
);
