import { and, asc, count, desc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { outboxConflicts, outboxItems, outboxPauses } from '../schema';

export type OutboxItemRow = typeof outboxItems.$inferSelect;
export type NewOutboxItemRow = typeof outboxItems.$inferInsert;
export type OutboxState = OutboxItemRow['state'];
export type OutboxConflictRow = typeof outboxConflicts.$inferSelect;
export type NewOutboxConflictRow = typeof outboxConflicts.$inferInsert;
export type OutboxPauseRow = typeof outboxPauses.$inferSelect;

/** States whose change is not settled yet: they are laid over the inventory and may still be sent. */
export const OPEN_OUTBOX_STATES: OutboxState[] = ['pending', 'sending', 'failed'];

/** The outbox's rows (PRODUCT D): queued changes, their conflicts, and workspaces whose queue waits for a key. */
export function outboxQueries(db: Db) {
  return {
    insert(row: NewOutboxItemRow): OutboxItemRow {
      return db.insert(outboxItems).values(row).returning().get();
    },
    get(id: number): OutboxItemRow | undefined {
      return db.select().from(outboxItems).where(eq(outboxItems.id, id)).get();
    },
    update(id: number, patch: Partial<Omit<NewOutboxItemRow, 'id' | 'workspaceId' | 'createdAt'>>): void {
      db.update(outboxItems).set(patch).where(eq(outboxItems.id, id)).run();
    },
    updateMany(ids: number[], patch: Partial<Omit<NewOutboxItemRow, 'id' | 'workspaceId' | 'createdAt'>>): void {
      if (ids.length) db.update(outboxItems).set(patch).where(inArray(outboxItems.id, ids)).run();
    },
    remove(id: number): boolean {
      return db.delete(outboxItems).where(eq(outboxItems.id, id)).run().changes > 0;
    },
    /** a workspace's items in the order they were made (oldest first), optionally only some states */
    list(q: { workspaceId: string; states?: OutboxState[]; limit?: number; offset?: number }): OutboxItemRow[] {
      const where = q.states?.length
        ? and(eq(outboxItems.workspaceId, q.workspaceId), inArray(outboxItems.state, q.states))
        : eq(outboxItems.workspaceId, q.workspaceId);
      return db
        .select()
        .from(outboxItems)
        .where(where)
        .orderBy(asc(outboxItems.id))
        .limit(q.limit ?? 1000)
        .offset(q.offset ?? 0)
        .all();
    },
    /** the items a push run handled, oldest first */
    byRun(runId: number): OutboxItemRow[] {
      return db.select().from(outboxItems).where(eq(outboxItems.pushRunId, runId)).orderBy(asc(outboxItems.id)).all();
    },
    /** items waiting to be sent whose retry time has come (or that were sending when a process died) */
    ready(workspaceId: string, now: number): OutboxItemRow[] {
      return db
        .select()
        .from(outboxItems)
        .where(
          and(
            eq(outboxItems.workspaceId, workspaceId),
            or(
              eq(outboxItems.state, 'sending'),
              and(
                eq(outboxItems.state, 'pending'),
                or(isNull(outboxItems.nextAttemptAt), lte(outboxItems.nextAttemptAt, now)),
              ),
            ),
          ),
        )
        .orderBy(asc(outboxItems.id))
        .all();
    },
    /** the earliest retry time among pending items, null when none waits */
    nextAttemptAt(workspaceId: string): number | null {
      const r = db
        .select({ at: sql<number | null>`min(coalesce(${outboxItems.nextAttemptAt}, 0))` })
        .from(outboxItems)
        .where(and(eq(outboxItems.workspaceId, workspaceId), inArray(outboxItems.state, ['pending', 'sending'])))
        .get();
      return r?.at ?? null;
    },
    /** the open items of one target, oldest first: what is laid over the item's synced state */
    openForTarget(workspaceId: string, targetType: string, targetId: string): OutboxItemRow[] {
      return db
        .select()
        .from(outboxItems)
        .where(
          and(
            eq(outboxItems.workspaceId, workspaceId),
            eq(outboxItems.targetType, targetType),
            eq(outboxItems.targetId, targetId),
            inArray(outboxItems.state, OPEN_OUTBOX_STATES),
          ),
        )
        .orderBy(asc(outboxItems.id))
        .all();
    },
    /** per workspace and state, how many items (the global badge) */
    counts(workspaceId?: string): { workspaceId: string; state: OutboxState; n: number }[] {
      return db
        .select({ workspaceId: outboxItems.workspaceId, state: outboxItems.state, n: count() })
        .from(outboxItems)
        .where(workspaceId ? eq(outboxItems.workspaceId, workspaceId) : undefined)
        .groupBy(outboxItems.workspaceId, outboxItems.state)
        .all();
    },
    /** workspaces with something to send (pending or sending) */
    workspacesWithWork(): string[] {
      return db
        .selectDistinct({ id: outboxItems.workspaceId })
        .from(outboxItems)
        .where(inArray(outboxItems.state, ['pending', 'sending']))
        .all()
        .map((r) => r.id);
    },
    insertConflict(row: NewOutboxConflictRow): OutboxConflictRow {
      return db.insert(outboxConflicts).values(row).returning().get();
    },
    conflicts(q: { workspaceId: string; itemId?: number; limit?: number }): OutboxConflictRow[] {
      const where = q.itemId
        ? and(eq(outboxConflicts.workspaceId, q.workspaceId), eq(outboxConflicts.itemId, q.itemId))
        : eq(outboxConflicts.workspaceId, q.workspaceId);
      return db
        .select()
        .from(outboxConflicts)
        .where(where)
        .orderBy(desc(outboxConflicts.id))
        .limit(q.limit ?? 200)
        .all();
    },
    pause(workspaceId: string, at: number, errorJson: string): void {
      db.insert(outboxPauses)
        .values({ workspaceId, pausedAt: at, errorJson })
        .onConflictDoUpdate({ target: outboxPauses.workspaceId, set: { pausedAt: at, errorJson } })
        .run();
    },
    resume(workspaceId: string): boolean {
      return db.delete(outboxPauses).where(eq(outboxPauses.workspaceId, workspaceId)).run().changes > 0;
    },
    paused(workspaceId: string): OutboxPauseRow | undefined {
      return db.select().from(outboxPauses).where(eq(outboxPauses.workspaceId, workspaceId)).get();
    },
  };
}
