import { and, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { findingAlerts, findingDecisions } from '../schema';

export type FindingDecisionRow = typeof findingDecisions.$inferSelect;
export type FindingDecisionKey = { workspaceId: string; ruleId: string; itemKey: string };

const where = (k: FindingDecisionKey) =>
  and(
    eq(findingDecisions.workspaceId, k.workspaceId),
    eq(findingDecisions.ruleId, k.ruleId),
    eq(findingDecisions.itemKey, k.itemKey),
  );

/** What strategists decided about findings (accepted, snoozed, notes) and which critical ones were announced. */
export function findingQueries(db: Db) {
  return {
    decisions(workspaceId: string): FindingDecisionRow[] {
      return db
        .select()
        .from(findingDecisions)
        .where(eq(findingDecisions.workspaceId, workspaceId))
        .orderBy(findingDecisions.ruleId, findingDecisions.itemKey)
        .all();
    },
    get(k: FindingDecisionKey): FindingDecisionRow | undefined {
      return db.select().from(findingDecisions).where(where(k)).get();
    },
    /** sets the state (open clears the snooze date); the note is left as it was */
    setState(
      k: FindingDecisionKey,
      s: { state: 'open' | 'accepted' | 'snoozed'; snoozeUntil: number | null; by: string; at: number },
    ): FindingDecisionRow {
      const set = { state: s.state, snoozeUntil: s.snoozeUntil, stateBy: s.by, stateAt: s.at };
      return db
        .insert(findingDecisions)
        .values({ ...k, ...set })
        .onConflictDoUpdate({
          target: [findingDecisions.workspaceId, findingDecisions.ruleId, findingDecisions.itemKey],
          set,
        })
        .returning()
        .get();
    },
    /** sets (or with null clears) the note; the state is left as it was */
    setNote(k: FindingDecisionKey, n: { note: string | null; by: string; at: number }): FindingDecisionRow {
      const set = { note: n.note, noteBy: n.note === null ? null : n.by, noteAt: n.note === null ? null : n.at };
      return db
        .insert(findingDecisions)
        .values({ ...k, ...set })
        .onConflictDoUpdate({
          target: [findingDecisions.workspaceId, findingDecisions.ruleId, findingDecisions.itemKey],
          set,
        })
        .returning()
        .get();
    },
    /** the keys of the critical findings the workspace was last told about (empty before the first notice) */
    notifiedKeys(workspaceId: string): string[] {
      const row = db.select().from(findingAlerts).where(eq(findingAlerts.workspaceId, workspaceId)).get();
      return row ? (JSON.parse(row.keysJson) as string[]) : [];
    },
    setNotifiedKeys(workspaceId: string, keys: readonly string[], at: number): void {
      const keysJson = JSON.stringify([...keys].sort());
      db.insert(findingAlerts)
        .values({ workspaceId, keysJson, updatedAt: at })
        .onConflictDoUpdate({ target: findingAlerts.workspaceId, set: { keysJson, updatedAt: at } })
        .run();
    },
  };
}
