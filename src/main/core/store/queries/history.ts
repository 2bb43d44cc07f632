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

/** A run that saw or sent an item. */
export type ItemRunRow = {
  runId: number;
  direction: 'pull' | 'push';
  status: RunStatus;
  startedAt: number;
  versionHash: string | null;
};

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
  const itemRuns = sqlite.prepare(
    `SELECT r.id AS runId, r.direction, r.status, r.started_at AS startedAt, v.version_hash AS versionHash
       FROM item_versions v JOIN inventory_items i ON i.id = v.item_id
       JOIN sync_runs r ON r.workspace_id = i.workspace_id AND r.direction = 'pull'
        AND r.id >= v.first_run_id AND r.id <= v.last_run_id
      WHERE i.workspace_id = @workspaceId AND i.klaviyo_id = @item
        AND (@versionHash IS NULL OR v.version_hash = @versionHash)
     UNION ALL
     SELECT r.id, r.direction, r.status, r.started_at, s.version_hash
       FROM sync_snapshots s JOIN sync_runs r ON r.id = s.run_id
      WHERE s.workspace_id = @workspaceId AND s.klaviyo_id = @item AND s.resource <> 'manifest'
        AND (@versionHash IS NULL OR s.version_hash = @versionHash)
     ORDER BY runId`,
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
    /**
     * the runs that saw (pull: a span of one of its versions covers the run) or sent (push: a snapshot names it)
     * the item, with the version seen or the version the change was based on; only that version when given
     */
    itemRuns(workspaceId: string, item: string, versionHash?: string): ItemRunRow[] {
      return itemRuns.all({ workspaceId, item, versionHash: versionHash ?? null }) as ItemRunRow[];
    },
    /** the account's reporting-budget days touched since `since` */
    budgetDays(accountKey: string, since: number): BudgetDayRow[] {
      return budget.all(accountKey, since) as BudgetDayRow[];
    },
  };
}
