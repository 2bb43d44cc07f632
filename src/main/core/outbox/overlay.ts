import type { PendingOverlay } from '../../../shared/contract/outbox';
import { OPEN_OUTBOX_STATES, type Store } from '../store';
import { parseItem, RESOURCE_OF } from './model';
import { localValue, syncedTagPresence } from './queue';

const URGENCY: PendingOverlay['state'][] = ['failed', 'sending', 'pending'];

/**
 * The pending marks of a page of inventory items: for each item with open outbox rows, the fields whose local
 * value (the inventory with the open rows laid over it, `localValue`) differs from what Klaviyo last said.
 * Items whose open changes only restate the synced value get no mark. One query for the workspace's open rows;
 * `localValue` runs only for the few items that have some.
 */
export function pendingOverlay(
  store: Store,
  workspaceId: string,
  resourceType: string,
  ids: string[],
): Map<string, PendingOverlay> {
  // flow steps (flow-actions) carry a status of their own, the drawer marks them like the flows
  const targetType =
    resourceType === 'flow-actions'
      ? 'flow-action'
      : Object.entries(RESOURCE_OF).find(([, r]) => r === resourceType)?.[0];
  const out = new Map<string, PendingOverlay>();
  if (!targetType || !ids.length) return out;
  const wanted = new Set(ids);
  const open = store.outbox
    .list({ workspaceId, states: OPEN_OUTBOX_STATES })
    .filter((r) => r.targetType === targetType && wanted.has(r.targetId));
  const byTarget = new Map<string, ReturnType<typeof parseItem>[]>();
  for (const r of open) byTarget.set(r.targetId, [...(byTarget.get(r.targetId) ?? []), parseItem(r)]);
  for (const [id, items] of byTarget) {
    const target = { type: targetType, id };
    let status: PendingOverlay['status'] = null;
    if (items.some((i) => i.kind === 'flow_status' || i.kind === 'flow_action_status')) {
      const { value, synced } = localValue(store, workspaceId, target, { kind: 'status' });
      if (typeof value === 'string' && value !== (synced?.status ?? null))
        status = { local: value, synced: synced?.status ?? null };
    }
    const tags: PendingOverlay['tags'] = [];
    for (const tag of new Set(items.flatMap((i) => (i.kind === 'tag_add' || i.kind === 'tag_remove' ? [i.tag] : [])))) {
      const { value, synced } = localValue(store, workspaceId, target, { kind: 'tag', tag });
      // a tag the inventory cannot tell about counts as absent: adding it is a change to show
      const was = synced && !synced.removedAt ? (syncedTagPresence(store, workspaceId, synced, tag) ?? false) : false;
      if (typeof value === 'boolean' && value !== was) tags.push({ tag, present: value });
    }
    if (!status && !tags.length) continue;
    const state = URGENCY.find((s) => items.some((i) => i.row.state === s)) ?? 'pending';
    out.set(id, { status, tags, state });
  }
  return out;
}
