import { createHash } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { writeJson } from '../../../shared/json';
import { wellFormed } from '../../../shared/text';

/**
 * The deepest nesting of arrays and objects an item may have. SQLite's JSON functions treat a deeper document as
 * invalid, and every reader after the store (the bridge's JSON, the drawer's raw view) walks the value again, so
 * an item deeper than this is refused as that item's error instead of being stored.
 */
export const MAX_JSON_DEPTH = 1000;

/** `wellFormed` for a typed column that may hold no text. */
export function wellFormedOrNull(s: string | null): string | null {
  return s === null ? null : wellFormed(s);
}

/** the error of an item nested deeper than MAX_JSON_DEPTH */
export function isTooDeep(err: unknown): err is AppError {
  return err instanceof AppError && err.details.reason === 'too_deep';
}

const tooDeep = (maxDepth: number): never => {
  throw new AppError('malformed_response', `The item is nested more than ${maxDepth} levels deep.`, {
    details: { reason: 'too_deep', maxDepth },
  });
};

/**
 * JSON with object keys sorted at every level, so equal content always gives equal text (and hash); byte for byte
 * what `JSON.stringify` of a copy built with sorted keys wrote, so stored hashes do not move. Iterative, so nesting
 * cannot overflow the stack; deeper than MAX_JSON_DEPTH is the item's error. Lone surrogates in strings and keys
 * become U+FFFD, so the text is valid UTF-8 when stored.
 */
export function canonicalJson(value: unknown): string {
  return writeJson(value, { sortKeys: true, wellFormed: true, maxDepth: MAX_JSON_DEPTH, onTooDeep: tooDeep });
}

/** The version hash of an item: sha256 of the canonical JSON of its attributes and relationships. */
export function versionHash(attributesJson: string, relationshipsJson: string): string {
  return createHash('sha256')
    .update(`{"attributes":${attributesJson},"relationships":${relationshipsJson}}`)
    .digest('hex');
}
