import type { SyncRun } from '../../../../shared/contract/sync';

/** A run's figures summed over its resources, as the table and the drawer show them. */
export function runTotals(run: Pick<SyncRun, 'resources'>) {
  let requests = 0;
  let throttled = 0;
  let changed = 0;
  for (const r of run.resources) {
    requests += r.requests;
    throttled += r.throttled;
    changed += r.itemsAdded + r.itemsChanged + r.itemsRemoved;
  }
  return { requests, throttled, changed };
}
