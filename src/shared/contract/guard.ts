/**
 * Structural checks on a raw input before any schema sees it. Zod's strict objects already refuse unknown keys,
 * but records silently drop `__proto__`; and a deeply nested or huge payload should be refused before it costs
 * anything. The service runs this on every call, whatever the transport.
 */

export const RAW_INPUT_LIMITS = { depth: 8, keys: 2_000, stringLength: 100_000 } as const;

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

export type RawInputProblem = { path: string; problem: string };

export function checkRawInput(value: unknown): RawInputProblem | null {
  let keys = 0;
  const walk = (v: unknown, path: string, depth: number): RawInputProblem | null => {
    if (typeof v === 'string') {
      return v.length > RAW_INPUT_LIMITS.stringLength ? { path, problem: 'string too long' } : null;
    }
    if (v === null || typeof v !== 'object') {
      if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') {
        return { path, problem: `unsupported value type ${typeof v}` };
      }
      return null;
    }
    if (depth > RAW_INPUT_LIMITS.depth) return { path, problem: 'nested too deeply' };
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) {
      return { path, problem: 'only plain objects are accepted' };
    }
    for (const key of Reflect.ownKeys(v)) {
      if (typeof key === 'symbol') return { path, problem: 'symbol keys are not accepted' };
      if (forbiddenKeys.has(key)) return { path: path ? `${path}.${key}` : key, problem: 'forbidden key' };
      if (++keys > RAW_INPUT_LIMITS.keys) return { path, problem: 'too many keys' };
      const found = walk((v as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1);
      if (found) return found;
    }
    return null;
  };
  return walk(value, '', 0);
}
