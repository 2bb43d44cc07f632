import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content always gives equal text (and hash). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value as Record<string, unknown>).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortDeep(v);
    }
    return out;
  }
  return value;
}

/** The version hash of an item: sha256 of the canonical JSON of its attributes and relationships. */
export function versionHash(attributesJson: string, relationshipsJson: string): string {
  return createHash('sha256')
    .update(`{"attributes":${attributesJson},"relationships":${relationshipsJson}}`)
    .digest('hex');
}
