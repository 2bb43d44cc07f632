import { and, asc, count, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db';
import { syncRunResources, syncRuns, workspaces } from '../schema';

export type SyncRunRow = typeof syncRuns.$inferSelect;
export type NewSyncRunRow = typeof syncRuns.$inferInsert;
export type SyncRunResourceRow = typeof syncRunResources.$inferSelect;
export type NewSyncRunResourceRow = typeof syncRunResources.$inferInsert;
export type RunStatus = SyncRunRow['status'];
export type ResourceStatus = SyncRunResourceRow['status'];

/** Which runs a read selects. An empty list of values selects as if it were left out. */
export type RunFilter = {
  workspaceId?: string;
  status?: RunStatus[];
  trigger?: SyncRunRow['trigger'][];
  direction?: SyncRunRow['direction'];
  /** runs that recorded this resource */
  resource?: string;
  /** runs that saw (a span of one of its versions covers the run) or sent the item with this Klaviyo id */
  item?: string;
  /** start, epoch ms, inclusive */
  from?: number;
  to?: number;
};

export type RunListQuery = RunFilter & {
  limit?: number;
  /** runs with id below this (paging newest first) */
  beforeId?: number;
};

export type RunSortField = 'started' | 'duration' | 'status' | 'requests' | 'workspace';
export type RunPageQuery = RunFilter & {
  sortBy?: RunSortField;
  sort: 'asc' | 'desc';
  offset: number;
  limit: number;
};

/** the column of each sort field; ties go by run id in the same direction, so pages never overlap */
const SORT_KEYS: Record<RunSortField, SQL> = {
  started: sql`${syncRuns.startedAt}`,
  // a running run sorts as the longest: it is not over yet
  duration: sql`coalesce(${syncRuns.finishedAt} - ${syncRuns.startedAt}, 9007199254740991)`,
  status: sql`${syncRuns.status}`,
  requests: sql`${syncRuns.requests}`,
  workspace: sql`(select lower(${workspaces.name}) from ${workspaces} where ${workspaces.id} = ${syncRuns.workspaceId})`,
};

function whereOf(q: RunListQuery): SQL | undefined {
  const conds: SQL[] = [];
  if (q.workspaceId) conds.push(eq(syncRuns.workspaceId, q.workspaceId));
  if (q.status?.length) conds.push(inArray(syncRuns.status, q.status));
  if (q.trigger?.length) conds.push(inArray(syncRuns.trigger, q.trigger));
  if (q.direction) conds.push(eq(syncRuns.direction, q.direction));
  if (q.from !== undefined) conds.push(gte(syncRuns.startedAt, q.from));
  if (q.to !== undefined) conds.push(lte(syncRuns.startedAt, q.to));
  if (q.resource) {
    conds.push(
      sql`exists (select 1 from ${syncRunResources} where ${syncRunResources.runId} = ${syncRuns.id} and ${syncRunResources.resource} = ${q.resource})`,
    );
  }
  if (q.item) {
    // pull runs saw every item whose version span covers them; push runs keep a snapshot of each item they sent
    conds.push(
      sql`(exists (select 1 from item_versions v join inventory_items i on i.id = v.item_id
                  where i.workspace_id = ${syncRuns.workspaceId} and i.klaviyo_id = ${q.item}
                    and v.first_run_id <= ${syncRuns.id} and v.last_run_id >= ${syncRuns.id})
           or exists (select 1 from sync_snapshots s where s.run_id = ${syncRuns.id}
                    and s.klaviyo_id = ${q.item} and s.resource <> 'manifest'))`,
    );
  }
  if (q.beforeId !== undefined) conds.push(lt(syncRuns.id, q.beforeId));
  return conds.length ? and(...conds) : undefined;
}

export function runQueries(db: Db) {
  const select = (where: SQL | undefined, sort: 'asc' | 'desc', limit: number, offset = 0, by?: RunSortField) =>
    db
      .select()
      .from(syncRuns)
      .where(where)
      .orderBy(
        ...(by && by !== 'started' ? [sort === 'asc' ? asc(SORT_KEYS[by]) : desc(SORT_KEYS[by])] : []),
        sort === 'asc' ? asc(syncRuns.id) : desc(syncRuns.id),
      )
      .limit(limit)
      .offset(offset)
      .all();
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
    /** newest first */
    list(q: RunListQuery = {}): SyncRunRow[] {
      return select(whereOf(q), 'desc', Math.min(Math.max(q.limit ?? 50, 1), 1000));
    },
    /** the history page (C2): one page in either order, and how many runs match in all */
    page(q: RunPageQuery): { rows: SyncRunRow[]; total: number } {
      const where = whereOf(q);
      const total = db.select({ n: count() }).from(syncRuns).where(where).get()?.n ?? 0;
      return { rows: select(where, q.sort, q.limit, q.offset, q.sortBy), total };
    },
    latest(workspaceId: string, opts: { finishedOnly?: boolean } = {}): SyncRunRow | undefined {
      const rows = select(eq(syncRuns.workspaceId, workspaceId), 'desc', 20);
      return opts.finishedOnly ? rows.find((r) => r.status !== 'running') : rows[0];
    },
    /** runs still going (pulls unless asked: a push runs beside a sync and never claims the workspace) */
    running(workspaceId?: string, direction: SyncRunRow['direction'] = 'pull'): SyncRunRow[] {
      const conds = [eq(syncRuns.status, 'running'), eq(syncRuns.direction, direction)];
      if (workspaceId) conds.push(eq(syncRuns.workspaceId, workspaceId));
      return db
        .select()
        .from(syncRuns)
        .where(and(...conds))
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
