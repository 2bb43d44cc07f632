import type { ChangeCounts, ChangeKind, ChangeSet, FieldChange, ItemChange } from '../../../shared/contract/changes';
import type { ResourceType } from '../../../shared/contract/primitives';
import { AppError } from '../../../shared/errors';
import type { Store, SyncRunRow, VersionContent, VersionPair } from '../store';
import { describeChange, type NameOf } from './describe';
import { diffFields, type ItemContent } from './field-diff';
import { stepOrder } from './flow-diff';

/** What the changes domain reads: runs, versions and names, all behind the store's own interface. */
export type ChangesStore = Pick<Store, 'runs' | 'versions' | 'inventory'>;

export type ChangeQuery = {
  workspaceId: string;
  fromRunId?: number;
  toRunId?: number;
  resource?: string;
  kind?: ChangeKind;
  includeTouched?: boolean;
  limit?: number;
};

/** The JSON:API type (`flow`) or the resource (`flows`) a parent is stored under, as the resource. */
const PLURAL: Record<string, string> = {
  flow: 'flows',
  'flow-action': 'flow-actions',
  campaign: 'campaigns',
  form: 'forms',
};
const resourceOf = (t: string | null) => (t ? (PLURAL[t] ?? t) : null);

function runOf(store: ChangesStore, workspaceId: string, id: number): SyncRunRow {
  const run = store.runs.get(id);
  if (!run || run.workspaceId !== workspaceId)
    throw new AppError('not_found', 'That sync run does not belong to this workspace.', {
      details: { runId: String(id) },
    });
  return run;
}

/**
 * The two runs to compare: the ones asked for, else the last two complete (ok) pulls; with only one of them
 * given, its neighbouring complete pull. Null sides when the workspace has fewer than two complete syncs.
 */
export function selectRuns(
  store: ChangesStore,
  q: Pick<ChangeQuery, 'workspaceId' | 'fromRunId' | 'toRunId'>,
): { from: SyncRunRow | null; to: SyncRunRow | null } {
  const okRuns = (beforeId?: number) =>
    store.runs.list({ workspaceId: q.workspaceId, status: ['ok'], direction: 'pull', beforeId, limit: 2 });
  let to = q.toRunId !== undefined ? runOf(store, q.workspaceId, q.toRunId) : null;
  let from = q.fromRunId !== undefined ? runOf(store, q.workspaceId, q.fromRunId) : null;
  if (!to && !from) {
    const [b, a] = okRuns();
    return { from: a ?? null, to: b ?? null };
  }
  if (to && !from) from = okRuns(to.id)[0] ?? null;
  if (from && !to) to = okRuns()[0] ?? null;
  if (from && to && from.id >= to.id) {
    throw new AppError('validation', 'The first run must be older than the second.', {
      details: { fromRunId: String(from.id), toRunId: String(to.id) },
    });
  }
  return { from, to };
}

const parse = (v: VersionContent | null): ItemContent | null =>
  v && {
    attributes: JSON.parse(v.attributesJson) as Record<string, unknown>,
    relationships: JSON.parse(v.relationshipsJson) as Record<string, unknown>,
  };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Ids a change may name: audiences (lists, segments) and tags. */
export function referencedIds(c: ItemContent | null, into: Set<string>): void {
  if (!c) return;
  const aud = c.attributes.audiences;
  if (isObject(aud)) {
    for (const side of [aud.included, aud.excluded])
      if (Array.isArray(side)) for (const id of side) into.add(String(id));
  }
  const tags = c.relationships.tags;
  if (isObject(tags) && Array.isArray(tags.data)) for (const t of tags.data) if (isObject(t)) into.add(String(t.id));
}

type Parsed = VersionPair & { a: ItemContent | null; b: ItemContent | null };

/** Builds each pair's change (words and fields); names and flow positions are looked up once for all. */
function describePairs(store: ChangesStore, workspaceId: string, pairs: Parsed[]): ItemChange[] {
  const refs = new Set<string>();
  const parentIds = new Set<string>();
  for (const p of pairs) {
    referencedIds(p.a, refs);
    referencedIds(p.b, refs);
    if (p.parentId) parentIds.add(p.parentId);
  }
  const names = new Map<string, string | null>();
  for (const n of store.versions.namesOf(workspaceId, ['lists', 'segments', 'tags'], [...refs]))
    names.set(n.klaviyoId, n.name);
  const parents = new Map<string, string | null>();
  for (const n of store.versions.namesOf(workspaceId, ['flows', 'campaigns', 'forms', 'flow-actions'], [...parentIds]))
    parents.set(`${n.resourceType}:${n.klaviyoId}`, n.name);
  const nameOf: NameOf = (id) => names.get(id);

  // a flow step is numbered by its flow's definition in the newer version (the run compared to, when it changed)
  const flowDefs = new Map<string, unknown>();
  for (const p of pairs) if (p.resourceType === 'flows') flowDefs.set(p.klaviyoId, (p.b ?? p.a)?.attributes.definition);
  // each flow's step order once, not once per changed step (a cloned flow brings all its steps at once)
  const orders = new Map<string, Map<string, number>>();
  const orderOf = (flowId: string) => {
    let order = orders.get(flowId);
    if (!order) {
      if (!flowDefs.has(flowId))
        flowDefs.set(flowId, store.inventory.get(workspaceId, 'flows', flowId)?.attributes.definition);
      order = new Map(stepOrder(flowDefs.get(flowId)).map((id, i) => [id, i + 1]));
      orders.set(flowId, order);
    }
    return order;
  };
  const stepOf = (p: Parsed) => {
    if (p.resourceType !== 'flow-actions' || !p.parentId) return null;
    const position = orderOf(p.parentId).get(p.klaviyoId) ?? 0;
    return position > 0 ? { flowName: parents.get(`flows:${p.parentId}`) ?? p.parentId, position } : null;
  };

  return pairs.map((p) => {
    const kind: ChangeKind = !p.a ? 'added' : !p.b ? 'removed' : 'modified';
    const fields: FieldChange[] = diffFields(p.a, p.b);
    const parentType = resourceOf(p.parentType);
    const parentName = parentType && p.parentId ? (parents.get(`${parentType}:${p.parentId}`) ?? null) : null;
    const itemName = (p.b ?? p.a)?.attributes.name;
    const name = typeof itemName === 'string' ? itemName : p.name;
    const { summary, noiseOnly } = describeChange({
      type: p.resourceType,
      name,
      kind,
      before: p.a,
      after: p.b,
      fields,
      names: nameOf,
      step: stepOf(p),
      parentName,
    });
    return {
      type: p.resourceType as ResourceType,
      id: p.klaviyoId,
      name,
      kind,
      parent: parentType && p.parentId ? { type: parentType, id: p.parentId, name: parentName } : null,
      summary,
      fields,
      noiseOnly,
    };
  });
}

const emptyCounts = (): ChangeCounts => ({ added: 0, removed: 0, modified: 0, touched: 0 });

/**
 * What changed between two syncs of a workspace, from the stored versions alone: per item added, removed or
 * modified, with sentences and the fields that differ. Counts are over the whole set; the resource and kind
 * filters and the limit shape the list only.
 */
export function changeSet(store: ChangesStore, q: ChangeQuery): ChangeSet {
  const { from, to } = selectRuns(store, q);
  const run = (r: SyncRunRow) => ({
    runId: String(r.id),
    startedAt: new Date(r.startedAt).toISOString(),
    status: r.status,
  });
  const base = { workspaceId: q.workspaceId, from: from && run(from), to: to && run(to) };
  if (!from || !to) return { ...base, counts: {}, total: 0, incomplete: [], items: [], truncated: false };

  // A resource a run did not read completely says nothing about what is missing from it: an item the newer run
  // did not read is not removed, one the older run did not read is not added. Those pairs are left out (the
  // `incomplete` list says why); an item both runs read is compared as usual.
  const unread = (runId: number) =>
    new Set(store.runs.resources(runId).flatMap((r) => (r.complete ? [] : [r.resource])));
  const unreadBefore = unread(from.id);
  const unreadAfter = unread(to.id);
  const pairs: Parsed[] = store.versions
    .changedBetween(q.workspaceId, from.id, to.id)
    .filter(
      (p) =>
        !(p.after === null && unreadAfter.has(p.resourceType)) &&
        !(p.before === null && unreadBefore.has(p.resourceType)),
    )
    .map((p) => ({ ...p, a: parse(p.before), b: parse(p.after) }));
  const all = describePairs(store, q.workspaceId, pairs);

  const counts: Partial<Record<ResourceType, ChangeCounts>> = {};
  let total = 0;
  for (const c of all) {
    const n = (counts[c.type] ??= emptyCounts());
    if (c.noiseOnly) n.touched++;
    else {
      n[c.kind]++;
      total++;
    }
  }
  const incomplete = new Set([...unreadBefore, ...unreadAfter]);

  const limit = q.limit ?? 2000;
  const matching = all.filter(
    (c) =>
      (!q.resource || c.type === q.resource) && (!q.kind || c.kind === q.kind) && (q.includeTouched || !c.noiseOnly),
  );
  return {
    ...base,
    counts,
    total,
    incomplete: [...incomplete].sort(),
    items: matching.slice(0, limit),
    truncated: matching.length > limit,
  };
}

/**
 * How many items changed between a workspace's last two complete syncs (the all-clients overview). Remembered
 * per pair of runs: the answer for two finished runs never changes, and the overview asks on every refresh.
 */
export function createChangeCounter(store: ChangesStore) {
  const memo = new Map<string, number>();
  return (workspaceId: string): number | null => {
    const { from, to } = selectRuns(store, { workspaceId });
    if (!from || !to) return null;
    const key = `${workspaceId}:${from.id}:${to.id}`;
    let n = memo.get(key);
    if (n === undefined) {
      n = changeSet(store, { workspaceId, limit: 1 }).total;
      if (memo.size > 500) memo.clear();
      memo.set(key, n);
    }
    return n;
  };
}
