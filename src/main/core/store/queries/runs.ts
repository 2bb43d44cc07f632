import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { syncRunResources, syncRuns } from '../schema';

export type SyncRunRow = typeof syncRuns.$inferSelect;
export type NewSyncRunRow = typeof syncRuns.$inferInsert;
export type SyncRunResourceRow = typeof syncRunResources.$inferSelect;
export type NewSyncRunResourceRow = typeof syncRunResources.$inferInsert;
export type RunStatus = SyncRunRow['status'];
export type ResourceStatus = SyncRunResourceRow['status'];

export type RunListQuery = {
  workspaceId?: string;
  status?: RunStatus[];
  trigger?: SyncRunRow['trigger'][];
  direction?: SyncRunRow['direction'];
  /** epoch ms, inclusive */
  from?: number;
  to?: number;
  limit?: number;
  /** runs with id below this (paging newest first) */
  beforeId?: number;
};

export function runQueries(db: Db) {
  return {
    insert(row: NewSyncRunRow): SyncRunRow {
      return db.insert(syncRuns).values(row).returning().get();
    },
    update(id: number, patch: Partial<Omit<NewSyncRunRow, 'id'>>): void {
      db.update(syncRuns).set(patch).where(eq(syncRuns.id, id)).run();
    },
    get(id: number): SyncRunRow | undefined {
      return db.select().from(syncRuns).where(eq(syncRuns.id, id)).get();
    },
    byRequestId(requestId: string): SyncRunRow | undefined {
      return db.select().from(syncRuns).where(eq(syncRuns.requestId, requestId)).get();
    },
    list(q: RunListQuery = {}): SyncRunRow[] {
      const conds = [];
      if (q.workspaceId) conds.push(eq(syncRuns.workspaceId, q.workspaceId));
      if (q.status?.length) conds.push(inArray(syncRuns.status, q.status));
      if (q.trigger?.length) conds.push(inArray(syncRuns.trigger, q.trigger));
      if (q.direction) conds.push(eq(syncRuns.direction, q.direction));
      if (q.beforeId !== undefined) conds.push(lt(syncRuns.id, q.beforeId));
      const rows = db
        .select()
        .from(syncRuns)
        .where(conds.length ? and(...conds) : undefined)
        .orderBy(desc(syncRuns.id))
        .limit(Math.min(Math.max(q.limit ?? 50, 1), 1000))
        .all();
      return rows.filter(
        (r) => (q.from === undefined || r.startedAt >= q.from) && (q.to === undefined || r.startedAt <= q.to),
      );
    },
    latest(workspaceId: string, opts: { finishedOnly?: boolean } = {}): SyncRunRow | undefined {
      const rows = db
        .select()
        .from(syncRuns)
        .where(eq(syncRuns.workspaceId, workspaceId))
        .orderBy(desc(syncRuns.id))
        .limit(20)
        .all();
      return opts.finishedOnly ? rows.find((r) => r.status !== 'running') : rows[0];
    },
    running(workspaceId?: string): SyncRunRow[] {
      return db
        .select()
        .from(syncRuns)
        .where(
          workspaceId
            ? and(eq(syncRuns.status, 'running'), eq(syncRuns.workspaceId, workspaceId))
            : eq(syncRuns.status, 'running'),
        )
        .all();
    },
    upsertResource(row: NewSyncRunResourceRow): void {
      const { runId: _r, resource: _k, ...rest } = row;
      db.insert(syncRunResources)
        .values(row)
        .onConflictDoUpdate({ target: [syncRunResources.runId, syncRunResources.resource], set: rest })
        .run();
    },
    /** per resource: when a run of this workspace last listed it completely */
    lastCompleteByResource(workspaceId: string): Record<string, number> {
      const rows = db
        .select({ resource: syncRunResources.resource, at: sql<number>`max(${syncRunResources.finishedAt})` })
        .from(syncRunResources)
        .innerJoin(syncRuns, eq(syncRuns.id, syncRunResources.runId))
        .where(and(eq(syncRuns.workspaceId, workspaceId), eq(syncRunResources.complete, true)))
        .groupBy(syncRunResources.resource)
        .all();
      return Object.fromEntries(rows.filter((r) => r.at !== null).map((r) => [r.resource, r.at]));
    },
    resources(runId: number): SyncRunResourceRow[] {
      return db.select().from(syncRunResources).where(eq(syncRunResources.runId, runId)).all();
    },
  };
}
