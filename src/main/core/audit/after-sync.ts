/** A finished sync run as the post-sync decision needs it: its status and how each resource fared. */
export type FinishedRun = {
  status: string;
  resources: { status: string; complete?: boolean | null }[];
};

/**
 * Whether a finished sync is audited or leaves the last audit standing. The audit of a workspace is always of
 * a complete inventory: a run that failed (failed_auth, error), was cancelled, or stopped early with resources
 * it did not finish would audit half an account (a run that fetched nothing turned a 53 into a 6). Such a run
 * keeps the previous score, history and reports; the screens show them as stale. A run that is partial only
 * because the key may not read some resources (forbidden) is complete for that key and is audited.
 */
export function auditAfterSync(run: FinishedRun): 'audit' | 'keep' {
  if (run.status === 'ok') return 'audit';
  if (run.status !== 'partial_or_timeout') return 'keep';
  const finished = run.resources.every((r) => r.status === 'ok' || r.complete === true || r.status === 'forbidden');
  return run.resources.length > 0 && finished ? 'audit' : 'keep';
}
