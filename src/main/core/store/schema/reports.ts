import { index, integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { auditRuns } from './audit';
import { workspaces } from './workspaces';

/**
 * Every findings report exported (PDF or CSV): when, in which language, with which score, of which audit. The
 * next report's summary says how the score moved since the last one the client received, which is not the
 * previous audit when several syncs ran between two reports.
 */
export const reportExports = sqliteTable(
  'report_exports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** the audit the report was of (null once that audit is gone) */
    auditRunId: integer('audit_run_id').references(() => auditRuns.id, { onDelete: 'set null' }),
    exportedAt: integer('exported_at').notNull(),
    format: text('format', { enum: ['csv', 'pdf'] }).notNull(),
    lang: text('lang', { enum: ['en', 'pl'] }).notNull(),
    score: real('score').notNull(),
  },
  (t) => [index('report_exports_workspace').on(t.workspaceId, t.exportedAt)],
);
