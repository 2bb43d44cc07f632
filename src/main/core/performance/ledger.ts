import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../store';
import { reportingBudget } from '../store';

const DAY_MS = 86_400_000;

/** Klaviyo's Reporting API allows 225 calls a day per account (every reporting operation: 1/s, 2/m, 225/d). */
export const REPORTING_DAILY_CAP = 225;

/**
 * The day a call counts against. Klaviyo resets daily caps per day; with the simulator's time scale a "day" is
 * 86 400 000 / timeScale ms, so the ledger and the simulator (and the client's limiter) agree on day boundaries.
 */
export function budgetDay(now: number, timeScale = 1): string {
  if (timeScale === 1) return new Date(now).toISOString().slice(0, 10);
  return `x${timeScale}:${Math.floor(now / (DAY_MS / timeScale))}`;
}

export type BudgetLedger = {
  accountKey: string;
  cap: number;
  spentToday(): number;
  remaining(): number;
  /** reserves n calls atomically; false (and nothing reserved) when fewer than n are left today */
  reserve(n: number): boolean;
  /** gives back reserved calls that were never sent */
  release(n: number): void;
  /** marks today's budget as used up (the server said so, e.g. another tool spent it) */
  exhaust(): void;
};

/**
 * The reporting budget, persisted per account and day so it holds across runs, processes and workspaces that
 * point at the same account. Reservations are single SQL statements, so two syncs of the same account can
 * never spend more than the cap between them.
 *
 * The budget is one pool for all seven reporting operations. The spec states 225/day on each operation; one
 * shared pool is the stricter reading, and it is what "225 calls a day per account" in the product brief says.
 */
export function createBudgetLedger(
  db: Db,
  accountKey: string,
  opts: { now: () => number; timeScale?: number; cap?: number },
): BudgetLedger {
  const cap = opts.cap ?? REPORTING_DAILY_CAP;
  const day = () => budgetDay(opts.now(), opts.timeScale ?? 1);
  const spentToday = () =>
    db
      .select({ spent: reportingBudget.spent })
      .from(reportingBudget)
      .where(and(eq(reportingBudget.accountKey, accountKey), eq(reportingBudget.day, day())))
      .get()?.spent ?? 0;
  return {
    accountKey,
    cap,
    spentToday,
    remaining: () => Math.max(0, cap - spentToday()),
    reserve(n) {
      if (n <= 0) return true;
      if (n > cap) return false;
      const now = opts.now();
      const rows = db
        .insert(reportingBudget)
        .values({ accountKey, day: day(), spent: n, updatedAt: now })
        .onConflictDoUpdate({
          target: [reportingBudget.accountKey, reportingBudget.day],
          set: { spent: sql`${reportingBudget.spent} + ${n}`, updatedAt: now },
          setWhere: sql`${reportingBudget.spent} + ${n} <= ${cap}`,
        })
        .returning({ spent: reportingBudget.spent })
        .all();
      return rows.length > 0;
    },
    release(n) {
      if (n <= 0) return;
      db.update(reportingBudget)
        .set({ spent: sql`max(0, ${reportingBudget.spent} - ${n})`, updatedAt: opts.now() })
        .where(and(eq(reportingBudget.accountKey, accountKey), eq(reportingBudget.day, day())))
        .run();
    },
    exhaust() {
      const now = opts.now();
      db.insert(reportingBudget)
        .values({ accountKey, day: day(), spent: cap, updatedAt: now })
        .onConflictDoUpdate({
          target: [reportingBudget.accountKey, reportingBudget.day],
          set: { spent: cap, updatedAt: now },
        })
        .run();
    },
  };
}
