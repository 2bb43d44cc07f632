import type { Store } from '../store';
import { applyDecisions, compareWithPrevious, type SincePrevious } from './decisions';
import { latestAudit, updateAuditScore, verdictsBefore, type StoredAudit } from './store';

export type CurrentAudit = StoredAudit & { since: SincePrevious | null };

/**
 * The workspace's latest audit as it stands now: the decisions of today laid over it (a snooze that ran out
 * counts again) and what moved since the audit before it. Null before the first audit.
 */
export function currentAudit(store: Store, workspaceId: string, now: number): CurrentAudit | null {
  const stored = latestAudit(store.db, workspaceId);
  if (!stored) return null;
  const decisions = store.findings.decisions(workspaceId);
  // a decision never changes a rule's verdict, so the previous audit's verdicts compare as they were stored
  const { result, since } = compareWithPrevious(
    applyDecisions(stored.result, decisions, now),
    verdictsBefore(store.db, workspaceId, stored.id),
  );
  return { ...stored, result, since };
}

/** After a decision: the latest audit's stored score follows it (history, overview), and the audit is returned. */
export function rescoreLatest(store: Store, workspaceId: string, now: number): CurrentAudit | null {
  const current = currentAudit(store, workspaceId, now);
  if (current) updateAuditScore(store.db, current.id, current.result);
  return current;
}
