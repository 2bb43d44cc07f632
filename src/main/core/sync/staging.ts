import type { StagedItem } from '../store';
import { yieldToLoop, type RunState } from './run-state';
import type { ChangedPlan, SourceItem, SourcePage, SourceResource } from './source';
import type { ResourceFigures } from './types';

/** CPU time one turn of the event loop may spend hashing items before it lets timers and I/O run */
const HASH_SLICE_MS = 8;
/** bytes of item JSON staged in one transaction */
const STAGE_SLICE_BYTES = 256 * 1024;

/** `xs.map(fn)` in slices of about HASH_SLICE_MS, yielding to the event loop between them. */
async function mapSliced<T, U>(xs: readonly T[], fn: (x: T) => U): Promise<U[]> {
  const out: U[] = [];
  let t0 = performance.now();
  for (const x of xs) {
    out.push(fn(x));
    if (performance.now() - t0 > HASH_SLICE_MS) {
      await yieldToLoop();
      t0 = performance.now();
    }
  }
  return out;
}

/** Consecutive slices of at most `maxBytes` of JSON each (one item per slice at least); one empty slice for none. */
export function sliceByBytes(items: StagedItem[], maxBytes: number): StagedItem[][] {
  const slices: StagedItem[][] = [];
  let current: StagedItem[] = [];
  let bytes = 0;
  for (const it of items) {
    const size = it.attributesJson.length + it.relationshipsJson.length;
    if (current.length && bytes + size > maxBytes) {
      slices.push(current);
      current = [];
      bytes = 0;
    }
    current.push(it);
    bytes += size;
  }
  slices.push(current);
  return slices;
}

/**
 * Writes staged items in slices of at most STAGE_SLICE_BYTES with a yield between them: a page of 100 templates
 * with their HTML is megabytes, one transaction of it holds the event loop for tens of milliseconds. The "parent
 * done" mark goes with the last slice. False when the run was stopped between slices.
 */
async function stage(
  state: RunState,
  resource: string,
  items: StagedItem[],
  parentDone: string | undefined,
  onStaged: (n: number) => void,
): Promise<boolean> {
  const slices = sliceByBytes(items, STAGE_SLICE_BYTES);
  for (let i = 0; i < slices.length; i++) {
    if (i > 0) {
      await yieldToLoop();
      if (state.signal.aborted) return false;
    }
    const slice = slices[i]!;
    const last = i === slices.length - 1;
    state.ctx.store.inventory.stagePage(state.ctx.runId, resource, slice, last && parentDone ? { parentDone } : {});
    onStaged(slice.length);
  }
  return true;
}

/** children listed only under some parents (`qualifies`): remember which of these parents do not */
function noteSkippedParents(state: RunState, parentKey: string, parents: SourceItem[]): void {
  for (const child of state.resources) {
    if (child.parent !== parentKey || !child.qualifies) continue;
    let set = state.skippedParents.get(child.key);
    if (!set) state.skippedParents.set(child.key, (set = new Set()));
    for (const it of parents) if (!child.qualifies(it)) set.add(it.id);
  }
}

type ChildPage = { cf: ResourceFigures; resource: string; items: SourceItem[]; staged: StagedItem[] };

/** the children that came with a page (its `included`), hashed */
async function childPagesOf(state: RunState, page: SourcePage): Promise<ChildPage[]> {
  const out: ChildPage[] = [];
  for (const c of page.children ?? []) {
    const cf = state.figures.get(c.resource);
    if (!cf) continue;
    const pairs = c.groups.flatMap((g) => g.items.map((it) => [g.parentId, it] as const));
    const staged = (
      await mapSliced(pairs, ([parentId, it]) => state.staged(c.resource, it, { parentType: c.parentType, parentId }))
    ).flat();
    out.push({ cf, resource: c.resource, items: pairs.map(([, it]) => it), staged });
  }
  return out;
}

type Pending = { items: StagedItem[]; next: string | null };

/**
 * Lists one listing (top level, or the children of one parent) into the stage, page by page. A top-level page's
 * cursor is saved once the page is staged; a child listing's last page is written together with the "parent
 * done" mark, so a retry knows exactly which parents are done. Throws the stop reason when the run stops.
 */
export async function consume(
  state: RunState,
  r: SourceResource,
  f: ResourceFigures,
  opts: { cursor: string | null; parentId?: string; changed?: ChangedPlan },
): Promise<void> {
  const parentType = r.parent ? state.resources.find((x) => x.key === r.parent)?.type : undefined;
  const { signal } = state;

  /** stages one page; false when the run was stopped part way (the page's cursor is then not advanced) */
  const flush = async (p: Pending, last: boolean): Promise<boolean> => {
    const parentDone = last && opts.parentId ? opts.parentId : undefined;
    if (!(await stage(state, r.key, p.items, parentDone, (n) => (f.itemsSeen += n)))) return false;
    f.pages++;
    // staged: these items' own children can be listed now
    state.feeds.push(
      r.key,
      p.items.map((it) => it.klaviyoId),
    );
    if (!r.parent) {
      f.cursor = p.next;
      state.persist(f);
    }
    return true;
  };

  let pending: Pending | null = null;
  const pages = r.list({
    parentId: opts.parentId,
    cursor: opts.cursor,
    signal,
    ...(opts.changed ? { changed: opts.changed } : {}),
  });
  for await (const page of pages) {
    if (signal.aborted) break;
    const items = (
      await mapSliced(page.items, (it) =>
        state.staged(r.key, it, { parentType, parentId: opts.parentId, partition: page.partition }),
      )
    ).flat();
    noteSkippedParents(state, r.key, page.items);
    const childPages = await childPagesOf(state, page);
    // Hashing a page and writing it are separate turns of the event loop, not one long one. Nothing of the page
    // is written before this point, so an abort here leaves no half page behind.
    await yieldToLoop();
    if (signal.aborted) break;
    for (const c of childPages) {
      if (!(await stage(state, c.resource, c.staged, undefined, (n) => (c.cf.itemsSeen += n)))) break;
      // staged: children that came in `included` can have children of their own (flow actions → messages)
      noteSkippedParents(state, c.resource, c.items);
      state.feeds.push(
        c.resource,
        c.staged.map((it) => it.klaviyoId),
      );
    }
    if (signal.aborted) break;
    // A child listing's last page is written together with the "parent done" mark.
    if (pending && !(await flush(pending, false))) break;
    pending = { items, next: page.next };
    if (!r.parent) {
      if (!(await flush(pending, false))) break;
      pending = null;
    }
    state.emit();
  }
  if (signal.aborted) throw signal.reason;
  if (r.parent && !(await flush(pending ?? { items: [], next: null }, true))) throw signal.reason;
}
