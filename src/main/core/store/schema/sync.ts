import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { workspaces } from './workspaces';

/**
 * One row per sync run (pull now; push runs of the outbox later use the same table with direction 'push').
 * Run ids are increasing integers so "runs between A and B" and version spans compare with plain `<`.
 */
export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    requestId: text('request_id').notNull(),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    trigger: text('trigger', { enum: ['manual', 'tray', 'daily', 'cli', 'retry', 'auto'] }).notNull(),
    direction: text('direction', { enum: ['pull', 'push'] })
      .notNull()
      .default('pull'),
    status: text('status', { enum: ['running', 'ok', 'failed_auth', 'partial_or_timeout', 'cancelled'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    /** ErrorEnvelope JSON of the error that decided the status, if any */
    errorJson: text('error_json'),
    /** SyncCheckpoint JSON: what a retry resumes from (complete resources, cursors of half-done ones) */
    checkpointJson: text('checkpoint_json'),
    /** the run this one resumed (retry after partial_or_timeout) */
    resumedFromRunId: integer('resumed_from_run_id'),
    /** process that owns a running run: a run whose process is gone is closed as interrupted */
    ownerPid: integer('owner_pid'),
    ownerHost: text('owner_host'),
    pages: integer('pages').notNull().default(0),
    itemsAdded: integer('items_added').notNull().default(0),
    itemsChanged: integer('items_changed').notNull().default(0),
    itemsUnchanged: integer('items_unchanged').notNull().default(0),
    itemsRemoved: integer('items_removed').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    throttled: integer('throttled').notNull().default(0),
    throttledMs: integer('throttled_ms').notNull().default(0),
  },
  (t) => [
    uniqueIndex('sync_runs_request_id').on(t.requestId),
    index('sync_runs_workspace_idx').on(t.workspaceId, t.startedAt),
    index('sync_runs_status_idx').on(t.status),
  ],
);

/** Per-resource figures of a run. `resource` is the resource definition key (e.g. 'flows', 'form-versions'). */
export const syncRunResources = sqliteTable(
  'sync_run_resources',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => syncRuns.id, { onDelete: 'cascade' }),
    resource: text('resource').notNull(),
    status: text('status', {
      enum: ['running', 'ok', 'partial', 'failed', 'forbidden', 'cancelled', 'skipped'],
    }).notNull(),
    /** true when this run's (or its resumed chain's) listing of the resource was complete */
    complete: integer('complete', { mode: 'boolean' }).notNull().default(false),
    /** 'resumed' when the resource was complete in the run this one resumed and was not listed again */
    note: text('note'),
    pages: integer('pages').notNull().default(0),
    itemsSeen: integer('items_seen').notNull().default(0),
    itemsAdded: integer('items_added').notNull().default(0),
    itemsChanged: integer('items_changed').notNull().default(0),
    itemsUnchanged: integer('items_unchanged').notNull().default(0),
    itemsRemoved: integer('items_removed').notNull().default(0),
    requests: integer('requests').notNull().default(0),
    /** JSON object: the requests above per Klaviyo operation (`{"get_flows":2,"get_flow":400}`), the plan as it ran */
    requestsByOperationJson: text('requests_by_operation_json').notNull().default('{}'),
    throttled: integer('throttled').notNull().default(0),
    throttledMs: integer('throttled_ms').notNull().default(0),
    durationMs: integer('duration_ms').notNull().default(0),
    startedAt: integer('started_at'),
    finishedAt: integer('finished_at'),
    /** JSON array of the scopes the key lacks for this resource (status forbidden) */
    missingScopesJson: text('missing_scopes_json').notNull().default('[]'),
    errorJson: text('error_json'),
    /** last cursor (links.next) reached, for resuming a half-done top-level listing */
    cursor: text('cursor'),
  },
  (t) => [primaryKey({ columns: [t.runId, t.resource] })],
);

/**
 * Parents whose children a run has listed completely (e.g. the flows whose flow-actions are all staged). A retry
 * of a partial run skips these parents instead of listing their children again.
 */
export const syncRunProgress = sqliteTable(
  'sync_run_progress',
  {
    runId: integer('run_id')
      .notNull()
      .references(() => syncRuns.id, { onDelete: 'cascade' }),
    resource: text('resource').notNull(),
    parentId: text('parent_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.resource, t.parentId] })],
);
