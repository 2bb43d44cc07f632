import { AppError } from '../../../shared/errors';
import { ParentFeeds } from './feeds';
import type { RunState } from './run-state';
import type { SourceResource } from './source';
import { consume } from './staging';
import type { ResourceFigures } from './types';

/**
 * The parents a child listing still has to visit, in order: those streamed from the parent's live listing, then
 * (once it is done) the parents listed by the runs this one resumes. Parents a resumed run finished, and parents
 * the child's `qualifies` rules out, are passed over.
 */
function parentQueue(state: RunState, r: SourceResource, parentFig: ResourceFigures | undefined) {
  const { store } = state.ctx;
  const parentRes = state.resources.find((x) => x.key === r.parent);
  const feed = state.feeds.get(r.parent!, r.key);
  const doneBefore = store.inventory.doneParents(state.priorChain, r.key);
  const queued = new Set<string>();
  const fromStage = new Set<string>();
  const counts = { considered: 0, skippedBefore: 0 };
  let chainLoaded = false;
  const qualifies = (id: string): boolean => {
    if (!r.qualifies) return true;
    if ((state.skippedParents.get(r.key) ?? new Set<string>()).has(id)) return false;
    if (fromStage.has(id)) return true;
    // a parent from an earlier run of the chain: read it back from the inventory
    const row = store.inventory.get(state.ctx.workspaceId, r.parent!, id);
    return (
      !row ||
      r.qualifies({ type: parentRes?.type ?? '', id, attributes: row.attributes, relationships: row.relationships })
    );
  };
  const next = async (): Promise<string | null> => {
    for (;;) {
      if (state.signal.aborted) return null;
      const id = feed.ids.shift();
      if (id !== undefined) {
        if (!chainLoaded) fromStage.add(id);
        if (queued.has(id)) continue;
        queued.add(id);
        counts.considered++;
        if (doneBefore.has(id)) {
          counts.skippedBefore++;
          continue;
        }
        if (!qualifies(id)) continue;
        return id;
      }
      if (feed.closed) {
        if (!chainLoaded) {
          chainLoaded = true;
          // parents listed by the runs this one resumes are in the inventory already, not in this run's stage
          if (parentFig?.note?.startsWith('resumed') && parentRes) {
            feed.ids.push(...store.inventory.idsSeenBy(state.ctx.workspaceId, r.parent!, state.priorChain));
            continue;
          }
        }
        return null;
      }
      await ParentFeeds.wait(feed);
    }
  };
  /** parents waiting in the feed that will be listed */
  const waiting = () => {
    const skipped = state.skippedParents.get(r.key);
    return feed.ids.filter((id) => !queued.has(id) && !doneBefore.has(id) && !skipped?.has(id)).length;
  };
  return { next, waiting, counts };
}

/**
 * Lists a child resource under each of its parents, `childConcurrency` parents at a time, as the parents arrive.
 * Complete exactly when the parent's listing is.
 */
export async function listChildren(
  state: RunState,
  r: SourceResource,
  f: ResourceFigures,
  parentFig: ResourceFigures | undefined,
): Promise<boolean> {
  const queue = parentQueue(state, r, parentFig);
  let inFlight = 0;
  let listed = 0;
  state.childProgress.set(r.key, () => ({ remainingParents: queue.waiting() + inFlight, listedParents: listed }));
  const worker = async () => {
    for (let parentId = await queue.next(); parentId !== null; parentId = await queue.next()) {
      inFlight++;
      try {
        await consume(state, r, f, { cursor: null, parentId });
        listed++;
      } catch (err) {
        // a parent deleted while we list is not a failure of the resource
        if (err instanceof AppError && err.code === 'not_found') continue;
        throw err;
      } finally {
        inFlight--;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, state.ctx.childConcurrency ?? 8) }, worker));
  if (state.signal.aborted) throw state.signal.reason;
  const { considered, skippedBefore } = queue.counts;
  if (skippedBefore || parentFig?.note?.startsWith('resumed')) {
    f.note = `resumed: ${skippedBefore} of ${considered} parents done before`;
  }
  return !!parentFig?.complete;
}
