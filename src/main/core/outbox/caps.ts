import type { Store } from '../store';

/**
 * Klaviyo's daily creation caps per account (the spec's `x-klaviyo-ratelimit` daily figures of create_list and
 * create_segment): what is left is counted from what this app queued or made in the last 24 hours and what the
 * last sync saw created in that time by anyone, so a creation made elsewhere still counts.
 */
export const CREATION_CAPS = { list_create: 150, segment_create: 100 } as const;
export type CreationKind = keyof typeof CREATION_CAPS;

const DAY_MS = 86_400_000;
const RESOURCE: Record<CreationKind, string> = { list_create: 'lists', segment_create: 'segments' };

/** Klaviyo ids of the lists or segments the last sync saw created since `since` */
function syncedCreatedSince(store: Store, workspaceId: string, kind: CreationKind, since: number): Set<string> {
  const ids = new Set<string>();
  for (const r of store.inventory.list({ workspaceId, resourceType: RESOURCE[kind], includeRemoved: true })) {
    const at = r.createdAt ? Date.parse(r.createdAt) : NaN;
    if (Number.isFinite(at) && at >= since) ids.add(r.klaviyoId);
  }
  return ids;
}

/** how many creations of each kind count against the caps now: made in the last 24 hours, or still queued */
export function creationCapsUsed(store: Store, workspaceId: string, now: number): Record<CreationKind, number> {
  const since = now - DAY_MS;
  const rows = store.outbox.openOrDoneSince(workspaceId, Object.keys(CREATION_CAPS), since);
  const out = { list_create: 0, segment_create: 0 };
  for (const kind of Object.keys(CREATION_CAPS) as CreationKind[]) {
    const made = syncedCreatedSince(store, workspaceId, kind, since);
    let open = 0;
    for (const r of rows.filter((x) => x.kind === kind)) {
      if (r.state !== 'done') open++;
      else {
        const id = (JSON.parse(r.resultJson ?? '{}') as { id?: unknown }).id;
        made.add(typeof id === 'string' ? id : `item-${r.id}`);
      }
    }
    out[kind] = made.size + open;
  }
  return out;
}

export function creationCapsLeft(store: Store, workspaceId: string, now: number): Record<CreationKind, number> {
  const used = creationCapsUsed(store, workspaceId, now);
  return {
    list_create: Math.max(0, CREATION_CAPS.list_create - used.list_create),
    segment_create: Math.max(0, CREATION_CAPS.segment_create - used.segment_create),
  };
}
