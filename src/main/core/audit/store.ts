import { and, asc, desc, eq, lt, sql } from 'drizzle-orm';
import { AppError } from '../../../shared/errors';
import type { Db } from '../store';
import { auditFindings, auditManualAnswers, auditRuns } from '../store';
import { AuditResultSchema, ManualAnswersSchema, type AuditResult, type Finding, type ManualAnswers } from './types';

export type StoredAudit = { id: number; workspaceId: string; syncRunId: number | null; result: AuditResult };
export type AuditHistoryPoint = {
  id: number;
  syncRunId: number | null;
  evaluatedAt: number;
  score: number;
  coverage: number;
  criticalCount: number;
  failCount: number;
};

/** Stores an audit for a sync run; auditing the same run again replaces it (e.g. after a manual answer). */
export function saveAudit(
  db: Db,
  workspaceId: string,
  syncRunId: number | null,
  result: AuditResult,
  counts: Record<string, number>,
): number {
  return db.transaction(
    (tx) => {
      if (syncRunId !== null)
        tx.delete(auditRuns)
          .where(and(eq(auditRuns.workspaceId, workspaceId), eq(auditRuns.syncRunId, syncRunId)))
          .run();
      const row = tx
        .insert(auditRuns)
        .values({
          workspaceId,
          syncRunId,
          evaluatedAt: result.evaluatedAt,
          score: result.score,
          coverage: result.coverage,
          scored: result.scored,
          passCount: result.counts.pass,
          failCount: result.counts.fail,
          unknownCount: result.counts.unknown,
          criticalCount: result.counts.critical,
          areasJson: JSON.stringify(result.areas),
          countsJson: JSON.stringify(counts),
          currency: result.currency,
        })
        .returning({ id: auditRuns.id })
        .get();
      for (const f of result.findings)
        tx.insert(auditFindings)
          .values({
            auditRunId: row.id,
            ruleId: f.ruleId,
            area: f.area,
            severity: f.severity,
            status: f.status,
            findingJson: JSON.stringify(f),
          })
          .run();
      return row.id;
    },
    { behavior: 'immediate' },
  );
}

function hydrate(db: Db, row: typeof auditRuns.$inferSelect): StoredAudit {
  const findings = db
    .select({ json: auditFindings.findingJson })
    .from(auditFindings)
    .where(eq(auditFindings.auditRunId, row.id))
    // the key's order, said: the audit read back lists its findings the same way whichever plan SQLite picks
    .orderBy(asc(auditFindings.ruleId))
    .all()
    .map((f) => JSON.parse(f.json));
  const result = AuditResultSchema.parse({
    evaluatedAt: row.evaluatedAt,
    score: row.score,
    coverage: row.coverage,
    scored: row.scored,
    areas: JSON.parse(row.areasJson),
    findings,
    counts: { pass: row.passCount, fail: row.failCount, unknown: row.unknownCount, critical: row.criticalCount },
    currency: row.currency,
  });
  return { id: row.id, workspaceId: row.workspaceId, syncRunId: row.syncRunId, result };
}

export function latestAudit(db: Db, workspaceId: string): StoredAudit | null {
  const row = db
    .select()
    .from(auditRuns)
    .where(eq(auditRuns.workspaceId, workspaceId))
    .orderBy(desc(auditRuns.id))
    .limit(1)
    .get();
  return row ? hydrate(db, row) : null;
}

/** Which audit is the workspace's latest, without reading it (its findings are the bulk of it). */
export function latestAuditRef(db: Db, workspaceId: string): { id: number; syncRunId: number | null } | null {
  return (
    db
      .select({ id: auditRuns.id, syncRunId: auditRuns.syncRunId })
      .from(auditRuns)
      .where(eq(auditRuns.workspaceId, workspaceId))
      .orderBy(desc(auditRuns.id))
      .limit(1)
      .get() ?? null
  );
}

/** A rule's verdict in a stored audit: what comparing with a later audit needs of it. */
export type Verdict = Pick<Finding, 'ruleId' | 'status' | 'severity' | 'title'>;

/**
 * The verdicts of the audit stored before the given one (the previous sync's, or an earlier audit of the same
 * state), or null. Only these columns and each finding's title are read: the findings' JSON of an xl account
 * parsed whole is what stalled the screens' thread after every audit.
 */
export function verdictsBefore(
  db: Db,
  workspaceId: string,
  auditRunId: number,
): { evaluatedAt: number; findings: Verdict[] } | null {
  const run = db
    .select({ id: auditRuns.id, evaluatedAt: auditRuns.evaluatedAt })
    .from(auditRuns)
    .where(and(eq(auditRuns.workspaceId, workspaceId), lt(auditRuns.id, auditRunId)))
    .orderBy(desc(auditRuns.id))
    .limit(1)
    .get();
  if (!run) return null;
  const findings = db
    .select({
      ruleId: auditFindings.ruleId,
      status: auditFindings.status,
      severity: auditFindings.severity,
      title: sql<string>`json_extract(${auditFindings.findingJson}, '$.title')`,
    })
    .from(auditFindings)
    .where(eq(auditFindings.auditRunId, run.id))
    .orderBy(asc(auditFindings.ruleId))
    .all() as Verdict[];
  return { evaluatedAt: run.evaluatedAt, findings };
}

/** Rewrites a stored audit's score and counts (after a decision on a finding); its findings stay as the rules found. */
export function updateAuditScore(db: Db, auditRunId: number, result: AuditResult): void {
  db.update(auditRuns)
    .set({
      score: result.score,
      coverage: result.coverage,
      passCount: result.counts.pass,
      failCount: result.counts.fail,
      unknownCount: result.counts.unknown,
      criticalCount: result.counts.critical,
      areasJson: JSON.stringify(result.areas),
    })
    .where(eq(auditRuns.id, auditRunId))
    .run();
}

export function previousCounts(db: Db, workspaceId: string, beforeSyncRunId: number | null) {
  const rows = db
    .select({ syncRunId: auditRuns.syncRunId, at: auditRuns.evaluatedAt, counts: auditRuns.countsJson })
    .from(auditRuns)
    .where(eq(auditRuns.workspaceId, workspaceId))
    .orderBy(desc(auditRuns.id))
    .limit(20)
    .all();
  const prev = rows.find((r) => r.syncRunId !== beforeSyncRunId && r.counts !== '{}');
  if (!prev) return null;
  const counts = JSON.parse(prev.counts) as Record<string, number>;
  return Object.fromEntries(Object.entries(counts).map(([id, count]) => [id, { count, at: prev.at }]));
}

/** Score over time (one point per audited sync run), oldest first. */
export function auditHistory(db: Db, workspaceId: string, limit = 200): AuditHistoryPoint[] {
  return db
    .select({
      id: auditRuns.id,
      syncRunId: auditRuns.syncRunId,
      evaluatedAt: auditRuns.evaluatedAt,
      score: auditRuns.score,
      coverage: auditRuns.coverage,
      criticalCount: auditRuns.criticalCount,
      failCount: auditRuns.failCount,
    })
    .from(auditRuns)
    .where(eq(auditRuns.workspaceId, workspaceId))
    .orderBy(desc(auditRuns.id))
    .limit(limit)
    .all()
    .reverse();
}

export function getManualAnswers(db: Db, workspaceId: string): ManualAnswers | null {
  const row = db.select().from(auditManualAnswers).where(eq(auditManualAnswers.workspaceId, workspaceId)).get();
  return row ? ManualAnswersSchema.parse(JSON.parse(row.answersJson)) : null;
}

export function setManualAnswers(db: Db, workspaceId: string, answers: unknown, now: number): ManualAnswers {
  const r = ManualAnswersSchema.safeParse(answers);
  if (!r.success)
    throw new AppError(
      'validation',
      `Invalid manual answers: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      {
        details: { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
      },
    );
  const parsed = r.data;
  const value = { ...parsed, answeredAt: now };
  db.insert(auditManualAnswers)
    .values({ workspaceId, answersJson: JSON.stringify(value), updatedAt: now })
    .onConflictDoUpdate({
      target: auditManualAnswers.workspaceId,
      set: { answersJson: JSON.stringify(value), updatedAt: now },
    })
    .run();
  return value;
}

/** The audit stored for one sync run: its score and the failing findings per severity (what a trend keeps). */
export function auditOfRun(
  db: Db,
  workspaceId: string,
  syncRunId: number,
): { score: number; failingBySeverity: Record<string, number> } | null {
  const run = db
    .select({ id: auditRuns.id, score: auditRuns.score })
    .from(auditRuns)
    .where(and(eq(auditRuns.workspaceId, workspaceId), eq(auditRuns.syncRunId, syncRunId)))
    .orderBy(desc(auditRuns.id))
    .limit(1)
    .get();
  if (!run) return null;
  const failingBySeverity: Record<string, number> = {};
  for (const f of db
    .select({ severity: auditFindings.severity })
    .from(auditFindings)
    .where(and(eq(auditFindings.auditRunId, run.id), eq(auditFindings.status, 'fail')))
    .all())
    failingBySeverity[f.severity] = (failingBySeverity[f.severity] ?? 0) + 1;
  return { score: run.score, failingBySeverity };
}
