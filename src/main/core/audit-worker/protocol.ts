import type { AuditCharts, CurrentAudit, dashboardCharts, Evaluation, FigureFacts } from '../audit';

/**
 * What the audit worker does for one workspace at one moment: `audit` evaluates, stores the result (the
 * strategist's decisions applied) and answers the audit as `audit:get` reads it back; the others only read.
 */
export type AuditJob =
  { kind: 'evaluate' } | { kind: 'audit' } | { kind: 'dashboard' } | { kind: 'pdf' } | { kind: 'facts' };

/** What each job answers. */
export type AuditAnswer = {
  evaluate: Evaluation;
  audit: CurrentAudit;
  dashboard: ReturnType<typeof dashboardCharts>;
  pdf: { charts: AuditCharts; figuresAsOf: number | null };
  facts: FigureFacts;
};

/** Runs audit jobs: in the audit worker (the app, the web version) or on the calling thread (the CLI). */
export interface AuditRunner {
  run<K extends AuditJob['kind']>(job: { kind: K }, workspaceId: string, now: number): Promise<AuditAnswer[K]>;
  /** lets the jobs under way finish and releases what the runner holds */
  close(): Promise<void>;
}

export type WorkerData = { dbFile: string };

/** One job as the worker receives it: on which workspace, at which moment. */
export type AuditTask = { job: AuditJob; workspaceId: string; now: number };
