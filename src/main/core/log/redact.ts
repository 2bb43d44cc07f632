/**
 * Redaction of anything secret-shaped, applied to every log line (message and fields) and available to
 * other layers that persist text which may have passed near a key (error envelopes stored with sync runs).
 *
 * Three nets, because no single one is enough:
 * - patterns: Klaviyo private keys (`pk_…`), Authorization header values, key-like query parameters and
 *   `"apiKey": "…"`-style pairs inside free text (a serialised request in an error message);
 * - field names: values under key/apiKey/secret/token/password/authorization/cookie… are dropped whatever
 *   they look like;
 * - known secrets: exact values the secret stores handed out (and their base64 / URL-encoded forms), so a
 *   key that does not look like `pk_…` is still caught.
 */

export const REDACTED = '[redacted]';

const PRIVATE_KEY_RE = /pk_[A-Za-z0-9]{8,}/g;
// "Authorization: Klaviyo-API-Key pk_…" or "authorization=…": everything up to the end of the value.
const AUTH_HEADER_RE = /(\b(?:proxy-)?authorization\b["']?\s*[:=]\s*["']?)[^"'\r\n,;}]+/gi;
// A bare scheme + credential without the header name (e.g. a copied curl line).
const AUTH_SCHEME_RE = /\b(Klaviyo-API-Key|Bearer|Basic)(\s+)(?!\[redacted\])[^\s"',;}]+/gi;
const QUERY_SECRET_RE =
  /([?&;](?:api[_-]?key|private[_-]?key|key|token|access[_-]?token|refresh[_-]?token|secret|client[_-]?secret|password)=)[^&#\s"']+/gi;
const PAIR_SECRET_RE =
  /(["']?\b(?:api[_-]?key|private[_-]?key|secret|client[_-]?secret|token|access[_-]?token|refresh[_-]?token|password|passwd)["']?\s*[:=]\s*["'])[^"']*/gi;

const SENSITIVE_NAMES = new Set([
  'key',
  'apikey',
  'xapikey',
  'privatekey',
  'secret',
  'clientsecret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'credential',
  'credentials',
]);
const SENSITIVE_SUFFIXES = ['apikey', 'privatekey', 'secret', 'token', 'password', 'passphrase'];

/** True when a field of this name holds a secret by its name alone (`apiKey`, `x-api-key`, `clientSecret`…). */
export function isSensitiveFieldName(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SENSITIVE_NAMES.has(n)) return true;
  return SENSITIVE_SUFFIXES.some((s) => n.endsWith(s));
}

const knownSecrets = new Set<string>();
// The shortest secret we register: below this an exact-match replace would mangle ordinary text.
const MIN_KNOWN_SECRET = 8;

/** Every textual form in which a secret could end up in a file: as is, base64 (both alphabets), URL-encoded. */
export function encodedForms(secret: string): string[] {
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  const forms = new Set([
    secret,
    b64,
    b64.replace(/=+$/, ''),
    Buffer.from(secret, 'utf8').toString('base64url'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
  ]);
  return [...forms].filter((f) => f.length >= MIN_KNOWN_SECRET);
}

/**
 * Remember a secret value for this process so every later log line drops it, whatever its shape.
 * The secret stores call this for each value they read or write.
 */
export function registerSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < MIN_KNOWN_SECRET) return;
  for (const form of encodedForms(secret)) knownSecrets.add(form);
}

/** Replaces every secret-shaped part of a string. */
export function redactString(input: string): string {
  let out = input;
  if (knownSecrets.size > 0) {
    // Longest first, so a base64 form is not half-replaced by a shorter form contained in it.
    for (const s of [...knownSecrets].sort((a, b) => b.length - a.length)) {
      if (out.includes(s)) out = out.split(s).join(REDACTED);
    }
  }
  return out
    .replace(AUTH_HEADER_RE, `$1${REDACTED}`)
    .replace(AUTH_SCHEME_RE, `$1$2${REDACTED}`)
    .replace(PRIVATE_KEY_RE, `pk_${REDACTED}`)
    .replace(QUERY_SECRET_RE, `$1${REDACTED}`)
    .replace(PAIR_SECRET_RE, `$1${REDACTED}`);
}

const MAX_DEPTH = 8;

function serialiseError(err: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  const extra = err as Error & { code?: unknown; details?: unknown; requestId?: unknown; status?: unknown };
  if (extra.code !== undefined) out.code = extra.code;
  if (extra.status !== undefined) out.status = extra.status;
  if (extra.requestId) out.requestId = extra.requestId;
  if (extra.details !== undefined) out.details = extra.details;
  if (err.name !== 'AppError' && err.stack) out.stack = err.stack;
  if (err.cause !== undefined) out.cause = err.cause;
  return redactValue(out, seen, depth) as Record<string, unknown>;
}

/**
 * A deep copy of `value` that is safe to write anywhere: strings redacted, secret-named fields dropped,
 * Errors turned into plain objects, cycles and excessive depth cut.
 */
export function redactValue(value: unknown, seen: WeakSet<object> = new WeakSet(), depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'function' || typeof value === 'symbol') return undefined;
    return value;
  }
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[depth]';
  seen.add(value);
  try {
    if (value instanceof Error) return serialiseError(value, seen, depth + 1);
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
    if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
    if (value instanceof Map) return redactValue(Object.fromEntries(value), seen, depth + 1);
    if (value instanceof Set) return redactValue([...value], seen, depth + 1);
    if (value instanceof URL) return redactString(value.toString());
    if (value instanceof Headers) return redactValue(Object.fromEntries(value.entries()), seen, depth + 1);
    if (Array.isArray(value)) return value.map((v) => redactValue(v, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      // A flag such as `hasApiKey: true` cannot carry a secret; anything else under a secret name goes.
      const keep = v === null || v === '' || typeof v === 'boolean' || !isSensitiveFieldName(k);
      out[k] = keep ? redactValue(v, seen, depth + 1) : REDACTED;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
