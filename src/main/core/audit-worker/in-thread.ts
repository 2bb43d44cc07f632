import {
  buildAuditInput,
  chartsFromInput,
  dashboardCharts,
  evaluateWorkspace,
  figureFacts,
  oldestFigures,
} from '../audit';
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
