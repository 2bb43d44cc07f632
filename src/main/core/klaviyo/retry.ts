/**
 * Waiting rules after a failed attempt. Server hints come first (Retry-After, then the "Expected available in N
 * seconds" sentence of Klaviyo's throttled error), and we never wait less than our own jittered exponential
 * backoff: a hint of "0 seconds" from a busy server should not turn into a tight loop.
 */

/** Retry-After as milliseconds: delta-seconds (decimals allowed) or an HTTP-date. Null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number = Date.now()): number | null {
  if (value == null) return null;
  const text = value.trim();
  if (!text) return null;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

const HINT_RE = /expected available in\s+(\d+(?:\.\d+)?)\s*seconds?/i;

/** Klaviyo's 429 detail: "Request was throttled. Expected available in 1 second." → 1000. */
export function parseThrottleHint(details: Array<{ detail?: string | undefined }>): number | null {
  for (const e of details) {
    const m = e.detail ? HINT_RE.exec(e.detail) : null;
    if (m) return Math.round(Number(m[1]) * 1000);
  }
  return null;
}

export type BackoffOptions = {
  /** first delay before jitter, ms */
  baseMs: number;
  /** cap before jitter, ms */
  maxMs: number;
  /** [0,1): random source, injectable for tests */
  random?: () => number;
};

/**
 * "Equal jitter": half the exponential step is fixed, half random, so retries of many callers spread out
 * (no thundering herd after a shared 429) while the wait still grows with each attempt.
 * attempt is the number of the attempt that just failed (1-based).
 */
export function backoffDelay(attempt: number, opts: BackoffOptions): number {
  const random = opts.random ?? Math.random;
  const step = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/** The server's wish, if any, with where it came from (for the throttled-wait event). */
export function serverHint(
  headers: { get(name: string): string | null },
  errors: Array<{ detail?: string | undefined }>,
  nowMs: number = Date.now(),
): { ms: number; source: 'retry_after' | 'hint' } | null {
  // Headers.get is case-insensitive, which is what HTTP/2 lower-case names need.
  const header = parseRetryAfter(headers.get('retry-after'), nowMs);
  if (header !== null) return { ms: header, source: 'retry_after' };
  const hint = parseThrottleHint(errors);
  if (hint !== null) return { ms: hint, source: 'hint' };
  return null;
}
