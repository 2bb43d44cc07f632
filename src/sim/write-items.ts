import { getResource, isoSeconds, relIds, removeRelated, typeMap } from './dataset';
import { invalidBody, notFound } from './errors';
import { bumpVersion, serialize } from './read';
import type { SimDataset, SimOperationHandler, SimRequest, SimResource } from './types';

/**
 * Edits of existing items through the API (update a flow's status, a campaign's name or audiences, a list's name;
 * delete a list), and the simulator's own journal of every item it changed that way, so a test can compare what
 * the app says changed with what really did.
 */

export type SimChange = {
  at: number;
  type: string;
  id: string;
  kind: 'added' | 'removed' | 'modified';
  fields: string[];
};

const journals = new WeakMap<SimDataset, SimChange[]>();

/**
 * One application of a write to one item, whether or not it changed anything (a second identical tag link is
 * still a second application): what "applied exactly once" is checked against.
 */
export type SimAppliedWrite = {
  at: number;
  operationId: string;
  type: string;
  id: string;
  /** the tag linked or unlinked, or the status set */
  value: string;
};

const applied = new WeakMap<SimDataset, SimAppliedWrite[]>();

/** Every write applied to an item through the API, oldest first. */
export function simAppliedWrites(ds: SimDataset): readonly SimAppliedWrite[] {
  return applied.get(ds) ?? [];
}

export function recordApplied(ds: SimDataset, w: SimAppliedWrite): void {
  let a = applied.get(ds);
  if (!a) applied.set(ds, (a = []));
  a.push(w);
}

/** What the write API changed in this account, oldest first. */
export function simChangeLog(ds: SimDataset): readonly SimChange[] {
  return journals.get(ds) ?? [];
}

export function recordChange(ds: SimDataset, change: SimChange): void {
  let j = journals.get(ds);
  if (!j) journals.set(ds, (j = []));
  j.push(change);
}

const UPDATED_FIELD: Record<string, string> = { campaign: 'updated_at', form: 'updated_at' };

function resourceBody(req: SimRequest, type: string): Record<string, unknown> {
  const data = (req.body as { data?: unknown } | undefined)?.data as
    { type?: unknown; id?: unknown; attributes?: unknown } | undefined;
  if (!data || typeof data !== 'object') throw invalidBody('/data', 'Expected a resource object.');
  if (data.type !== type) throw invalidBody('/data/type', `Expected type '${type}'.`);
  if (data.id !== req.params.id) throw invalidBody('/data/id', 'The id in the body must match the id in the path.');
  if (!data.attributes || typeof data.attributes !== 'object' || Array.isArray(data.attributes))
    throw invalidBody('/data/attributes', 'Missing attributes.');
  return data.attributes as Record<string, unknown>;
}

function target(req: SimRequest, type: string): SimResource {
  const r = getResource(req.account.dataset, type, req.params.id!);
  if (!r) throw notFound(`A ${type} with id ${req.params.id} does not exist.`);
  return r;
}

/** Applies the changed attributes, moves the update time, journals the fields and answers the item. */
function applyUpdate(req: SimRequest, r: SimResource, patch: Record<string, unknown>) {
  const fields = Object.keys(patch).filter((k) => JSON.stringify(r.attributes[k]) !== JSON.stringify(patch[k]));
  Object.assign(r.attributes, patch);
  if (fields.length) {
    r.attributes[UPDATED_FIELD[r.type] ?? 'updated'] = isoSeconds(req.now);
    recordChange(req.account.dataset, { at: req.now, type: r.type, id: r.id, kind: 'modified', fields });
  }
  bumpVersion(req.account.dataset);
  return { status: 200, body: { data: serialize(r, req.baseUrl, { fields: {}, additional: {}, include: [] }) } };
}

const FLOW_STATUSES = ['draft', 'manual', 'live'];

const updateFlow: SimOperationHandler = (req) => {
  const attrs = resourceBody(req, 'flow');
  if (typeof attrs.status !== 'string' || !FLOW_STATUSES.includes(attrs.status))
    throw invalidBody('/data/attributes/status', "Must be one of 'draft', 'manual' or 'live'.");
  const flow = target(req, 'flow');
  recordApplied(req.account.dataset, {
    at: req.now,
    operationId: req.op.operationId,
    type: 'flow',
    id: flow.id,
    value: attrs.status,
  });
  return applyUpdate(req, flow, { status: attrs.status });
};

const ACTION_STATUSES = ['disabled', 'draft', 'manual', 'live'];

/**
 * A flow action's update: the spec takes the whole `definition`. Its type cannot change, and only the status of
 * a step that carries one (send and update steps) may be set; the flow's own definition keeps the same action.
 */
const updateFlowAction: SimOperationHandler = (req) => {
  const attrs = resourceBody(req, 'flow-action');
  const def = attrs.definition as { type?: unknown; data?: unknown } | undefined;
  if (!def || typeof def !== 'object' || Array.isArray(def))
    throw invalidBody('/data/attributes/definition', 'A flow action update needs its definition.');
  const action = target(req, 'flow-action');
  const cur = (action.attributes.definition ?? {}) as { type?: unknown; data?: Record<string, unknown> };
  if (def.type !== cur.type)
    throw invalidBody(
      '/data/attributes/definition/type',
      `The action's type cannot change (it is '${String(cur.type)}').`,
    );
  const status = (def.data as { status?: unknown } | undefined)?.status;
  if (status !== undefined && (cur.data?.status === undefined || !ACTION_STATUSES.includes(String(status))))
    throw invalidBody(
      '/data/attributes/definition/data/status',
      cur.data?.status === undefined
        ? 'This action has no status.'
        : "Must be one of 'disabled', 'draft', 'manual' or 'live'.",
    );
  const next = { ...cur, ...def, id: action.id };
  if (typeof status === 'string')
    recordApplied(req.account.dataset, {
      at: req.now,
      operationId: req.op.operationId,
      type: 'flow-action',
      id: action.id,
      value: status,
    });
  const flowId = relIds(action, 'flow')[0]?.id;
  const flow = flowId ? getResource(req.account.dataset, 'flow', flowId) : undefined;
  const flowDef = flow?.attributes.definition as { actions?: Record<string, unknown>[] } | undefined;
  if (flowDef?.actions) flowDef.actions = flowDef.actions.map((a) => (String(a.id) === action.id ? next : a));
  return applyUpdate(req, action, { definition: next });
};

function audienceIds(ds: SimDataset, v: unknown, pointer: string): string[] {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidBody(pointer, 'Expected a list of ids.');
  for (const id of v as string[])
    if (!getResource(ds, 'list', id) && !getResource(ds, 'segment', id))
      throw invalidBody(pointer, `No list or segment with id ${id}.`);
  return v as string[];
}

const updateCampaign: SimOperationHandler = (req) => {
  const attrs = resourceBody(req, 'campaign');
  const c = target(req, 'campaign');
  const patch: Record<string, unknown> = {};
  if (attrs.name !== undefined) {
    if (typeof attrs.name !== 'string' || !attrs.name.trim())
      throw invalidBody('/data/attributes/name', 'A campaign needs a name.');
    patch.name = attrs.name;
  }
  if (attrs.audiences !== undefined && attrs.audiences !== null) {
    const a = attrs.audiences as { included?: unknown; excluded?: unknown };
    const cur = (c.attributes.audiences ?? {}) as { included?: string[]; excluded?: string[] };
    const ds = req.account.dataset;
    patch.audiences = {
      included:
        a.included === undefined
          ? (cur.included ?? [])
          : audienceIds(ds, a.included, '/data/attributes/audiences/included'),
      excluded:
        a.excluded === undefined
          ? (cur.excluded ?? [])
          : audienceIds(ds, a.excluded, '/data/attributes/audiences/excluded'),
    };
  }
  return applyUpdate(req, c, patch);
};

const updateList: SimOperationHandler = (req) => {
  const attrs = resourceBody(req, 'list');
  if (attrs.name !== undefined && (typeof attrs.name !== 'string' || !attrs.name.trim()))
    throw invalidBody('/data/attributes/name', 'A list needs a name.');
  return applyUpdate(req, target(req, 'list'), attrs.name === undefined ? {} : { name: attrs.name });
};

/** Campaigns keep pointing at a deleted list, as Klaviyo's do; tags let go of it. */
const deleteList: SimOperationHandler = (req) => {
  const ds = req.account.dataset;
  const list = target(req, 'list');
  for (const t of relIds(list, 'tags')) {
    const tag = getResource(ds, 'tag', t.id);
    if (tag) removeRelated(tag, 'lists', list);
  }
  typeMap(ds, 'list').delete(list.id);
  recordChange(ds, { at: req.now, type: 'list', id: list.id, kind: 'removed', fields: [] });
  bumpVersion(ds);
  return { status: 204 };
};

const EDITABLE: Record<string, string> = { flows: 'flow', campaigns: 'campaign', lists: 'list', segments: 'segment' };

/**
 * Someone else edits an item in Klaviyo (the `remote-edit` fault): the item the request names (/api/flows/{id},
 * …) — a flow gets another status, anything else another name — and its update time moves to the simulator clock.
 */
export function remoteEdit(ds: SimDataset, op: { path: string }, params: Record<string, string>, now: number): void {
  const m = /^\/api\/(flows|campaigns|lists|segments)\/\{id\}/.exec(op.path);
  if (!m || !params.id) return;
  const r = getResource(ds, EDITABLE[m[1]!]!, params.id);
  if (!r) return;
  const field = r.type === 'flow' ? 'status' : 'name';
  if (r.type === 'flow') {
    const cur = String(r.attributes.status);
    r.attributes.status = FLOW_STATUSES.find((st) => st !== cur && st !== 'live') ?? 'draft';
  } else {
    r.attributes.name = `${String(r.attributes.name ?? '')} (edited)`;
  }
  r.attributes[UPDATED_FIELD[r.type] ?? 'updated'] = isoSeconds(now);
  recordChange(ds, { at: now, type: r.type, id: r.id, kind: 'modified', fields: [field] });
  bumpVersion(ds);
}

/** Wraps a create handler so the item it made is journaled as added. */
export function journaledCreate(type: string, create: SimOperationHandler): SimOperationHandler {
  return async (req) => {
    const res = await create(req);
    const id = (res.body as { data?: { id?: string } } | undefined)?.data?.id;
    if (res.status === 201 && id)
      recordChange(req.account.dataset, { at: req.now, type, id, kind: 'added', fields: [] });
    return res;
  };
}

export const itemWriteHandlers: Record<string, SimOperationHandler> = {
  update_flow: updateFlow,
  update_flow_action: updateFlowAction,
  update_campaign: updateCampaign,
  update_list: updateList,
  delete_list: deleteList,
};
