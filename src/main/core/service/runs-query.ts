import { and, asc, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Store, SyncRunRow } from '../store';
import { syncRunResources, syncRuns } from '../store/schema';

/**
 * The history page (C2): filters, sort, offset paging and the total, which the store's `runs.list` (newest
 * first, keyset paging, no total) does not give. Reads through the store's drizzle handle; writes nothing.
 */
export function runsPage(
  store: Store,
  q: {
    workspaceId?: string;
    status?: SyncRunRow['status'][];
    trigger?: SyncRunRow['trigger'][];
    resource?: string;
    from?: number;
    to?: number;
    sort: 'asc' | 'desc';
    offset: number;
    limit: number;
  },
): { rows: SyncRunRow[]; total: number } {
  const conds: SQL[] = [];
  if (q.workspaceId) conds.push(eq(syncRuns.workspaceId, q.workspaceId));
  if (q.status?.length) conds.push(inArray(syncRuns.status, q.status));
  if (q.trigger?.length) conds.push(inArray(syncRuns.trigger, q.trigger));
  if (q.from !== undefined) conds.push(gte(syncRuns.startedAt, q.from));
  if (q.to !== undefined) conds.push(lte(syncRuns.startedAt, q.to));
  if (q.resource) {
    conds.push(
      sql`exists (select 1 from ${syncRunResources} where ${syncRunResources.runId} = ${syncRuns.id} and ${syncRunResources.resource} = ${q.resource})`,
    );
  }
  const where = conds.length ? and(...conds) : undefined;
  const total = store.db.select({ n: count() }).from(syncRuns).where(where).get()?.n ?? 0;
  const rows = store.db
    .select()
    .from(syncRuns)
    .where(where)
    .orderBy(q.sort === 'asc' ? asc(syncRuns.id) : desc(syncRuns.id))
    .limit(q.limit)
    .offset(q.offset)
    .all();
  return { rows, total };
}
