import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { syncRuns } from './sync';
import { workspaces } from './workspaces';

/**
 * Changes queued for Klaviyo (PRODUCT D). A row is written in the same transaction as the change is made locally,
 * so a queued change survives any crash; its id is the order changes were made in, and a workspace's items are
 * sent in that order. The inventory keeps what Klaviyo last said: what the strategist sees on an item is the
 * inventory with its pending outbox rows laid over it.
 *
 * State: pending (waiting, maybe until `next_attempt_at`), sending (written before the request leaves, so an item
 * found in this state after a crash is reconciled against Klaviyo before anything is resent), done, failed
 * (retryable errors past the bounded attempts), conflict (the remote moved and won), rejected (Klaviyo refused it
 * for good).
 */
export const outboxItems = sqliteTable(
  'outbox_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** what the change does: tag_add, tag_remove, flow_status, … (outbox/model.ts) */
    kind: text('kind').notNull(),
    /** the item changed: Klaviyo type (flow, campaign, list, segment) and id */
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    /** the change itself, JSON (e.g. the tag's name and group, the new status) */
    payloadJson: text('payload_json').notNull(),
    /** the inventory's content hash of the item when the change was made (null when it was not synced yet) */
    baseVersion: text('base_version'),
    /** the changed field's value the change was based on (JSON), and the item's update time then */
    baseValueJson: text('base_value_json'),
    baseUpdatedAt: text('base_updated_at'),
    state: text('state', { enum: ['pending', 'sending', 'done', 'failed', 'conflict', 'rejected'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    /** epoch ms before which a retry is not sent (backoff, Retry-After) */
    nextAttemptAt: integer('next_attempt_at'),
    /** ErrorEnvelope JSON of the last failure */
    errorJson: text('error_json'),
    /** the request id of the call that queued it, then of the flush that last sent it */
    requestId: text('request_id').notNull(),
    /** Klaviyo's answer to the request that applied it (or what reconciliation found), JSON */
    resultJson: text('result_json'),
    /** the push run that last handled it */
    pushRunId: integer('push_run_id').references(() => syncRuns.id, { onDelete: 'set null' }),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    index('outbox_items_queue_idx').on(t.workspaceId, t.state, t.id),
    index('outbox_items_target_idx').on(t.workspaceId, t.targetType, t.targetId),
  ],
);

/** Every conflict (PRODUCT D4): both values, which clock was trusted, the decision and when. */
export const outboxConflicts = sqliteTable(
  'outbox_conflicts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => outboxItems.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    at: integer('at').notNull(),
    baseValueJson: text('base_value_json'),
    localValueJson: text('local_value_json').notNull(),
    remoteValueJson: text('remote_value_json').notNull(),
    /** epoch ms of the local change (our clock) and of the remote edit as the decision counted it */
    localAt: integer('local_at').notNull(),
    remoteAt: integer('remote_at'),
    /** the remote's own update time as Klaviyo sent it */
    remoteUpdatedAt: text('remote_updated_at'),
    /** 'remote': Klaviyo's update time was used as given; 'local': it was ahead of our clock and clamped to it */
    clock: text('clock', { enum: ['remote', 'local'] }).notNull(),
    decision: text('decision', { enum: ['local', 'remote'] }).notNull(),
  },
  (t) => [index('outbox_conflicts_ws_idx').on(t.workspaceId, t.at)],
);

/**
 * A workspace whose queue waits for a new key (401, or 403 naming a missing write scope). Replacing the key
 * removes the row; nothing is sent while it is there.
 */
export const outboxPauses = sqliteTable('outbox_pauses', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  pausedAt: integer('paused_at').notNull(),
  errorJson: text('error_json').notNull(),
});
