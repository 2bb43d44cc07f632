import {
  buildAuditInput,
  chartsFromInput,
  currentAudit,
  dashboardCharts,
  evaluateWorkspace,
  figureFacts,
  oldestFigures,
  storeEvaluation,
} from '../audit';
import { AppError } from '../../../shared/errors';
import type { Store } from '../store';
import type { AuditAnswer, AuditJob, AuditRunner } from './protocol';

/** One job on the workspace's inventory, on the calling thread (the audit worker runs this same function). */
export function answerJob(
  store: Store,
  job: AuditJob,
  workspaceId: string,
  now: number,
): AuditAnswer[AuditJob['kind']] {
  if (job.kind === 'evaluate') {
    const { input: _input, ...evaluation } = evaluateWorkspace(store, workspaceId, now);
    return evaluation;
  }
  if (job.kind === 'audit') {
    const { input: _input, ...evaluation } = evaluateWorkspace(store, workspaceId, now);
    storeEvaluation(store, workspaceId, evaluation, now);
    // read back as every later `audit:get` will, so the answer of a run and of a get are the same audit
    const current = currentAudit(store, workspaceId, now);
    if (!current)
      throw new AppError('internal', 'The audit just stored could not be read back.', { details: { workspaceId } });
    return current;
  }
  const { input } = buildAuditInput(store, workspaceId, now);
  if (job.kind === 'dashboard') return dashboardCharts(input);
  if (job.kind === 'pdf') return { charts: chartsFromInput(input), figuresAsOf: oldestFigures(input) };
  return figureFacts(input);
}

/**
 * The jobs on this thread: for the CLI, which answers no screen while it works, and would only pay a thread's
 * start (its modules loaded again) for every command.
 */
export function inThreadAuditRunner(store: Store): AuditRunner {
  return {
    run: async <K extends AuditJob['kind']>(job: { kind: K }, workspaceId: string, now: number) =>
      answerJob(store, job as AuditJob, workspaceId, now) as AuditAnswer[K],
    close: async () => undefined,
  };
}
