import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { workspaces } from './workspaces';
import { syncRuns } from './sync';

/**
 * PRODUCT B5: figures the Klaviyo API cannot give back later, captured at every sync so they can be charted over
 * time. A point is one metric at one sync: of the workspace (`subjectType` '') or of one item (a list's
 * `profile_count`, a flow's `status`). Numbers in `value`, a state (a flow's status) in `label`.
 */
export const trendPoints = sqliteTable(
  'trend_points',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    syncRunId: integer('sync_run_id').references(() => syncRuns.id, { onDelete: 'cascade' }),
    at: integer('at').notNull(),
    metric: text('metric').notNull(),
    /** '' for the workspace, else the resource the item belongs to (lists, segments, flows) */
    subjectType: text('subject_type').notNull().default(''),
    subjectId: text('subject_id').notNull().default(''),
    value: real('value'),
    label: text('label'),
  },
  (t) => [
    index('trend_points_subject_idx').on(t.workspaceId, t.subjectType, t.subjectId, t.metric, t.at),
    index('trend_points_run_idx').on(t.syncRunId),
  ],
);
