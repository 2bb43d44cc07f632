import { canonicalJson, versionHash, type StagedItem } from '../store';
import { columnsOf, RESOURCE_DEFS, type ResourceName } from '../klaviyo';
import type { SourceItem } from './source';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/**
 * Relationships without their links: links carry the server's origin (a simulator's port, a Klaviyo host), which
 * would change the version hash of an item whose content did not change.
 */
export function relationshipData(relationships: Record<string, unknown> | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!relationships) return out;
  for (const [name, rel] of Object.entries(relationships)) {
    if (rel && typeof rel === 'object' && 'data' in rel) out[name] = { data: (rel as { data: unknown }).data };
  }
  return out;
}

function channelOf(
  item: SourceItem,
  attrs: Record<string, unknown>,
  partition?: Record<string, string>,
): string | null {
  if (partition?.channel) return partition.channel;
  const direct = str(attrs.channel);
  if (direct) return direct;
  const def = attrs.definition;
  if (def && typeof def === 'object' && !Array.isArray(def)) return str((def as Record<string, unknown>).channel);
  if (item.type === 'campaign') {
    const so = attrs.send_options;
    if (so && typeof so === 'object') return str((so as Record<string, unknown>).channel);
  }
  return null;
}

const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;

/**
 * A message's name wherever the answer keeps it: flow messages in `definition.name`, campaign messages in
 * `definition.label` (current revisions), older answers in a top-level `label`; other items in `name`.
 */
function nameOf(attrs: Record<string, unknown>): string | null {
  const def = obj(attrs.definition);
  return (
    str(attrs.name) ?? (def ? (str(def.name) ?? str(def.label)) : null) ?? str(attrs.label) ?? str(attrs.variation_name)
  );
}

/** Turns one served item into the row the store stages: typed columns, canonical JSON, version hash. */
export function toStagedItem(
  resourceKey: string,
  item: SourceItem,
  ctx: { parentType?: string; parentId?: string; partition?: Record<string, string> } = {},
): StagedItem {
  const attrs = (item.attributes ?? {}) as Record<string, unknown>;
  const attributesJson = canonicalJson(attrs);
  const relationshipsJson = canonicalJson(relationshipData(item.relationships));
  const archived = typeof attrs.archived === 'boolean' ? attrs.archived : null;
  // the typed columns the resource declares (a flow action's kind and status are in its definition)
  const def = RESOURCE_DEFS[resourceKey as ResourceName];
  const declared = def
    ? columnsOf(def, item, { parentId: ctx.parentId ?? null, ...(ctx.partition ? { partition: ctx.partition } : {}) })
    : {};
  return {
    resourceType: resourceKey,
    klaviyoId: item.id,
    name: nameOf(attrs),
    status: str(declared.status) ?? str(attrs.status),
    channel: channelOf(item, attrs, ctx.partition),
    triggerType: str(attrs.trigger_type),
    actionType: str(declared.action_type),
    archived,
    createdAt: str(attrs.created) ?? str(attrs.created_at) ?? str(attrs.datetime),
    updatedAt: str(attrs.updated) ?? str(attrs.updated_at),
    parentType: ctx.parentType ?? null,
    parentId: ctx.parentId ?? null,
    attributesJson,
    relationshipsJson,
    columnsJson: def ? JSON.stringify(declared) : null,
    versionHash: versionHash(attributesJson, relationshipsJson),
  };
}
