import { ErrorEnvelopeSchema, type ErrorCode } from '../../../shared/errors';
import type { Store } from '../store';
import { auditAfterSync, type FinishedRun } from './after-sync';

/** A run of the workspace as staleness needs it (newest first in the lists below). */
export type RunForStaleness = FinishedRun & {
  id: number;
  startedAt: number;
  finishedAt: number | null;
  /** the ErrorEnvelope JSON the run stored, if any */
  errorJson: string | null;
};

/** The sync statuses after which the last audit stands but no longer describes the account as it is now. */
export type StaleStatus = 'failed_auth' | 'partial_or_timeout' | 'cancelled';

/**
 * Why the audit on screen is not of the latest sync: since when (the first sync after the last complete one that
 * failed or stopped early) and how the latest sync ended, with its error's code and message.
 */
export type AuditStaleness = {
  since: number;
  lastSync: { runId: number; status: StaleStatus; finishedAt: number; code: ErrorCode | null; message: string | null };
};

function errorOf(json: string | null): { code: ErrorCode | null; message: string | null } {
  if (!json) return { code: null, message: null };
  try {
    const e = ErrorEnvelopeSchema.pick({ code: true, message: true }).safeParse(JSON.parse(json));
    return e.success ? e.data : { code: null, message: null };
  } catch {
    return { code: null, message: null };
  }
}

/**
 * Whether an audit is stale: the finished runs since the audited one (newest first), read until the last complete
 * one. No run after it, or a complete one newest (its audit is on the way): not stale. Otherwise the newest run
 * says how the last sync ended and the oldest of the streak since when. The audited run itself counts when it was
 * not complete (an audit made before any sync was complete).
 */
export function auditStaleness(auditedRunId: number | null, runsNewestFirst: RunForStaleness[]): AuditStaleness | null {
  const streak: RunForStaleness[] = [];
  for (const run of runsNewestFirst) {
    if (run.status === 'running') continue;
    if (auditedRunId !== null && run.id < auditedRunId) break;
    if (auditAfterSync(run) === 'audit') break;
    streak.push(run);
  }
  const newest = streak[0];
  const oldest = streak[streak.length - 1];
  if (!newest || !oldest) return null;
  const status = newest.status as StaleStatus;
  return {
    since: oldest.finishedAt ?? oldest.startedAt,
    lastSync: {
      runId: newest.id,
      status,
      finishedAt: newest.finishedAt ?? newest.startedAt,
      ...errorOf(newest.errorJson),
    },
  };
}

/** How many runs back staleness looks: enough for a long streak of failures, bounded for a workspace's overview. */
const LOOK_BACK = 50;

/** The staleness of a workspace's audit of `auditedRunId`, from the store's runs. */
export function workspaceAuditStaleness(
  store: Store,
  workspaceId: string,
  auditedRunId: number | null,
): AuditStaleness | null {
  const runs = store.runs.list({ workspaceId, limit: LOOK_BACK, direction: 'pull' });
  return auditStaleness(
    auditedRunId,
    runs.map((r) => ({ ...r, resources: r.status === 'partial_or_timeout' ? store.runs.resources(r.id) : [] })),
  );
}
