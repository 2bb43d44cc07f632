import type { FieldChange } from '../../../shared/contract/changes';

/** An item's content as stored: Klaviyo's attributes and its relationships (data only). */
export type ItemContent = { attributes: Record<string, unknown>; relationships: Record<string, unknown> };

/** Timestamps Klaviyo moves on every write: a change of these alone is not a change a person made. */
const NOISE_KEYS = new Set(['updated', 'updated_at']);

/** A value in the detail is capped: a template's HTML is megabytes and the screen shows a line. */
const MAX_VALUE = 2000;
const MAX_FIELDS = 300;

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Arrays of objects that all carry an id (flow actions, relationship data) are compared element by id. */
function keyedById(a: unknown[]): Map<string, unknown> | null {
  const m = new Map<string, unknown>();
  for (const x of a) {
    if (!isObject(x) || (typeof x.id !== 'string' && typeof x.id !== 'number')) return null;
    m.set(String(x.id), x);
  }
  return m;
}

function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (isObject(value)) {
    const keys = Object.keys(value);
    if (!keys.length) out.set(path, value);
    for (const k of keys) leaves(value[k], path ? `${path}.${k}` : k, out);
    return;
  }
  if (Array.isArray(value) && value.length) {
    const byId = keyedById(value);
    if (byId) {
      for (const [id, v] of byId) leaves(v, `${path}[${id}]`, out);
      return;
    }
    // arrays of scalars (audience ids, weekdays) are one value: their order is part of it
    if (!value.some((v) => isObject(v) || Array.isArray(v))) {
      out.set(path, value);
      return;
    }
    value.forEach((v, i) => leaves(v, `${path}.${i}`, out));
    return;
  }
  out.set(path, value);
}

function text(v: unknown): string | null {
  if (v === undefined) return null;
  const s = JSON.stringify(v) ?? null;
  return s !== null && s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

/** The last key of a path (`definition.actions[12].data.value` → `value`). */
export function lastKey(path: string): string {
  const m = /([^.[\]]+)\]?$/.exec(path);
  return m ? m[1]! : path;
}

/**
 * Every field that differs between two contents, by path (`relationships.…` for relationships; elements of
 * id-keyed arrays as `[id]`), oldest value first. Noise: a timestamp that moved while both sides have one.
 */
export function diffFields(before: ItemContent | null, after: ItemContent | null): FieldChange[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  if (before) {
    leaves(before.attributes, '', a);
    leaves(before.relationships, 'relationships', a);
  }
  if (after) {
    leaves(after.attributes, '', b);
    leaves(after.relationships, 'relationships', b);
  }
  const out: FieldChange[] = [];
  const paths = new Set([...a.keys(), ...b.keys()]);
  for (const path of [...paths].sort()) {
    const x = a.get(path);
    const y = b.get(path);
    const tx = text(x);
    const ty = text(y);
    if (tx === ty) continue;
    const noise = NOISE_KEYS.has(lastKey(path)) && tx !== null && ty !== null;
    out.push({ path, before: tx, after: ty, noise });
    if (out.length >= MAX_FIELDS) break;
  }
  return out;
}
