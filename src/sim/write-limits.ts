import { invalidBody } from './errors';

/**
 * Limits the bulk write endpoints state in their descriptions (spec revision 2026-07-15): a profile import job takes
 * at most 10,000 profiles and 100 KB per profile; an event bulk job at most 1,000 events; no string in a request
 * may exceed 100 KB; a body at most 5 MB (server.ts); an event's time lies after 1990 and at most a year ahead.
 */
export const MAX_PROFILES_PER_JOB = 10_000;
export const MAX_EVENTS_PER_JOB = 1_000;
export const MAX_PROFILE_BYTES = 100 * 1024;
export const MAX_STRING_BYTES = 100 * 1024;

const EARLIEST_EVENT = Date.parse('1990-01-01T00:00:00Z');
const YEAR_MS = 366 * 86_400_000;

/** Klaviyo refuses an address it cannot deliver to: one @, a dotted domain, no spaces or quotes. */
const EMAIL_RE = /^[^\s@"<>(),;:\\[\]]+@[^\s@"<>(),;:\\[\]]+\.[A-Za-z]{2,}$/;

export function validEmail(v: unknown): boolean {
  return typeof v === 'string' && EMAIL_RE.test(v) && !v.includes('..');
}

/** The first string longer than 100 KB inside a value, as a JSON pointer below `pointer`; null when none. */
export function oversizeString(v: unknown, pointer: string): string | null {
  if (typeof v === 'string') return Buffer.byteLength(v) > MAX_STRING_BYTES ? pointer : null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = oversizeString(v[i], `${pointer}/${i}`);
      if (hit) return hit;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const hit = oversizeString(x, `${pointer}/${k}`);
      if (hit) return hit;
    }
  }
  return null;
}

export function checkNoOversizeString(v: unknown, pointer: string): void {
  const hit = oversizeString(v, pointer);
  if (hit) throw invalidBody(hit, 'A single string cannot exceed 100KB.');
}

export function checkProfileSize(attrs: unknown, pointer: string): void {
  if (Buffer.byteLength(JSON.stringify(attrs ?? null)) > MAX_PROFILE_BYTES)
    throw invalidBody(pointer, 'The maximum allowed payload size per-profile is 100KB.');
}

/** An event's time, or a 400 naming it when it is unreadable, before 1990 or more than a year ahead. */
export function eventTime(raw: unknown, now: number, pointer: string): number {
  if (raw === undefined || raw === null) return now;
  const t = Date.parse(String(raw));
  if (Number.isNaN(t)) throw invalidBody(`${pointer}/time`, 'Invalid time.');
  if (t < EARLIEST_EVENT || t > now + YEAR_MS)
    throw invalidBody(`${pointer}/time`, 'The event time must be after 1990 and no more than a year in the future.');
  return t;
}
