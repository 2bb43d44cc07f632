import type { ChangeKind, ChangeMessage, FieldChange } from '../../../shared/contract/changes';
import type { ItemContent } from './field-diff';
import { definitionMessages, stepMessages } from './flow-diff';

/** The name of a list, segment, tag or parent by Klaviyo id (removed ones included), if the inventory has it. */
export type NameOf = (id: string) => string | null | undefined;

export type ChangeToDescribe = {
  type: string;
  /** the item's name (after the change; before it for a removal) */
  name: string | null;
  kind: ChangeKind;
  before: ItemContent | null;
  after: ItemContent | null;
  fields: FieldChange[];
  names: NameOf;
  /** a flow step (flow-actions item): its flow's name and its position in the flow */
  step?: { flowName: string; position: number } | null;
  /** the parent's name, for items without one of their own (a campaign's message) */
  parentName?: string | null;
};

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function at(content: ItemContent | null, path: string[]): unknown {
  let cur: unknown = content?.attributes;
  for (const k of path) cur = isObject(cur) ? cur[k] : undefined;
  return cur;
}

function ids(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((x) => (isObject(x) ? str(x.id) : str(x))).filter(Boolean);
}

/** "+VIP −Newsletter": what joined and what left, by name (the id where the inventory has no name). */
export function signedDelta(before: string[], after: string[], names: NameOf): string {
  const was = new Set(before);
  const now = new Set(after);
  const label = (id: string) => names(id) ?? id;
  return [
    ...after.filter((id) => !was.has(id)).map((id) => `+${label(id)}`),
    ...before.filter((id) => !now.has(id)).map((id) => `−${label(id)}`),
  ].join(' ');
}

const SUBJECT_PATHS: Record<string, string[]> = {
  'flow-messages': ['definition', 'subject_line'],
  'campaign-messages': ['definition', 'content', 'subject'],
};

const touches = (fields: FieldChange[], prefix: string) =>
  fields.some((f) => f.path === prefix || f.path.startsWith(`${prefix}.`) || f.path.startsWith(`${prefix}[`));

/**
 * The sentences of one item's change, most telling first: status, name, archive, audience, tags, sizes, subject,
 * a flow's steps; whatever else changed is counted by field; a change of timestamps alone says just that.
 */
export function describeChange(c: ChangeToDescribe): { summary: ChangeMessage[]; noiseOnly: boolean } {
  const type = c.type;
  const name = c.name ?? c.parentName ?? '';
  if (c.kind !== 'modified') return { summary: [{ key: c.kind, params: { type, name } }], noiseOnly: false };

  const real = c.fields.filter((f) => !f.noise);
  if (!real.length) return { summary: [{ key: 'onlyTimestamps', params: { type, name } }], noiseOnly: true };
  const out: ChangeMessage[] = [];
  const covered: string[] = [];
  const cover = (prefix: string) => {
    covered.push(prefix);
    return touches(real, prefix);
  };

  if (cover('status')) {
    out.push({
      key: 'status',
      params: { type, name, from: str(at(c.before, ['status'])) || '—', to: str(at(c.after, ['status'])) || '—' },
    });
  }
  if (cover('name')) {
    out.push({ key: 'renamed', params: { type, from: str(at(c.before, ['name'])), to: str(at(c.after, ['name'])) } });
  }
  if (cover('archived'))
    out.push({ key: at(c.after, ['archived']) === true ? 'archived' : 'unarchived', params: { type, name } });
  if (cover('audiences')) {
    for (const side of ['included', 'excluded'] as const) {
      const delta = signedDelta(ids(at(c.before, ['audiences', side])), ids(at(c.after, ['audiences', side])), c.names);
      if (delta) out.push({ key: side === 'included' ? 'audience' : 'excluded', params: { type, name, delta } });
    }
  }
  if (cover('relationships.tags')) {
    const rel = (x: ItemContent | null) => (isObject(x?.relationships.tags) ? x.relationships.tags.data : undefined);
    const delta = signedDelta(ids(rel(c.before)), ids(rel(c.after)), c.names);
    if (delta) out.push({ key: 'tags', params: { type, name, delta } });
  }
  if (cover('profile_count')) {
    const from = Number(at(c.before, ['profile_count']) ?? 0);
    const to = Number(at(c.after, ['profile_count']) ?? 0);
    out.push({ key: 'profileCount', params: { type, name, from, to, count: to } });
  }
  const subject = SUBJECT_PATHS[type];
  if (subject && cover(subject.join('.'))) out.push({ key: 'subject', params: { type, name } });
  if (type === 'flows' && cover('definition')) {
    out.push(...definitionMessages(name, at(c.before, ['definition']), at(c.after, ['definition'])));
  }
  if (type === 'flow-actions' && c.step && cover('definition')) {
    const before = at(c.before, ['definition']);
    const after = at(c.after, ['definition']);
    out.push(
      ...stepMessages(c.step.flowName, c.step.position, isObject(before) ? before : {}, isObject(after) ? after : {}),
    );
  }

  const rest = real.filter(
    (f) => !covered.some((p) => f.path === p || f.path.startsWith(`${p}.`) || f.path.startsWith(`${p}[`)),
  );
  if (rest.length) {
    const shown = rest.slice(0, 4).map((f) => f.path);
    out.push({
      key: 'fields',
      params: { type, name, count: rest.length, fields: shown.join(', ') + (rest.length > shown.length ? ', …' : '') },
    });
  }
  return { summary: out, noiseOnly: false };
}
