import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { syncRuns } from './sync';
import { workspaces } from './workspaces';

/**
 * The audit's tables and the performance figures it reads (re-exported by schema/index.ts).
 *
 * An audit is stored per sync run, so the score can be followed over time (PRODUCT B5); re-auditing the same
 * run (e.g. after a manual answer changes) replaces that run's audit.
 */
export const auditRuns = sqliteTable(
  'audit_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    /** the sync run whose inventory was audited (null when no sync has completed yet) */
    syncRunId: integer('sync_run_id').references(() => syncRuns.id, { onDelete: 'set null' }),
    evaluatedAt: integer('evaluated_at').notNull(),
    score: real('score').notNull(),
    coverage: real('coverage').notNull(),
    scored: integer('scored', { mode: 'boolean' }).notNull(),
    passCount: integer('pass_count').notNull(),
    failCount: integer('fail_count').notNull(),
    unknownCount: integer('unknown_count').notNull(),
    criticalCount: integer('critical_count').notNull(),
    /** AreaScore[] JSON */
    areasJson: text('areas_json').notNull(),
    /** list/segment profile counts seen by this audit ({id: count}), so the next one can spot swings (L7) */
    countsJson: text('counts_json').notNull().default('{}'),
    /** the account's preferred currency (ISO 4217) at the time, for the revenue figures among the evidence */
    currency: text('currency'),
  },
  (t) => [
    index('audit_runs_workspace_idx').on(t.workspaceId, t.evaluatedAt),
    uniqueIndex('audit_runs_sync_run').on(t.workspaceId, t.syncRunId),
  ],
);

export const auditFindings = sqliteTable(
  'audit_findings',
  {
    auditRunId: integer('audit_run_id')
      .notNull()
      .references(() => auditRuns.id, { onDelete: 'cascade' }),
    ruleId: text('rule_id').notNull(),
    area: text('area').notNull(),
    severity: text('severity').notNull(),
    status: text('status', { enum: ['pass', 'fail', 'unknown'] }).notNull(),
    /** the whole Finding JSON (summary, evidence, recommendation, figuresAsOf) */
    findingJson: text('finding_json').notNull(),
  },
  (t) => [primaryKey({ columns: [t.auditRunId, t.ruleId] }), index('audit_findings_status_idx').on(t.status)],
);

/**
 * Reporting API calls spent per account per day (the API allows 225 a day per account). Keyed by the Klaviyo
 * account, not the workspace, because every key of an account shares the quota. `day` is the UTC day.
 */
export const reportingBudget = sqliteTable(
  'reporting_budget',
  {
    accountKey: text('account_key').notNull(),
    day: text('day').notNull(),
    spent: integer('spent').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountKey, t.day] })],
);

/** The latest performance figures per workspace and kind (flowValues30, metricDaily, …), with fetched-at. */
export const performanceFigures = sqliteTable(
  'performance_figures',
  {
    workspaceId: text('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    fetchedAt: integer('fetched_at').notNull(),
    figuresJson: text('figures_json').notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.kind] })],
);

/** Manual answers for what the API cannot tell (rules D1, D2), one row per workspace. */
export const auditManualAnswers = sqliteTable('audit_manual_answers', {
  workspaceId: text('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  answersJson: text('answers_json').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
