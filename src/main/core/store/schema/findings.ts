import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { workspaces } from './workspaces';

/**
 * What a strategist decided about a finding, kept apart from the audits so it outlives every re-sync and
 * re-audit: per workspace, rule and item (`item_key` is '' for the whole finding, else `type/id` of an evidence
 * item). `state` open | accepted (won't fix) | snoozed (until `snooze_until`); a note lives beside the state, each
 * with who and when.
 */
export const findingDecisions = sqliteTable(
  'finding_decisions',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    itemKey: text('item_key').notNull().default(''),
    state: text('state', { enum: ['open', 'accepted', 'snoozed'] })
      .notNull()
      .default('open'),
    snoozeUntil: integer('snooze_until'),
    stateBy: text('state_by'),
    stateAt: integer('state_at'),
    note: text('note'),
    noteBy: text('note_by'),
    noteAt: integer('note_at'),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.ruleId, t.itemKey] })],
);

/**
 * The critical findings a workspace was last notified about (`keys_json`: rule ids, plus `rule/type/id` of their
 * items), so each new critical finding is announced once, whoever ran the audit.
 */
export const findingAlerts = sqliteTable('finding_alerts', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  keysJson: text('keys_json').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
