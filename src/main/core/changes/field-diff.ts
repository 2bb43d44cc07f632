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

function text(v: unknown): string | null {
  if (v === undefined) return null;
  const s = JSON.stringify(v) ?? null;
  return s !== null && s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

const isScalarArray = (a: unknown[]) => !a.some((v) => isObject(v) || Array.isArray(v));

/**
 * Walks both contents side by side and records the leaves that differ; equal values are skipped as soon as they
 * are seen (`===` for scalars, one native comparison of the JSON text for whole values), so a large item with
 * one changed field costs little more than that field.
 */
function walk(a: unknown, b: unknown, path: string, key: string, out: FieldChange[]): void {
  if (a === b || out.length >= MAX_FIELDS) return;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    if (!keys.length) return;
    for (const k of keys) walk(a[k], b[k], path ? `${path}.${k}` : k, k, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length && b.length && !isScalarArray(a) && !isScalarArray(b)) {
    const ka = keyedById(a);
    const kb = keyedById(b);
    if (ka && kb) {
      for (const id of [...new Set([...ka.keys(), ...kb.keys()])])
        walk(ka.get(id), kb.get(id), `${path}[${id}]`, key, out);
      return;
    }
    if (a.length === b.length) {
      a.forEach((v, i) => walk(v, b[i], `${path}.${i}`, key, out));
      return;
    }
  }
  const tx = text(a);
  const ty = text(b);
  if (tx === ty) return;
  out.push({ path, before: tx, after: ty, noise: NOISE_KEYS.has(key) && tx !== null && ty !== null });
}

/** An item that exists on one side only: its top-level fields, each as one value. */
function sides(c: ItemContent): Map<string, unknown> {
  const m = new Map<string, unknown>(Object.entries(c.attributes));
  for (const [k, v] of Object.entries(c.relationships)) m.set(`relationships.${k}`, v);
  return m;
}

/**
 * Every field that differs between two contents, by path (`relationships.…` for relationships; elements of
 * id-keyed arrays as `[id]`), oldest value first. Noise: a timestamp that moved while both sides have one.
 */
export function diffFields(before: ItemContent | null, after: ItemContent | null): FieldChange[] {
  const out: FieldChange[] = [];
  if (before && after) {
    walk(before.attributes, after.attributes, '', '', out);
    walk(before.relationships, after.relationships, 'relationships', 'relationships', out);
    return out;
  }
  const one = before ?? after;
  if (!one) return out;
  for (const [path, v] of [...sides(one)].sort(([x], [y]) => (x < y ? -1 : 1)).slice(0, MAX_FIELDS)) {
    out.push({ path, before: before ? text(v) : null, after: after ? text(v) : null, noise: false });
  }
  return out;
}
