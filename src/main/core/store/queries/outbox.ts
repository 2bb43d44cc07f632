import { and, asc, count, desc, eq, getTableColumns, gt, gte, inArray, isNull, lte, or, sql } from 'drizzle-orm';
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

/**
 * An item's columns with an import's payload left out (an empty string): a bulk request's body is up to 5 MB, and
 * a flush reads it (`payload`) only when it sends that item, so a queue of imports is never in memory at once.
 */
const heads = {
  ...getTableColumns(outboxItems),
  payloadJson: sql<string>`case when ${outboxItems.kind} in ('profile_import', 'event_import') then '' else ${outboxItems.payloadJson} end`,
};

/**
 * An item's columns with an import's request body left out but its head kept (file, part, records, lines): what
 * the Outbox view lists. Cut by SQLite at the body's key (see the outbox's `splitImportPayload`), so a queue of
 * imports is not read into the screens' thread only to have its megabytes dropped there.
 */
const listed = {
  ...getTableColumns(outboxItems),
  payloadJson: sql<string>`case when ${outboxItems.kind} in ('profile_import', 'event_import') then substr(${outboxItems.payloadJson}, 1, instr(${outboxItems.payloadJson}, ',"body":') - 1) || '}' else ${outboxItems.payloadJson} end`,
};

const ready = (workspaceId: string, now: number) =>
  and(
    eq(outboxItems.workspaceId, workspaceId),
    or(
      eq(outboxItems.state, 'sending'),
      and(eq(outboxItems.state, 'pending'), or(isNull(outboxItems.nextAttemptAt), lte(outboxItems.nextAttemptAt, now))),
    ),
  );

/** The outbox's rows (PRODUCT D): queued changes, their conflicts, and workspaces whose queue waits for a key. */
export function outboxQueries(db: Db) {
  return { ...itemWrites(db), ...itemQueries(db), ...conflictAndPauseQueries(db) };
}

/** the queued changes: adding, changing and removing them */
function itemWrites(db: Db) {
  return {
    /** the item as stored, an import's payload left out (see `heads`): its megabytes are not read straight back */
    insert(row: NewOutboxItemRow): OutboxItemRow {
      return db.insert(outboxItems).values(row).returning(heads).get();
    },
    /**
     * An item whose payload is `before`, then the UTF-8 text of `utf8`, then `after`, joined by SQLite: a bulk
     * request's megabytes go from the import worker's buffer into the row without ever being a string of the
     * thread that answers the screens. Returned as `insert` returns it.
     */
    insertSpliced(
      row: Omit<NewOutboxItemRow, 'payloadJson'>,
      payload: { before: string; utf8: Uint8Array; after: string },
    ): OutboxItemRow {
      const bytes = Buffer.from(payload.utf8.buffer, payload.utf8.byteOffset, payload.utf8.byteLength);
      return db
        .insert(outboxItems)
        .values({ ...row, payloadJson: sql`${payload.before} || cast(${bytes} as text) || ${payload.after}` })
        .returning(heads)
        .get();
    },
    update(id: number, patch: Partial<Omit<NewOutboxItemRow, 'id' | 'workspaceId' | 'createdAt'>>): void {
      db.update(outboxItems).set(patch).where(eq(outboxItems.id, id)).run();
    },
    updateMany(ids: number[], patch: Partial<Omit<NewOutboxItemRow, 'id' | 'workspaceId' | 'createdAt'>>): void {
      if (ids.length) db.update(outboxItems).set(patch).where(inArray(outboxItems.id, ids)).run();
    },
    /** a batch about to leave: `sending`, one more attempt each, the run that sends it (one statement) */
    markSending(ids: number[], patch: { requestId: string; pushRunId: number; updatedAt: number }): void {
      if (!ids.length) return;
      db.update(outboxItems)
        .set({ ...patch, state: 'sending', attempts: sql`${outboxItems.attempts} + 1` })
        .where(inArray(outboxItems.id, ids))
        .run();
    },
    remove(id: number): boolean {
      return db.delete(outboxItems).where(eq(outboxItems.id, id)).run().changes > 0;
    },
  };
}

/** the queued changes: reading them */
function itemQueries(db: Db) {
  return {
    /** one item, an import's request body left out (see `listed`) */
    get(id: number): OutboxItemRow | undefined {
      return db.select(listed).from(outboxItems).where(eq(outboxItems.id, id)).get();
    },
    /**
     * the payload of one item as the bytes of its JSON text (an import's bulk request body is read only when it is
     * sent, and goes out and into its push snapshot as bytes: megabytes never become a string on the way)
     */
    payloadBytes(id: number): Buffer | undefined {
      return db
        .select({ p: sql<Buffer>`cast(${outboxItems.payloadJson} as blob)` })
        .from(outboxItems)
        .where(eq(outboxItems.id, id))
        .get()?.p;
    },
    /**
     * a workspace's items in the order they were made (oldest first), optionally only some states; an import's
     * request body left out (see `listed`)
     */
    list(q: { workspaceId: string; states?: OutboxState[]; limit?: number; offset?: number }): OutboxItemRow[] {
      const where = q.states?.length
        ? and(eq(outboxItems.workspaceId, q.workspaceId), inArray(outboxItems.state, q.states))
        : eq(outboxItems.workspaceId, q.workspaceId);
      return db
        .select(listed)
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
    /** the items a push run handled, oldest first, an import's payload left out (see `heads`) */
    headsByRun(runId: number): OutboxItemRow[] {
      return db
        .select(heads)
        .from(outboxItems)
        .where(eq(outboxItems.pushRunId, runId))
        .orderBy(asc(outboxItems.id))
        .all();
    },
    /** some items by id, oldest first, an import's payload left out (see `heads`) */
    headsByIds(ids: number[]): OutboxItemRow[] {
      if (!ids.length) return [];
      return db.select(heads).from(outboxItems).where(inArray(outboxItems.id, ids)).orderBy(asc(outboxItems.id)).all();
    },
    /**
     * items waiting to be sent whose retry time has come (or that were sending when a process died), oldest first,
     * an import's payload left out (see `heads`)
     */
    ready(workspaceId: string, now: number): OutboxItemRow[] {
      return db.select(heads).from(outboxItems).where(ready(workspaceId, now)).orderBy(asc(outboxItems.id)).all();
    },
    /** whether anything is ready to be sent (see `ready`) */
    hasReady(workspaceId: string, now: number): boolean {
      return (
        db.select({ id: outboxItems.id }).from(outboxItems).where(ready(workspaceId, now)).limit(1).get() !== undefined
      );
    },
    /** pending items whose retry time has not come yet, an import's payload left out (see `heads`) */
    waiting(workspaceId: string, now: number): OutboxItemRow[] {
      return db
        .select(heads)
        .from(outboxItems)
        .where(
          and(
            eq(outboxItems.workspaceId, workspaceId),
            eq(outboxItems.state, 'pending'),
            gt(outboxItems.nextAttemptAt, now),
          ),
        )
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
  };
}

/** conflicts found while sending, and workspaces whose queue waits for a new key */
function conflictAndPauseQueries(db: Db) {
  return {
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

/** Reads of the outbox by kind of change (the daily creation caps). */
export function outboxKindQueries(db: Db) {
  return {
    /** items of these kinds that are still open, or were settled done since the given time (daily caps) */
    openOrDoneSince(workspaceId: string, kinds: string[], since: number): OutboxItemRow[] {
      return db
        .select()
        .from(outboxItems)
        .where(
          and(
            eq(outboxItems.workspaceId, workspaceId),
            inArray(outboxItems.kind, kinds),
            or(
              inArray(outboxItems.state, [...OPEN_OUTBOX_STATES]),
              and(eq(outboxItems.state, 'done'), gte(outboxItems.updatedAt, since)),
            ),
          ),
        )
        .orderBy(asc(outboxItems.id))
        .all();
    },
  };
}
