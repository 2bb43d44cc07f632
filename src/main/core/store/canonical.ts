import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { wellFormed } from '../../../shared/text';

/**
 * The deepest nesting of arrays and objects an item may have. SQLite's JSON functions treat a deeper document as
 * invalid, and every reader after the store (the bridge's JSON, the drawer's raw view) walks the value again, so
 * an item deeper than this is refused as that item's error instead of being stored.
 */
export const MAX_JSON_DEPTH = 1000;

export { wellFormed };

/** `wellFormed` for a typed column that may hold no text. */
export function wellFormedOrNull(s: string | null): string | null {
  return s === null ? null : wellFormed(s);
}

/** the error of an item nested deeper than MAX_JSON_DEPTH */
export function isTooDeep(err: unknown): err is AppError {
  return err instanceof AppError && err.details.reason === 'too_deep';
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const isArrayIndex = (k: string) => ARRAY_INDEX.test(k) && Number(k) < 2 ** 32 - 1;

/**
 * Keys in the order JSON.stringify writes an object built by inserting them sorted: integer-like keys first in
 * numeric order (JavaScript objects keep those first), then the others sorted. Hashes stored before this function
 * was iterative were made that way, so the order must not move.
 */
function orderedKeys(obj: Record<string, unknown>): string[] {
  const ints: string[] = [];
  const rest: string[] = [];
  // Object.keys lists integer-like keys first, ascending
  for (const k of Object.keys(obj)) (isArrayIndex(k) ? ints : rest).push(k);
  return ints.concat(rest.sort());
}

type Frame =
  | { kind: 'array'; items: readonly unknown[]; next: number }
  | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; next: number; wrote: boolean };

/**
 * JSON with object keys sorted at every level, so equal content always gives equal text (and hash). Iterative
 * (an explicit stack, never the call stack), so nesting cannot overflow it; deeper than MAX_JSON_DEPTH is an
 * error. Lone surrogates in strings and keys are replaced by U+FFFD, so the text is valid UTF-8 when stored.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const stack: Frame[] = [];

  /** writes a scalar, or opens a container; false when the value is omitted (undefined/function in an object) */
  const open = (raw: unknown, inArray: boolean): boolean => {
    let v = raw;
    if (v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
      v = (v as { toJSON: () => unknown }).toJSON();
    }
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      if (inArray) out.push('null');
      return inArray;
    }
    if (v === null) out.push('null');
    else if (typeof v === 'string') out.push(JSON.stringify(wellFormed(v)));
    else if (typeof v === 'number') out.push(Number.isFinite(v) ? String(v) : 'null');
    else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
    else if (typeof v === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
    else {
      if (stack.length >= MAX_JSON_DEPTH) {
        throw new AppError('malformed_response', `The item is nested more than ${MAX_JSON_DEPTH} levels deep.`, {
          details: { reason: 'too_deep', maxDepth: MAX_JSON_DEPTH },
        });
      }
      if (Array.isArray(v)) {
        out.push('[');
        stack.push({ kind: 'array', items: v, next: 0 });
      } else {
        const obj = v as Record<string, unknown>;
        out.push('{');
        stack.push({ kind: 'object', obj, keys: orderedKeys(obj), next: 0, wrote: false });
      }
    }
    return true;
  };

  open(value, false);
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.kind === 'array') {
      if (top.next === top.items.length) {
        out.push(']');
        stack.pop();
        continue;
      }
      if (top.next > 0) out.push(',');
      open(top.items[top.next++], true);
    } else {
      if (top.next === top.keys.length) {
        out.push('}');
        stack.pop();
        continue;
      }
      const k = top.keys[top.next++]!;
      const v = top.obj[k];
      // key first, then the value; an omitted value takes its key back out
      const mark = out.length;
      out.push(`${top.wrote ? ',' : ''}${JSON.stringify(wellFormed(k))}:`);
      if (open(v, false)) top.wrote = true;
      else out.length = mark;
    }
  }
  return out.join('');
}

/** The version hash of an item: sha256 of the canonical JSON of its attributes and relationships. */
export function versionHash(attributesJson: string, relationshipsJson: string): string {
  return createHash('sha256')
    .update(`{"attributes":${attributesJson},"relationships":${relationshipsJson}}`)
    .digest('hex');
}
