import type { Store } from '../store';
import { CheckpointSchema, type Checkpoint, type ResourceFigures, type RunStatus } from './types';

/** a partial run older than this is not resumed: its data is too old to splice with */
export const DEFAULT_RESUME_WINDOW_MS = 6 * 3600_000;

/**
 * What a retry resumes from: for a partial run, each resource's completeness and where its listing stands
 * (partition + links.next), with the chain of runs whose merged data counts as seen. Other runs leave none.
 */
export function checkpointOf(
  status: RunStatus,
  chain: number[],
  list: ResourceFigures[],
  incremental = false,
): Checkpoint | null {
  // an incremental run is not resumed: its retry lists again from the cursors it left where they were
  if (status !== 'partial_or_timeout' || incremental) return null;
  return {
    version: 1,
    chain,
    resources: Object.fromEntries(
      list.map((f) => [
        f.resource,
        { complete: f.complete, cursor: f.complete ? null : f.cursor, listed: f.pages > 0 },
      ]),
    ),
  };
}

/** the checkpoint of the workspace's last run, when that run was partial, recent and resumable */
export function findResumable(
  store: Store,
  workspaceId: string,
  now: number,
  windowMs = DEFAULT_RESUME_WINDOW_MS,
): { runId: number; checkpoint: Checkpoint } | null {
  const last = store.runs.latest(workspaceId, { finishedOnly: true });
  if (!last || last.status !== 'partial_or_timeout' || !last.checkpointJson) return null;
  if (now - (last.finishedAt ?? last.startedAt) > windowMs) return null;
  const parsed = CheckpointSchema.safeParse(JSON.parse(last.checkpointJson));
  return parsed.success ? { runId: last.id, checkpoint: parsed.data } : null;
}

/**
 * Per-parent progress after the merge: a partial run keeps it (a retry skips those parents); a finished chain
 * will not be resumed again, so its progress goes. The stage itself always goes.
 */
export function settleProgress(store: Store, runId: number, status: RunStatus): void {
  if (status === 'partial_or_timeout') store.inventory.persistProgress(runId);
  store.inventory.dropStage(runId);
  store.inventory.dropCarry(runId);
}
