import { resourceTypes, type ResourceType } from '../../../shared/contract/primitives';
import type { Store } from '../store';

type Ref = { type: ResourceType; id: string; name: string | null };

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const ids = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.length > 0 && x.length <= 128);

/** a JSON:API type (`list`, `flow-action`) as the inventory names its resource (`lists`, `flow-actions`) */
function resourceOf(jsonApiType: unknown): ResourceType | null {
  const plural = `${String(jsonApiType)}s`;
  return (resourceTypes as readonly string[]).includes(plural) ? (plural as ResourceType) : null;
}

/**
 * What an item points at, as candidates `[types to try, id]`: its relationships, a campaign's audiences and a
 * segment's conditions (list or segment ids, metric ids), a message's template. An audience id names a list or a
 * segment; the store decides which.
 */
function candidates(attributes: Record<string, unknown>, relationships: Record<string, unknown>) {
  const out: [ResourceType[], string][] = [];
  for (const rel of Object.values(relationships)) {
    const data = asRecord(rel).data;
    for (const d of Array.isArray(data) ? data : data ? [data] : []) {
      const type = resourceOf(asRecord(d).type);
      for (const id of ids(asRecord(d).id)) if (type) out.push([[type], id]);
    }
  }
  const audiences = asRecord(attributes.audiences);
  for (const id of [...ids(audiences.included), ...ids(audiences.excluded)]) out.push([['lists', 'segments'], id]);
  const walk = (v: unknown, depth: number): void => {
    if (depth > 8 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) return v.slice(0, 200).forEach((x) => walk(x, depth + 1));
    const o = v as Record<string, unknown>;
    for (const id of ids(o.group_ids)) out.push([['lists', 'segments'], id]);
    for (const id of ids(o.metric_id)) out.push([['metrics'], id]);
    for (const id of ids(o.template_id)) out.push([['templates'], id]);
    Object.values(o).forEach((x) => walk(x, depth + 1));
  };
  walk(attributes.definition, 0);
  return out;
}

/** The items an item points at, named from the local inventory (null: not synced, or gone). At most 200. */
export function referencedItems(
  store: Store,
  workspaceId: string,
  attributes: Record<string, unknown>,
  relationships: Record<string, unknown>,
): Ref[] {
  const seen = new Set<string>();
  const out: Ref[] = [];
  for (const [types, id] of candidates(attributes, relationships)) {
    if (out.length >= 200) break;
    const found = types
      .map((type) => ({ type, item: store.inventory.get(workspaceId, type, id) }))
      .find((x) => x.item && x.item.removedAt === null);
    const type = found?.type ?? types[0]!;
    if (seen.has(`${type}:${id}`)) continue;
    seen.add(`${type}:${id}`);
    out.push({ type, id, name: found?.item?.name ?? null });
  }
  return out;
}

/** The account's time zone as Klaviyo gives it (IANA name), or null. */
export function accountTimezone(store: Store, workspaceId: string): string | null {
  for (const type of ['account', 'accounts']) {
    const [account] = store.inventory.list({ workspaceId, resourceType: type, limit: 1 });
    const tz = account?.attributes.timezone;
    if (typeof tz === 'string' && tz) return tz;
  }
  return null;
}
