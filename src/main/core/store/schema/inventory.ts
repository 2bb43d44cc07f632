import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { workspaces } from './workspaces';

/**
 * The current state of every Klaviyo item of a workspace (PRODUCT A1). Typed columns carry what the app
 * filters and sorts on; `attributesJson`/`relationshipsJson` keep the raw item (relationships without links).
 * Rows are never duplicated: (workspace, resourceType, klaviyoId) is unique and every write is an upsert.
 * A removed item keeps its row with `removedAt` set, so history and diffs can still name it.
 */
export const inventoryItems = sqliteTable(
  'inventory_items',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** the resource as the contract and CLI name it (plural): flows, flow-actions, campaigns, form-versions, … */
    resourceType: text('resource_type').notNull(),
    klaviyoId: text('klaviyo_id').notNull(),
    name: text('name'),
    status: text('status'),
    channel: text('channel'),
    triggerType: text('trigger_type'),
    /** a flow action's kind (send-email, time-delay, conditional-split, ab-test…), from its definition */
    actionType: text('action_type'),
    archived: integer('archived', { mode: 'boolean' }),
    /** Klaviyo's own timestamps as ISO text (created/created_at, updated/updated_at) */
    createdAt: text('created_at'),
    updatedAt: text('updated_at'),
    parentType: text('parent_type'),
    parentId: text('parent_id'),
    attributesJson: text('attributes_json').notNull(),
    relationshipsJson: text('relationships_json').notNull(),
    /**
     * every typed column the resource definition declares (klaviyo/resources.ts), by name, as JSON: the ones with a
     * column of their own above are here too, so one object says what the definition promised for the item
     */
    columnsJson: text('columns_json'),
    /** sha256 of the canonical JSON of {attributes, relationships}: the item's version hash */
    versionHash: text('version_hash').notNull(),
    firstSeenRunId: integer('first_seen_run_id').notNull(),
    lastSeenRunId: integer('last_seen_run_id').notNull(),
    /** epoch ms when a complete listing no longer contained the item */
    removedAt: integer('removed_at'),
    removedRunId: integer('removed_run_id'),
  },
  (t) => [
    uniqueIndex('inventory_items_key').on(t.workspaceId, t.resourceType, t.klaviyoId),
    index('inventory_items_name_idx').on(t.workspaceId, t.resourceType, t.name),
    index('inventory_items_status_idx').on(t.workspaceId, t.resourceType, t.status),
    index('inventory_items_updated_idx').on(t.workspaceId, t.resourceType, t.updatedAt),
    index('inventory_items_parent_idx').on(t.workspaceId, t.parentType, t.parentId),
  ],
);

/**
 * Every version an item has had. One row is one span of runs during which the item kept the same content:
 * a new row starts whenever the hash differs from the item's current one (a revert to an older content is a
 * new span with the same hash). So the state of a workspace at run R is the spans with
 * firstRunId ≤ R ≤ lastRunId, which is what "compare any two syncs" (PRODUCT B3) reads.
 */
export const itemVersions = sqliteTable(
  'item_versions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => inventoryItems.id, { onDelete: 'cascade' }),
    workspaceId: text('workspace_id').notNull(),
    versionHash: text('version_hash').notNull(),
    /**
     * The content of this version. NULL while it is the item's current version: the content is then the item's
     * own attributes_json/relationships_json (written once, not twice, on the hot path of a sync); it is copied
     * here when a newer version replaces it.
     */
    attributesJson: text('attributes_json'),
    relationshipsJson: text('relationships_json'),
    firstRunId: integer('first_run_id').notNull(),
    lastRunId: integer('last_run_id').notNull(),
  },
  (t) => [
    uniqueIndex('item_versions_span').on(t.itemId, t.versionHash, t.firstRunId),
    index('item_versions_runs_idx').on(t.workspaceId, t.firstRunId, t.lastRunId),
  ],
);
