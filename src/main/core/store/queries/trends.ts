import type BetterSqlite3 from 'better-sqlite3';

/** One captured figure (see schema/trends.ts). */
export type TrendPoint = {
  syncRunId: number | null;
  at: number;
  metric: string;
  subjectType: string;
  subjectId: string;
  value: number | null;
  label: string | null;
};

const COLUMNS = `sync_run_id AS syncRunId, at, metric, subject_type AS subjectType, subject_id AS subjectId, value,
  label`;

/** Trend points: written once per sync, read as series per workspace or per item. */
export function trendQueries(sqlite: BetterSqlite3.Database) {
  const insert = sqlite.prepare(
    `INSERT INTO trend_points (workspace_id, sync_run_id, at, metric, subject_type, subject_id, value, label)
     VALUES (@workspaceId, @syncRunId, @at, @metric, @subjectType, @subjectId, @value, @label)`,
  );
  const dropRun = sqlite.prepare(
    'DELETE FROM trend_points WHERE workspace_id = ? AND sync_run_id = ? AND metric IN (SELECT value FROM json_each(?))',
  );
  return {
    /**
     * Records a sync's points; recording the same metrics for the same run again replaces them (an audit re-run
     * after a manual answer).
     */
    record(workspaceId: string, points: TrendPoint[]): void {
      sqlite
        .transaction(() => {
          const runs = new Map<number, Set<string>>();
          for (const p of points) {
            if (p.syncRunId === null) continue;
            const set = runs.get(p.syncRunId) ?? new Set<string>();
            set.add(p.metric);
            runs.set(p.syncRunId, set);
          }
          for (const [runId, metrics] of runs) dropRun.run(workspaceId, runId, JSON.stringify([...metrics]));
          for (const p of points) insert.run({ workspaceId, ...p });
        })
        .immediate();
    },
    /** The points of a workspace (subjectType '') or of one item, oldest first; optionally since a time. */
    series(q: { workspaceId: string; subjectType?: string; subjectId?: string; since?: number }): TrendPoint[] {
      return sqlite
        .prepare(
          `SELECT ${COLUMNS} FROM trend_points
           WHERE workspace_id = ? AND subject_type = ? AND subject_id = ? AND at >= ?
           ORDER BY at, metric`,
        )
        .all(q.workspaceId, q.subjectType ?? '', q.subjectId ?? '', q.since ?? 0) as TrendPoint[];
    },
    /** Every point of a workspace, its own and every item's, oldest first; optionally since a time. */
    all(q: { workspaceId: string; since?: number }): TrendPoint[] {
      return sqlite
        .prepare(
          `SELECT ${COLUMNS} FROM trend_points WHERE workspace_id = ? AND at >= ?
           ORDER BY at, subject_type, subject_id, metric`,
        )
        .all(q.workspaceId, q.since ?? 0) as TrendPoint[];
    },
    /** The latest point of one metric for every item of a type (e.g. each list's last known profile_count). */
    latestByItem(workspaceId: string, subjectType: string, metric: string): Map<string, TrendPoint> {
      const rows = sqlite
        .prepare(
          `SELECT ${COLUMNS} FROM trend_points t
           WHERE workspace_id = ? AND subject_type = ? AND metric = ?
             AND at = (SELECT max(at) FROM trend_points u WHERE u.workspace_id = t.workspace_id
                       AND u.subject_type = t.subject_type AND u.subject_id = t.subject_id AND u.metric = t.metric)`,
        )
        .all(workspaceId, subjectType, metric) as TrendPoint[];
      return new Map(rows.map((r) => [r.subjectId, r]));
    },
  };
}
