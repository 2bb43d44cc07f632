import type BetterSqlite3 from 'better-sqlite3';

/** A list's or segment's last known size (see schema/sizes.ts). */
export type ItemSize = {
  resourceType: string;
  klaviyoId: string;
  profileCount: number;
  observedAt: number;
  itemUpdated: string | null;
};

export type SizeRefreshStatus = 'running' | 'ok' | 'partial' | 'failed';

/** What one size refresh after a sync run did (see schema/sizes.ts). */
export type SizeRefreshRow = {
  syncRunId: number;
  workspaceId: string;
  status: SizeRefreshStatus;
  startedAt: number;
  finishedAt: number | null;
  asked: number;
  carried: number;
  remaining: number;
  throttled: number;
  errorJson: string | null;
};

const SIZE_COLUMNS = `resource_type AS resourceType, klaviyo_id AS klaviyoId, profile_count AS profileCount,
  observed_at AS observedAt, item_updated AS itemUpdated`;
const REFRESH_COLUMNS = `sync_run_id AS syncRunId, workspace_id AS workspaceId, status, started_at AS startedAt,
  finished_at AS finishedAt, asked, carried, remaining, throttled, error_json AS errorJson`;

/** List and segment sizes, kept apart from the inventory's versions, and the refreshes that asked them. */
export function sizeQueries(sqlite: BetterSqlite3.Database) {
  const upsert = sqlite.prepare(
    `INSERT INTO item_sizes (workspace_id, resource_type, klaviyo_id, profile_count, observed_at, item_updated)
     VALUES (@workspaceId, @resourceType, @klaviyoId, @profileCount, @observedAt, @itemUpdated)
     ON CONFLICT (workspace_id, resource_type, klaviyo_id) DO UPDATE SET profile_count = excluded.profile_count,
       observed_at = excluded.observed_at, item_updated = excluded.item_updated`,
  );
  return {
    /** Every known size of a workspace, keyed `type\u0000id`. */
    known(workspaceId: string): Map<string, ItemSize> {
      const rows = sqlite
        .prepare(`SELECT ${SIZE_COLUMNS} FROM item_sizes WHERE workspace_id = ?`)
        .all(workspaceId) as ItemSize[];
      return new Map(rows.map((r) => [sizeKey(r.resourceType, r.klaviyoId), r]));
    },
    /** One item's last known size, or null. */
    get(workspaceId: string, resourceType: string, klaviyoId: string): ItemSize | null {
      return (
        (sqlite
          .prepare(
            `SELECT ${SIZE_COLUMNS} FROM item_sizes WHERE workspace_id = ? AND resource_type = ? AND klaviyo_id = ?`,
          )
          .get(workspaceId, resourceType, klaviyoId) as ItemSize | undefined) ?? null
      );
    },
    /** Keeps a size Klaviyo just gave (one statement: a refresh stopped later keeps every size it had). */
    save(workspaceId: string, s: ItemSize): void {
      upsert.run({ workspaceId, ...s });
    },
    startRefresh(workspaceId: string, syncRunId: number, at: number): void {
      sqlite
        .prepare(
          `INSERT INTO size_refreshes (sync_run_id, workspace_id, status, started_at) VALUES (?, ?, 'running', ?)
           ON CONFLICT (sync_run_id) DO UPDATE SET status = 'running', started_at = excluded.started_at,
             finished_at = NULL, asked = 0, carried = 0, remaining = 0, throttled = 0, error_json = NULL`,
        )
        .run(syncRunId, workspaceId, at);
    },
    finishRefresh(
      syncRunId: number,
      r: Pick<SizeRefreshRow, 'status' | 'asked' | 'carried' | 'remaining' | 'throttled' | 'errorJson'> & {
        finishedAt: number;
      },
    ): void {
      sqlite
        .prepare(
          `UPDATE size_refreshes SET status = @status, finished_at = @finishedAt, asked = @asked, carried = @carried,
             remaining = @remaining, throttled = @throttled, error_json = @errorJson WHERE sync_run_id = @syncRunId`,
        )
        .run({ syncRunId, ...r });
    },
    /** The size refresh of one sync run, or null when it had none. */
    refreshOf(syncRunId: number): SizeRefreshRow | null {
      return (
        (sqlite.prepare(`SELECT ${REFRESH_COLUMNS} FROM size_refreshes WHERE sync_run_id = ?`).get(syncRunId) as
          SizeRefreshRow | undefined) ?? null
      );
    },
    /** A refresh left `running` by a process that ended: it is closed as failed (its sizes stay as they were). */
    closeInterrupted(workspaceId: string, at: number): void {
      sqlite
        .prepare(
          `UPDATE size_refreshes SET status = 'failed', finished_at = ? WHERE workspace_id = ? AND status = 'running'`,
        )
        .run(at, workspaceId);
    },
  };
}

export const sizeKey = (resourceType: string, klaviyoId: string) => `${resourceType}\u0000${klaviyoId}`;
