import type { Store } from '../store';
import { rewriteAsFull } from './pull-snapshot';

const DAY_MS = 86_400_000;

/** How long snapshots are kept: runs younger than `days`, and at least the newest `runs` (either may be off). */
export type RetentionPolicy = { days: number | null; runs: number | null };
export const DEFAULT_RETENTION: RetentionPolicy = { days: 180, runs: null };

export type PruneResult = { workspaces: number; deleted: number; rewritten: number };

/** the first run of the workspace whose snapshots stay (Infinity: none), or null when all stay */
function firstKept(runs: { runId: number; startedAt: number }[], policy: RetentionPolicy, now: number): number | null {
  const byDays =
    policy.days === null
      ? null
      : ((i) => (i === -1 ? runs.length : i))(runs.findIndex((r) => r.startedAt >= now - policy.days! * DAY_MS));
  const byRuns = policy.runs === null ? null : Math.max(0, runs.length - policy.runs);
  // both set: keep what either one keeps
  const cut = byDays === null ? (byRuns ?? 0) : byRuns === null ? byDays : Math.min(byDays, byRuns);
  if (cut <= 0) return null;
  return cut >= runs.length ? Infinity : runs[cut]!.runId;
}

/**
 * Prunes the snapshots of old runs (their summaries, resources and errors stay). A kept pull manifest may be a
 * delta whose chain reaches a pruned run, so the oldest kept manifest is rewritten whole first, in the same
 * transaction: every kept run still rebuilds. Every workspace, or only the one given (after its sync).
 */
export function pruneSnapshots(
  store: Store,
  policy: RetentionPolicy,
  now: number,
  only?: { workspaceId: string },
): PruneResult {
  const result: PruneResult = { workspaces: 0, deleted: 0, rewritten: 0 };
  const ids = only ? [only.workspaceId] : store.workspaces.list({ includeArchived: true }).map((w) => w.id);
  for (const id of ids) {
    const runs = store.snapshots.snapshotRuns(id);
    const keepFrom = firstKept(runs, policy, now);
    if (keepFrom === null) continue;
    store.transaction(() => {
      if (keepFrom !== Infinity && rewriteAsFull(store, id, keepFrom)) result.rewritten++;
      const deleted = store.snapshots.deleteSnapshotsBefore(
        id,
        keepFrom === Infinity ? Number.MAX_SAFE_INTEGER : keepFrom,
      );
      if (deleted) result.workspaces++;
      result.deleted += deleted;
    });
  }
  return result;
}
