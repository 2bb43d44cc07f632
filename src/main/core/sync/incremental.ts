import { RESOURCE_DEFS, type ResourceName } from '../klaviyo';
import type { SyncCursorRow } from '../store';
import type { RunState } from './run-state';
import type { SourceItem, SourceResource } from './source';
import { consume } from './staging';
import type { ResourceFigures, ResourcePlan } from './types';

/** the default lookback below a resource's cursor: writes that share a second, or land late, are read again */
export const DEFAULT_LOOKBACK_MS = 3600_000;

/**
 * How a resource is listed in an incremental run: `ids` — one listing that tells what is there and what changed,
 * keeping only what changed (a top-level resource with a valid cursor); `follow` — a child listed only under the
 * parents that changed, the rest carried. Resources without a plan are listed whole.
 */

/** a cursor row the run can start from: parseable, not ahead of this run's start, after a complete full sync */
function cursorMs(row: SyncCursorRow | undefined, startedAt: number): number | null {
  if (!row?.highWater || row.lastFullRunId === null) return null;
  const t = Date.parse(row.highWater);
  if (Number.isNaN(t) || t > startedAt) return null;
  const field = RESOURCE_DEFS[row.resource as ResourceName]?.cursorField;
  return field && field === row.cursorField ? t : null;
}

/**
 * Which resources of the run go incrementally. A top-level resource does when it can (filter and sparse
 * fieldset on its update time) and it, and every descendant listed in this run, has a valid cursor: a child
 * whose last listing was not complete cannot be carried, so the whole family is listed again.
 */
export function planIncremental(
  resources: SourceResource[],
  cursors: SyncCursorRow[],
  startedAt: number,
): Map<string, ResourcePlan> {
  const rows = new Map(cursors.map((c) => [c.resource, c]));
  const plan = new Map<string, ResourcePlan>();
  const descendants = (key: string): SourceResource[] =>
    resources.filter((r) => r.parent === key).flatMap((r) => [r, ...descendants(r.key)]);
  for (const r of resources) {
    if (r.parent || !r.cursorField) continue;
    const at = cursorMs(rows.get(r.key), startedAt);
    const family = descendants(r.key);
    if (at === null || family.some((d) => cursorMs(rows.get(d.key), startedAt) === null)) continue;
    plan.set(r.key, { mode: 'ids', cursorMs: at });
    for (const d of family) plan.set(d.key, { mode: 'follow' });
  }
  return plan;
}

/** whether a listed update time means "fetch this item": new, moved, unreadable, or not older than the window */
export function needsFetch(stored: string | null | undefined, listed: string | null, fromMs: number): boolean {
  if (stored === undefined || stored !== listed || listed === null) return true;
  const t = Date.parse(listed);
  // a time in the future (or within the lookback) is read again on every run until it has passed
  return Number.isNaN(t) || t >= fromMs;
}

/**
 * An incremental listing of a top-level resource: listed once, whole, each page telling what is there (the ids,
 * for removals) and what changed (update times against the stored ones); only the changed items are staged, get
 * their detail calls and bring their children. Page sizes are fixed per operation, so an id listing would cost
 * the same pages, and a second listing of the changed items would come on top: this one pass is the fewest
 * requests the API allows. What it saw and did not keep is carried at the merge.
 */
export async function listChanged(state: RunState, r: SourceResource, f: ResourceFigures, since: number) {
  const { store, workspaceId, runId } = state.ctx;
  const stored = store.inventory.updateTimes(workspaceId, r.key);
  const fromMs = since - (state.ctx.incremental?.lookbackMs ?? DEFAULT_LOOKBACK_MS);
  let listed = 0;
  let changed = 0;
  const keep = (items: SourceItem[]): SourceItem[] => {
    store.inventory.stageSeen(
      runId,
      r.key,
      items.map((x) => x.id),
    );
    listed += items.length;
    const out = items.filter((it) => {
      const v = it.attributes?.[r.cursorField!];
      return needsFetch(stored.get(it.id), typeof v === 'string' ? v : null, fromMs);
    });
    changed += out.length;
    return out;
  };
  await consume(state, r, f, { cursor: null, changed: { keep } });
  f.note = `incremental: ${changed} of ${listed} changed`;
}

/**
 * After the merge of an incremental resource: carries what the run saw and did not fetch (`ids`), or the
 * children of the parents it carried (`follow`), into this run.
 */
export function carryUnchanged(state: RunState, r: SourceResource, plan: ResourcePlan): number {
  const { store, workspaceId, runId } = state.ctx;
  if (plan.mode === 'ids') return store.inventory.carryForward(workspaceId, runId, r.key, null);
  const parent = state.resources.find((x) => x.key === r.parent);
  if (!parent) return 0;
  return store.inventory.carryForward(workspaceId, runId, r.key, { resource: parent.key, type: parent.type });
}

/**
 * After an ok run: each resource with an update time starts its next incremental listing from this run's own
 * start (never later, whatever time the server's items carry). One listed whole counts as its full sync.
 */
export function advanceCursors(state: RunState, now: number): void {
  const { store, workspaceId, runId, startedAt } = state.ctx;
  const byPlan = (full: boolean) =>
    [...state.figures.values()]
      .filter((f) => f.complete && !!state.plan.get(f.resource) !== full)
      .map((f) => ({ resource: f.resource, cursorField: RESOURCE_DEFS[f.resource as ResourceName]?.cursorField }))
      .filter((x): x is { resource: string; cursorField: string } => !!x.cursorField);
  store.cursors.advance(workspaceId, byPlan(true), { runId, startedAt, full: true, now });
  store.cursors.advance(workspaceId, byPlan(false), { runId, startedAt, full: false, now });
}
