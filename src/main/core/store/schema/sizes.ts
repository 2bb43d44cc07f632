import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { workspaces } from './workspaces';
import { syncRuns } from './sync';

/**
 * The last known size (`profile_count`) of each list and segment. Klaviyo gives a size only on the item's own GET,
 * at a stricter limit of its own, so sizes are kept apart from the inventory: a size that moved must not make a new
 * version of the list (nor a "modified" line in what changed). `observedAt` is when Klaviyo answered: a size carried
 * forward from an earlier refresh keeps it. `itemUpdated` is the item's `updated` time when it was asked, so the next
 * refresh can tell which items may have changed since.
 */
export const itemSizes = sqliteTable(
  'item_sizes',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** lists or segments */
    resourceType: text('resource_type').notNull(),
    klaviyoId: text('klaviyo_id').notNull(),
    profileCount: integer('profile_count').notNull(),
    observedAt: integer('observed_at').notNull(),
    itemUpdated: text('item_updated'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.resourceType, t.klaviyoId] })],
);

/**
 * One size refresh after a sync run: how many sizes it asked, carried and left for the next time, and how it ended.
 * A refresh never changes its sync run's status; this row is what the run's record and the screens say about it.
 */
export const sizeRefreshes = sqliteTable('size_refreshes', {
  syncRunId: integer('sync_run_id')
    .primaryKey()
    .references(() => syncRuns.id, { onDelete: 'cascade' }),
  workspaceId: text('workspace_id')
    .notNull()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  status: text('status', { enum: ['running', 'ok', 'partial', 'failed'] }).notNull(),
  startedAt: integer('started_at').notNull(),
  finishedAt: integer('finished_at'),
  asked: integer('asked').notNull().default(0),
  carried: integer('carried').notNull().default(0),
  /** sizes due that this refresh's cap left for the next one */
  remaining: integer('remaining').notNull().default(0),
  throttled: integer('throttled').notNull().default(0),
  /** ErrorEnvelope JSON when it stopped on an error (the sizes it had not asked stay as they were) */
  errorJson: text('error_json'),
});
