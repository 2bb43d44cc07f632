import { carryUnchanged } from './incremental';
import { yieldToLoop, type RunState } from './run-state';
import type { RunStatus } from './types';

/**
 * Moves the run's stage into the inventory (ok and partial runs only), resource by resource in short
 * transactions with yields. Removal is inferred only from a complete listing (this run plus the runs it resumed) that stored every item.
 * A failed_auth or cancelled run merges nothing: its resources still running are closed, its stage is dropped.
 */
export async function mergeRun(state: RunState, status: RunStatus): Promise<void> {
  const { store, workspaceId, runId } = state.ctx;
  const list = [...state.figures.values()];
  if (status !== 'ok' && status !== 'partial_or_timeout') {
    for (const f of list) {
      if (f.status === 'running' || f.status === 'pending') f.status = status === 'cancelled' ? 'cancelled' : 'failed';
      state.persist(f);
    }
    return;
  }
  state.phase = 'merging';
  state.emit(true);
  for (const f of list) {
    if (f.note === 'resumed') continue;
    state.current = f.resource;
    const c = await store.inventory.mergeStaged(workspaceId, runId, f.resource, { yieldFn: yieldToLoop });
    f.itemsAdded = c.added;
    f.itemsChanged = c.changed;
    f.itemsUnchanged = c.unchanged;
    // an incremental resource: what the run saw (or whose parent it carried) and did not fetch is still there
    const plan = state.plan.get(f.resource);
    const r = state.resources.find((x) => x.key === f.resource);
    if (plan && r) f.itemsUnchanged += carryUnchanged(state, r, plan);
    // only a listing that stored every item tells what was removed
    if (f.complete && !state.unstored.has(f.resource)) {
      const seenBy = f.note?.startsWith('resumed') ? state.chain : [runId];
      f.itemsRemoved = store.inventory.markRemoved(workspaceId, [f.resource], seenBy, runId, state.ctx.now());
    }
    state.persist(f);
    await yieldToLoop();
  }
}
