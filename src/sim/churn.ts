import { getResource, isoSeconds, put, relIds, typeMap } from './dataset';
import type { Rng } from './random';
import { bumpVersion } from './read';
import type { SimDataset, SimResource } from './types';
import { recordChange } from './write-items';

/**
 * A day of edits in an account as people (and Klaviyo) make them: items added, renamed, re-statused, archived,
 * deleted, flows cloned, messages, form versions and flow steps edited (which moves their parent's update time
 * too, as the editor saves the whole campaign, flow or form). Two real quirks come with it: update times a little in the future (clock
 * skew) and writes that share their second with a sync that just read the item. Every change is journaled like
 * the write API's, so a test can compare what a sync says with what really changed.
 */

export type ChurnOptions = {
  /** the simulator clock at the time of the writes */
  now: number;
  /** how many writes */
  writes: number;
  /** when the previous sync started: a "same second" write carries that second, as if it landed just after the read */
  lastSyncAt?: number;
};

export type ChurnKind = 'added' | 'edited' | 'child-edited' | 'archived' | 'removed' | 'future' | 'same-second';

/** the update-time attribute of each type */
const UPDATED: Record<string, string> = {
  campaign: 'updated_at',
  'campaign-message': 'updated_at',
  form: 'updated_at',
  'form-version': 'updated_at',
};
const updatedField = (type: string): string => UPDATED[type] ?? 'updated';
const createdField = (type: string): string => (UPDATED[type] ? 'created_at' : 'created');

/** the types a day of churn touches, with the children each one owns (removed and cloned with it) */
const PARENTS: Record<string, { rel: string; type: string }[]> = {
  flow: [{ rel: 'flow-actions', type: 'flow-action' }],
  'flow-action': [{ rel: 'flow-messages', type: 'flow-message' }],
  campaign: [{ rel: 'campaign-messages', type: 'campaign-message' }],
  form: [{ rel: 'form-versions', type: 'form-version' }],
};
const EDITABLE = ['flow', 'campaign', 'template', 'list', 'segment', 'form'] as const;
const ADDABLE = ['flow', 'campaign', 'template', 'list', 'segment', 'form'] as const;

function items(ds: SimDataset, type: string): SimResource[] {
  return [...typeMap(ds, type).values()];
}

function stamp(r: SimResource, ms: number): void {
  r.attributes[updatedField(r.type)] = isoSeconds(ms);
}

function removeTree(ds: SimDataset, r: SimResource): void {
  for (const child of PARENTS[r.type] ?? []) {
    for (const x of relIds(r, child.rel)) {
      const c = getResource(ds, child.type, x.id);
      if (c) removeTree(ds, c);
    }
  }
  typeMap(ds, r.type).delete(r.id);
}

/** a copy of an item (and its children) under new ids, created now */
function cloneTree(ds: SimDataset, rng: Rng, r: SimResource, at: number, parent?: SimResource): SimResource {
  const copy = JSON.parse(JSON.stringify(r)) as SimResource;
  copy.id = /^\d+$/.test(r.id) ? String(rng.int(10_000_000, 99_999_999)) : rng.ulid(at) + rng.alnum(2).toUpperCase();
  if (typeof copy.attributes.name === 'string') copy.attributes.name = `${copy.attributes.name} (copy)`;
  copy.attributes[createdField(r.type)] = isoSeconds(at);
  stamp(copy, at);
  for (const [name, rel] of Object.entries(copy.relationships ?? {})) {
    // the to-one link back to the parent follows the copy
    if (parent && !Array.isArray(rel.data) && rel.data?.type === parent.type)
      rel.data = { type: parent.type, id: parent.id };
    if (name === 'tags') rel.data = [];
  }
  for (const child of PARENTS[r.type] ?? []) {
    const ids = relIds(r, child.rel)
      .map((x) => getResource(ds, child.type, x.id))
      .filter((x): x is SimResource => !!x);
    copy.relationships![child.rel] = {
      data: ids.map((c) => ({ type: child.type, id: cloneTree(ds, rng, c, at, copy).id })),
    };
  }
  return put(ds, copy);
}

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj | null => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null);
/** the message a send action carries (`data.message`) */
const messageOf = (action: Obj | null): Obj | null => asObj(asObj(action?.data)?.message);

/**
 * A copy of a flow made by cloneTree has new action and message ids, but its definition still names the old ones.
 * Klaviyo's copy is a draft whose definition names its own steps: ids (and the links between steps) are renumbered,
 * and each copied action and message serves the very step of the copy's definition, as the original's do.
 */
function renumberFlowCopy(ds: SimDataset, original: SimResource, copy: SimResource): void {
  const ids = new Map<string, string>();
  const oldActions = relIds(original, 'flow-actions');
  const newActions = relIds(copy, 'flow-actions');
  oldActions.forEach((a, i) => {
    ids.set(a.id, newActions[i]!.id);
    const oldMsgs = relIds(getResource(ds, 'flow-action', a.id)!, 'flow-messages');
    const newMsgs = relIds(getResource(ds, 'flow-action', newActions[i]!.id)!, 'flow-messages');
    oldMsgs.forEach((m, j) => ids.set(m.id, newMsgs[j]!.id));
  });
  const renumber = (v: unknown): unknown => (typeof v === 'string' && ids.has(v) ? ids.get(v) : v);
  const def = asObj(copy.attributes.definition);
  copy.attributes.status = 'draft';
  if (!def) return;
  def.entry_action_id = renumber(def.entry_action_id);
  for (const raw of Array.isArray(def.actions) ? def.actions : []) {
    const action = asObj(raw)!;
    action.id = renumber(action.id);
    const links = asObj(action.links);
    for (const k of Object.keys(links ?? {})) links![k] = renumber(links![k]);
    const data = asObj(action.data);
    if (data && typeof data.status === 'string') data.status = 'draft';
    const message = messageOf(action);
    if (message) message.id = renumber(message.id);
    const fa = getResource(ds, 'flow-action', String(action.id));
    if (!fa) continue;
    fa.attributes.definition = action;
    for (const m of relIds(fa, 'flow-messages')) {
      const fm = getResource(ds, 'flow-message', m.id);
      if (fm && message?.id === m.id) fm.attributes.definition = message;
    }
  }
}

/**
 * A step of a flow edited in the flow editor: a delay lengthened or a send switched live/draft (the action), or an
 * email's subject or a text's body reworded (its message). The flow's definition serves the same step as the action
 * and message do, so both are edited together; the editor saves the flow, so its update time moves with them.
 */
function editFlowStep(
  ds: SimDataset,
  rng: Rng,
  flow: SimResource,
  at: number,
): { child: SimResource; field: string } | null {
  const steps = Array.isArray(asObj(flow.attributes.definition)?.actions)
    ? (asObj(flow.attributes.definition)!.actions as unknown[]).map(asObj).filter((a): a is Obj => !!a)
    : [];
  const editable = steps.filter((a) => a.type === 'time-delay' || messageOf(a));
  if (!editable.length) return null;
  const step = rng.pick(editable);
  const fa = getResource(ds, 'flow-action', String(step.id));
  if (!fa) return null;
  // the action resource and the definition's step are one object when generated; a write may have split them
  const targets = [step, asObj(fa.attributes.definition)].filter((x, i, xs): x is Obj => !!x && xs.indexOf(x) === i);
  let child: SimResource = fa;
  const field = 'definition';
  const message = messageOf(step);
  if (step.type === 'time-delay') {
    for (const t of targets) {
      const data = asObj(t.data)!;
      data.value = Number(data.value ?? 1) + 1;
    }
  } else if (message && rng.chance(0.5)) {
    const fm = relIds(fa, 'flow-messages')
      .map((m) => getResource(ds, 'flow-message', m.id))
      .find((m) => m?.id === message.id);
    const key = 'subject_line' in message ? 'subject_line' : 'body' in message ? 'body' : 'name';
    const text = `${String(message[key] ?? '').replace(/ · \d+$/, '')} · ${rng.int(1, 999)}`;
    for (const m of [message, ...targets.map(messageOf), asObj(fm?.attributes.definition)]) if (m) m[key] = text;
    if (fm) {
      stamp(fm, at);
      child = fm;
    }
  } else {
    for (const t of targets) {
      const data = asObj(t.data)!;
      data.status = data.status === 'live' ? 'draft' : 'live';
    }
  }
  stamp(fa, at);
  return { child, field };
}

/** a child of the item (a campaign's message, a form's version) whose edit moves the parent too */
function someChild(ds: SimDataset, rng: Rng, r: SimResource): SimResource | undefined {
  const rel = PARENTS[r.type]?.[0];
  if (!rel) return undefined;
  const ids = relIds(r, rel.rel);
  return ids.length ? getResource(ds, rel.type, rng.pick(ids).id) : undefined;
}

/** Applies `writes` random writes to the account; returns what each one was. */
export function churn(ds: SimDataset, rng: Rng, opts: ChurnOptions): ChurnKind[] {
  const done: ChurnKind[] = [];
  const journal = (r: SimResource, kind: 'added' | 'removed' | 'modified', fields: string[]) =>
    recordChange(ds, { at: opts.now, type: r.type, id: r.id, kind, fields });
  for (let i = 0; i < opts.writes; i++) {
    const kind = rng.weighted<ChurnKind>([
      ['added', 2],
      ['edited', 4],
      ['child-edited', 2],
      ['archived', 1],
      ['removed', 2],
      ['future', 1],
      ['same-second', opts.lastSyncAt === undefined ? 0 : 2],
    ]);
    const type = rng.pick(
      kind === 'added' ? ADDABLE : kind === 'archived' ? (['flow', 'campaign'] as const) : EDITABLE,
    );
    let pool = items(ds, type).filter((r) => kind !== 'archived' || r.attributes.archived !== true);
    if (kind === 'same-second') {
      // best of all an item last written in that very second: its update time then does not move at all
      const second = isoSeconds(opts.lastSyncAt!);
      const same = pool.filter((r) => r.attributes[updatedField(r.type)] === second);
      if (same.length) pool = same;
    }
    if (!pool.length) continue;
    const r = rng.pick(pool);
    if (kind === 'added') {
      const copy = cloneTree(ds, rng, r, opts.now);
      if (copy.type === 'flow') renumberFlowCopy(ds, r, copy);
      journal(copy, 'added', []);
    } else if (kind === 'removed') {
      removeTree(ds, r);
      journal(r, 'removed', []);
    } else if (kind === 'archived') {
      r.attributes.archived = true;
      stamp(r, opts.now);
      journal(r, 'modified', ['archived']);
    } else if (kind === 'child-edited' && r.type === 'flow') {
      const edit = editFlowStep(ds, rng, r, opts.now);
      if (!edit) continue;
      stamp(r, opts.now);
      journal(edit.child, 'modified', [edit.field]);
    } else if (kind === 'child-edited') {
      const c = someChild(ds, rng, r);
      if (!c) continue;
      const field = c.type === 'form-version' ? 'status' : 'send_times';
      c.attributes[field] = field === 'status' ? (c.attributes.status === 'live' ? 'draft' : 'live') : [];
      stamp(c, opts.now);
      stamp(r, opts.now);
      journal(c, 'modified', [field]);
    } else {
      // a rename: at the clock, a little in the future (skew), or in the second the last sync read the item
      r.attributes.name = `${String(r.attributes.name ?? r.id).replace(/ · \d+$/, '')} · ${i}`;
      const at =
        kind === 'future'
          ? opts.now + rng.int(60, 36 * 3600) * 1000
          : kind === 'same-second'
            ? Math.floor(opts.lastSyncAt! / 1000) * 1000
            : opts.now;
      stamp(r, at);
      journal(r, 'modified', ['name']);
    }
    done.push(kind);
  }
  bumpVersion(ds);
  return done;
}
