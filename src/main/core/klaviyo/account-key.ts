import { createHash } from 'node:crypto';

/**
 * A stable name for "this key on this Klaviyo host", safe to log and to use as the rate-limiter registry key:
 * a hash, never the key itself. Two clients with the same base URL and key share one limiter.
 */
export function accountKeyFor(baseUrl: string, apiKey: string): string {
  let origin = baseUrl.trim();
  try {
    const u = new URL(baseUrl);
    origin = `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`.toLowerCase();
  } catch {
    // not a URL: hash the raw text, the caller will get a clear error from the client itself
  }
  const digest = createHash('sha256').update(origin).update('\n').update(apiKey).digest('hex');
  return `acct_${digest.slice(0, 24)}`;
}
