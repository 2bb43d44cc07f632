import { describe, expect, it } from 'vitest';
import { stringifyAnyDepth, writeJson } from '../../../shared/json';
import { canonicalJson, isTooDeep, MAX_JSON_DEPTH, versionHash } from './canonical';

/** the recursive definition the stored hashes were made with: the iterative one must write the same bytes */
function recursiveCanonical(value: unknown): string {
  const sortDeep = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortDeep);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) {
        const x = (v as Record<string, unknown>)[k];
        if (x !== undefined) out[k] = sortDeep(x);
      }
      return out;
    }
    return v;
  };
  return JSON.stringify(sortDeep(value));
}

/** a seeded random JSON value with the shapes Klaviyo sends (and a few it should not) */
function randomValue(seed: number): unknown {
  let s = seed >>> 0;
  const rnd = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const keys = ['a', 'b', 'Z', '10', '2', '0', '01', '-1', '1.5', 'name', 'é', '😀', '', '__proto__x', '4294967295'];
  const gen = (depth: number): unknown => {
    const r = rnd();
    if (depth > 5 || r < 0.35) {
      const pick = Math.floor(rnd() * 8);
      return [null, true, false, 0, -1.25e-7, 1e21, 'tekst "ze" \\ znakami\n\u0000', undefined][pick];
    }
    if (r < 0.65) return Array.from({ length: Math.floor(rnd() * 4) }, () => gen(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rnd() * 6); i > 0; i--) o[keys[Math.floor(rnd() * keys.length)]!] = gen(depth + 1);
    return o;
  };
  return gen(0);
}

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { k: v };
  return v;
};

describe('canonicalJson', () => {
  it('writes exactly what the recursive definition wrote, so no stored hash moves', () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const v = { root: randomValue(seed) };
      expect(canonicalJson(v), `seed ${seed}`).toBe(recursiveCanonical(v));
    }
    expect(canonicalJson({ b: 1, a: [undefined, () => 1], 10: 'x', 2: 'y', c: undefined })).toBe(
      recursiveCanonical({ b: 1, a: [undefined, () => 1], 10: 'x', 2: 'y', c: undefined }),
    );
  });

  it('canonicalises 20,000 levels of nesting without overflowing: the item is refused as too deep', () => {
    let err: unknown;
    try {
      canonicalJson({ definition: nested(20_000) });
    } catch (e) {
      err = e;
    }
    expect(isTooDeep(err)).toBe(true);
    expect(err).toMatchObject({ code: 'malformed_response', details: { maxDepth: MAX_JSON_DEPTH } });
  });

  it('keeps an item exactly at the depth limit (SQLite still reads it as JSON) and refuses one level more', () => {
    const atLimit = nested(MAX_JSON_DEPTH - 1); // + the attributes object itself
    expect(canonicalJson({ d: atLimit })).toBe(recursiveCanonical({ d: atLimit }));
    expect(() => canonicalJson({ d: [atLimit] })).toThrow(/nested more than 1000 levels/);
  });

  it('replaces lone surrogates by U+FFFD in strings and keys, and leaves valid pairs and NUL as sent', () => {
    expect(canonicalJson({ name: 'a\uD800b', ['k\uDC00']: 'ok 😀', nul: 'x\u0000y' })).toBe(
      '{"k\uFFFD":"ok 😀","name":"a\uFFFDb","nul":"x\\u0000y"}',
    );
    expect(Buffer.from(canonicalJson({ s: '\uDBFF' }), 'utf8').toString('utf8')).toBe('{"s":"\uFFFD"}');
  });

  it('gives equal content equal hashes whatever the key order', () => {
    const a = canonicalJson({ x: 1, y: { b: 2, a: 1 } });
    const b = canonicalJson({ y: { a: 1, b: 2 }, x: 1 });
    expect(versionHash(a, '{}')).toBe(versionHash(b, '{}'));
  });
});

describe('writeJson', () => {
  it('writes what JSON.stringify writes, keys in their own order', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const v = { root: randomValue(seed) };
      expect(writeJson(v), `seed ${seed}`).toBe(JSON.stringify(v));
    }
  });

  it('writes 20,000 levels where JSON.stringify overflows, and the text parses back', () => {
    const deep = nested(20_000);
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    const text = stringifyAnyDepth(deep);
    expect(text.length).toBeGreaterThan(20_000 * 4);
    expect(writeJson(JSON.parse(text))).toBe(text);
  });
});
