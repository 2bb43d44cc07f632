import type BetterSqlite3 from 'better-sqlite3';
import type { RunStatus } from './runs';

/** One run as the analytics read it: the figures of the runs table, nothing joined. */
export type AnalyticsRunRow = {
  id: number;
  workspaceId: string;
  direction: 'pull' | 'push';
  status: RunStatus;
  startedAt: number;
  finishedAt: number | null;
  requests: number;
  throttled: number;
  errorJson: string | null;
};

/** A resource of a run that did not end well: the error and the scopes the key lacked for it. */
export type ResourceIssueRow = {
  runId: number;
  resource: string;
  status: string;
  missingScopesJson: string;
  errorJson: string | null;
};

/** One day of an account's Reporting API budget: what was spent and when the ledger last moved. */
export type BudgetDayRow = { day: string; spent: number; updatedAt: number };

export type AnalyticsWindow = { workspaceId?: string; direction?: 'pull' | 'push'; from: number; to: number };

/** The reads behind the history's analytics and health report (C3): lean rows, computed on in plain code. */
export function historyQueries(sqlite: BetterSqlite3.Database) {
  const where = `(@workspaceId IS NULL OR r.workspace_id = @workspaceId)
      AND (@direction IS NULL OR r.direction = @direction)
      AND r.started_at >= @from AND r.started_at <= @to`;
  const runs = sqlite.prepare(
    `SELECT r.id, r.workspace_id AS workspaceId, r.direction, r.status, r.started_at AS startedAt,
            r.finished_at AS finishedAt, r.requests, r.throttled, r.error_json AS errorJson
       FROM sync_runs r WHERE ${where} ORDER BY r.started_at, r.id`,
  );
  const issues = sqlite.prepare(
    `SELECT x.run_id AS runId, x.resource, x.status, x.missing_scopes_json AS missingScopesJson,
            x.error_json AS errorJson
       FROM sync_run_resources x JOIN sync_runs r ON r.id = x.run_id
      WHERE ${where} AND (x.status IN ('failed', 'forbidden', 'partial') OR x.error_json IS NOT NULL)`,
  );
  const lastOk = sqlite.prepare(
    `SELECT max(coalesce(finished_at, started_at)) AS at FROM sync_runs
      WHERE workspace_id = ? AND direction = 'pull' AND status = 'ok'`,
  );
  const budget = sqlite.prepare(
    `SELECT day, spent, updated_at AS updatedAt FROM reporting_budget
      WHERE account_key = ? AND updated_at >= ? ORDER BY day`,
  );
  const bind = (w: AnalyticsWindow) => ({
    workspaceId: w.workspaceId ?? null,
    direction: w.direction ?? null,
    from: w.from,
    to: w.to,
  });
  return {
    /** the runs started inside the window, oldest first */
    analyticsRuns(w: AnalyticsWindow): AnalyticsRunRow[] {
      return runs.all(bind(w)) as AnalyticsRunRow[];
    },
    /** the resources of those runs that failed, were forbidden or ended partial */
    resourceIssues(w: AnalyticsWindow): ResourceIssueRow[] {
      return issues.all(bind(w)) as ResourceIssueRow[];
    },
    /** when the workspace's last complete (ok) pull run ended; null when none ever did */
    lastCompleteAt(workspaceId: string): number | null {
      return (lastOk.get(workspaceId) as { at: number | null }).at;
    },
    /** the account's reporting-budget days touched since `since` */
    budgetDays(accountKey: string, since: number): BudgetDayRow[] {
      return budget.all(accountKey, since) as BudgetDayRow[];
    },
  };
}
