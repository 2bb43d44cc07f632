import { wellFormed } from './text';

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const isArrayIndex = (k: string) => ARRAY_INDEX.test(k) && Number(k) < 2 ** 32 - 1;

/**
 * Keys in the order JSON.stringify writes an object built by inserting them sorted: integer-like keys first in
 * numeric order (JavaScript objects keep those first), then the others sorted.
 */
function sortedKeys(obj: Record<string, unknown>): string[] {
  const ints: string[] = [];
  const rest: string[] = [];
  // Object.keys lists integer-like keys first, ascending
  for (const k of Object.keys(obj)) (isArrayIndex(k) ? ints : rest).push(k);
  return ints.concat(rest.sort());
}

export type WriteJsonOptions = {
  /** keys sorted at every level (see sortedKeys), so equal content always gives equal text */
  sortKeys?: boolean;
  /** lone surrogates in strings and keys written as U+FFFD, so the text has a UTF-8 form */
  wellFormed?: boolean;
  /** the deepest nesting of arrays and objects; deeper calls onTooDeep (default: unbounded) */
  maxDepth?: number;
  onTooDeep?: (maxDepth: number) => never;
};

type Frame =
  | { kind: 'array'; items: readonly unknown[]; next: number }
  | { kind: 'object'; obj: Record<string, unknown>; keys: string[]; next: number; wrote: boolean };

/**
 * JSON.stringify's output for JSON-like values, written with an explicit stack instead of the call stack, so no
 * depth of nesting can overflow it (JSON.stringify throws a RangeError at a few thousand levels).
 */
export function writeJson(value: unknown, opts: WriteJsonOptions = {}): string {
  const out: string[] = [];
  const stack: Frame[] = [];
  const maxDepth = opts.maxDepth ?? Infinity;
  const str = (s: string) => JSON.stringify(opts.wellFormed ? wellFormed(s) : s);

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
    else if (typeof v === 'string') out.push(str(v));
    else if (typeof v === 'number') out.push(Number.isFinite(v) ? String(v) : 'null');
    else if (typeof v === 'boolean') out.push(v ? 'true' : 'false');
    else if (typeof v === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
    else {
      if (stack.length >= maxDepth) {
        if (opts.onTooDeep) opts.onTooDeep(maxDepth);
        throw new RangeError(`nested more than ${maxDepth} levels deep`);
      }
      if (Array.isArray(v)) {
        out.push('[');
        stack.push({ kind: 'array', items: v, next: 0 });
      } else {
        const obj = v as Record<string, unknown>;
        out.push('{');
        stack.push({
          kind: 'object',
          obj,
          keys: opts.sortKeys ? sortedKeys(obj) : Object.keys(obj),
          next: 0,
          wrote: false,
        });
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
      // key first, then the value; an omitted value takes its key back out
      const mark = out.length;
      out.push(`${top.wrote ? ',' : ''}${str(k)}:`);
      if (open(top.obj[k], false)) top.wrote = true;
      else out.length = mark;
    }
  }
  return out.join('');
}

/** JSON.stringify, falling back to the iterative writer when the value is nested too deep for the call stack. */
export function stringifyAnyDepth(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch (err) {
    if (err instanceof RangeError) return writeJson(value);
    throw err;
  }
}
