import { sizeKey, type ItemSize } from '../store';

/** A list or segment as the inventory has it now: what the plan decides from. */
export type SizedItem = { resourceType: 'lists' | 'segments'; klaviyoId: string; updated: string | null };

export type SizePlan = {
  /** the items to ask, oldest size first */
  ask: SizedItem[];
  /** items not asked whose last known size is kept as it is (it keeps its observed-at time) */
  carried: number;
  /** items due that the per-run cap leaves for the next refresh */
  remaining: number;
};

/** Sizes asked per refresh by default: at 15/min about eight minutes, so a huge account cannot keep it going for hours. */
export const SIZES_PER_RUN = 120;
/** A size older than this is asked again even when its item's update time did not move (members join without it). */
export const SIZE_MAX_AGE_MS = 7 * 86_400_000;

/** How far Klaviyo's clock may run ahead of ours for a size to count as asked within its item's update second. */
const CLOCK_SKEW_MS = 60_000;

/**
 * Klaviyo gives update times to the second: a size asked before the end of the second its item was last updated in
 * may predate a later write of that same second, which leaves `updated` as it was. Such a size is asked again. An
 * update time far ahead of the size (a stamp in the future, seen on real accounts) is no such second: a later write
 * would move it anyway.
 */
function sameSecond(observedAt: number, item: SizedItem): boolean {
  const updated = item.updated ? Date.parse(item.updated) : NaN;
  if (!Number.isFinite(updated)) return false;
  const second = Math.floor(updated / 1000) * 1000;
  return observedAt >= second - CLOCK_SKEW_MS && observedAt < second + 1000;
}

/**
 * Which sizes to ask: only where a size can have changed — items with no size yet (new ones among them), items whose
 * `updated` moved since their size was asked (or was asked within the second of that update), and sizes older than the
 * maximum age. The others are carried. Due items
 * are asked oldest first (never asked before anything) up to the cap; the rest wait for the next refresh.
 */
export function planSizes(o: {
  items: SizedItem[];
  known: Map<string, ItemSize>;
  now: number;
  cap?: number;
  maxAgeMs?: number;
}): SizePlan {
  const cap = Math.max(0, o.cap ?? SIZES_PER_RUN);
  const maxAge = o.maxAgeMs ?? SIZE_MAX_AGE_MS;
  const due: { item: SizedItem; observedAt: number }[] = [];
  for (const item of o.items) {
    const size = o.known.get(sizeKey(item.resourceType, item.klaviyoId));
    if (!size) due.push({ item, observedAt: -Infinity });
    else if (size.itemUpdated !== item.updated || o.now - size.observedAt > maxAge || sameSecond(size.observedAt, item))
      due.push({ item, observedAt: size.observedAt });
  }
  due.sort(
    (a, b) =>
      // never asked (-Infinity) first; NaN of two such falls through to the names
      a.observedAt - b.observedAt ||
      a.item.resourceType.localeCompare(b.item.resourceType) ||
      a.item.klaviyoId.localeCompare(b.item.klaviyoId),
  );
  const ask = due.slice(0, cap).map((d) => d.item);
  const waiting = due.slice(cap);
  const unsized = waiting.filter((d) => d.observedAt === -Infinity).length;
  return { ask, carried: o.items.length - ask.length - unsized, remaining: waiting.length };
}
