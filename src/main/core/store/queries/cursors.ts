import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { syncCursors } from '../schema';

export type SyncCursorRow = typeof syncCursors.$inferSelect;

/**
 * Per workspace and resource, where the next incremental listing starts (PRODUCT A5): the start of the last run
 * that listed the resource completely (never later than that run's own start, whatever the server's clock says),
 * the last complete full sync, and when ids were last listed.
 */
export function cursorQueries(db: Db) {
  return {
    list(workspaceId: string): SyncCursorRow[] {
      return db.select().from(syncCursors).where(eq(syncCursors.workspaceId, workspaceId)).all();
    },

    /** records a complete listing of each resource by one run (an ok run only: a failed one leaves them as they were) */
    advance(
      workspaceId: string,
      rows: { resource: string; cursorField: string }[],
      run: { runId: number; startedAt: number; full: boolean; now: number },
    ): void {
      const highWater = new Date(run.startedAt).toISOString();
      db.transaction(
        (tx) => {
          for (const r of rows) {
            const prev = tx
              .select()
              .from(syncCursors)
              .where(and(eq(syncCursors.workspaceId, workspaceId), eq(syncCursors.resource, r.resource)))
              .get();
            const values = {
              workspaceId,
              resource: r.resource,
              cursorField: r.cursorField,
              highWater,
              lastFullRunId: run.full ? run.runId : (prev?.lastFullRunId ?? null),
              lastIdListingAt: run.startedAt,
              updatedAt: run.now,
            };
            tx.insert(syncCursors)
              .values(values)
              .onConflictDoUpdate({ target: [syncCursors.workspaceId, syncCursors.resource], set: values })
              .run();
          }
        },
        { behavior: 'immediate' },
      );
    },
  };
}
