import type { ItemVersion } from '../../../shared/contract/changes';
import type { ResourceType } from '../../../shared/contract/primitives';
import { AppError } from '../../../shared/errors';
import { referencedIds, type ChangesStore } from './change-set';
import { describeChange } from './describe';
import { diffFields, type ItemContent } from './field-diff';

/**
 * Every stored version of one item, newest first, each with its diff against the version before it (the
 * drawer's version history, side by side). Names of audiences and tags are the inventory's current ones.
 */
export function itemVersions(
  store: ChangesStore,
  q: { workspaceId: string; type: ResourceType; id: string },
): { type: ResourceType; id: string; versions: ItemVersion[] } {
  const spans = store.versions.spansOf(q.workspaceId, q.type, q.id);
  if (!spans.length) throw new AppError('not_found', 'Item not found.', { details: { id: q.id } });
  const contents: ItemContent[] = spans.map((s) => ({
    attributes: JSON.parse(s.attributesJson) as Record<string, unknown>,
    relationships: JSON.parse(s.relationshipsJson) as Record<string, unknown>,
  }));
  const refs = new Set<string>();
  for (const c of contents) referencedIds(c, refs);
  const names = new Map(
    store.versions.namesOf(q.workspaceId, ['lists', 'segments', 'tags'], [...refs]).map((n) => [n.klaviyoId, n.name]),
  );
  const at = (runId: number) => {
    const r = store.runs.get(runId);
    return r ? new Date(r.startedAt).toISOString() : null;
  };
  const versions = spans.map((s, i): ItemVersion => {
    const before = i > 0 ? contents[i - 1]! : null;
    const after = contents[i]!;
    const fields = before ? diffFields(before, after) : [];
    const name = typeof after.attributes.name === 'string' ? after.attributes.name : null;
    const summary = before
      ? describeChange({ type: q.type, name, kind: 'modified', before, after, fields, names: (id) => names.get(id) })
          .summary
      : [];
    return {
      versionHash: s.versionHash,
      firstRunId: String(s.firstRunId),
      lastRunId: String(s.lastRunId),
      firstSeenAt: at(s.firstRunId),
      lastSeenAt: at(s.lastRunId),
      attributes: after.attributes,
      relationships: after.relationships,
      summary,
      fields,
    };
  });
  return { type: q.type, id: q.id, versions: versions.reverse() };
}
