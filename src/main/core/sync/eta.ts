import type { SourceResource } from './source';
import type { ResourceFigures, SyncProgressEvent } from './types';

/** Where a child listing stands: parents still to list (queued or waiting in the feed) and parents listed. */
export type ChildProgress = { remainingParents: number; listedParents: number };

/**
 * Remaining time, in the account's own terms: per unfinished resource, the requests still expected over the
 * requests per second its rate limit allows (steady rate, already time-scaled). Resources run side by side on
 * separate limits, so the slowest of them sets the ETA.
 *
 * Requests still expected: for a child whose parent is completely listed, the parents still to list times the
 * requests a parent has cost so far (1 before the first); otherwise from the item counts of the previous sync —
 * pages, per-item requests, and for a child at least one listing per parent not yet listed (none for a child
 * read out of its parent's definition: it ends when its parent does). A top-level listing without a previous count (a first sync) has no known
 * end — Klaviyo's lists carry no totals — so the ETA stays `null` ("estimating") until those listings finish.
 */
export function estimateEta(
  resources: SourceResource[],
  figures: Map<string, ResourceFigures>,
  phase: SyncProgressEvent['phase'],
  children: Map<string, ChildProgress> = new Map(),
): number | null {
  if (phase === 'done') return 0;
  if (phase === 'merging') return null;
  const finished = (f: ResourceFigures) =>
    f.complete || ['ok', 'forbidden', 'failed', 'cancelled', 'skipped'].includes(f.status);
  const own = new Map<string, number>();
  for (const r of resources) {
    const f = figures.get(r.key);
    // a child read out of its parent's definition finishes with its parent: the chain below waits for the parent
    if (!f || r.derived || r.fromDefinition || finished(f)) {
      own.set(r.key, 0);
      continue;
    }
    const parent = r.parent ? figures.get(r.parent) : undefined;
    const cp = children.get(r.key);
    let requests: number;
    if (parent && finished(parent) && cp) {
      const perParent = cp.listedParents > 0 ? f.requests / cp.listedParents : 1 + r.requestsPerItem;
      requests = cp.remainingParents * Math.max(1, perParent);
    } else if (f.expectedItems !== null) {
      const remainingItems = Math.max(0, f.expectedItems - f.itemsSeen);
      let listRequests = Math.ceil(remainingItems / Math.max(1, r.pageSize));
      if (r.parent) {
        // a child costs a listing per parent, however few items each has: as many listings as parents, or about
        // one per item when only some parents qualify (flow messages live under send actions only)
        const listings = r.qualifies ? f.expectedItems : (parent?.expectedItems ?? listRequests);
        listRequests = Math.max(listRequests, listings - (cp?.listedParents ?? 0));
      }
      requests = listRequests + remainingItems * r.requestsPerItem;
    } else {
      return null;
    }
    own.set(r.key, (requests / Math.max(r.requestsPerSecond, 0.001)) * 1000);
  }
  // Children are listed as their parents' pages arrive, so a chain is as slow as its slowest link (the child can
  // finish no earlier than its parent), not the sum of its links.
  const total = (key: string): number => {
    const r = resources.find((x) => x.key === key);
    return Math.max(own.get(key) ?? 0, r?.parent ? total(r.parent) : 0);
  };
  return Math.round(Math.max(0, ...resources.map((r) => total(r.key))));
}
