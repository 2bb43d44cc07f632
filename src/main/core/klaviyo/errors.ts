import { AppError, type ErrorCode } from '../../../shared/errors';
import { ErrorDocumentSchema, type ApiError } from './schemas';

/** Context every client error carries, so a log line or the UI can say which call failed and how often it tried. */
export type CallContext = {
  requestId: string;
  /** who answers, as messages name it: "Klaviyo", or the simulator serving the demo workspace */
  server: string;
  operationId: string;
  method: string;
  /** path and query without origin: never contains the key (it travels only in the Authorization header) */
  path: string;
  attempt: number;
};

const KEY_SHAPED = /pk_[A-Za-z0-9]{6,}/g;

/** Belt and braces: nothing we put in an error may contain something shaped like a private key. */
export function redact(text: string): string {
  return text.replace(KEY_SHAPED, 'pk_[redacted]');
}

function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map(redactDeep);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]));
  }
  return value;
}

export function clientError(
  code: ErrorCode,
  message: string,
  ctx: CallContext,
  details: Record<string, unknown> = {},
  cause?: unknown,
): AppError {
  return new AppError(code, redact(message), {
    requestId: ctx.requestId,
    details: redactDeep({
      operationId: ctx.operationId,
      method: ctx.method,
      path: ctx.path,
      attempts: ctx.attempt,
      ...details,
    }) as Record<string, unknown>,
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Statuses worth another attempt (Klaviyo's SDKs agree on 429/503/504/524; 500/502 are not transient there). */
export const RETRYABLE_STATUSES = new Set([429, 503, 504, 524]);

export function parseErrorDocument(body: unknown): ApiError[] {
  const parsed = ErrorDocumentSchema.safeParse(body);
  return parsed.success ? parsed.data.errors : [];
}

const SCOPE_RE = /\b([a-z][a-z-]*:(?:read|write|full))\b/g;

/** Scopes named in a 403's detail, e.g. "… requires the forms:read scope" → ['forms:read']. */
export function parseMissingScopes(errors: ApiError[]): string[] {
  const found = new Set<string>();
  for (const e of errors) {
    for (const text of [e.detail, e.title]) {
      if (!text) continue;
      for (const m of text.matchAll(SCOPE_RE)) found.add(m[1]!);
    }
  }
  return [...found];
}

const STATUS_CODE: Record<number, ErrorCode> = {
  400: 'invalid',
  401: 'auth',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'not_found',
  429: 'throttled',
};

function codeForStatus(status: number, errors: ApiError[]): ErrorCode {
  const klaviyoCodes = errors.map((e) => (e.code ?? '').toLowerCase());
  // Older revisions answered a bad key with 400/403 and an authentication code: that is still an auth failure.
  if (klaviyoCodes.some((c) => c === 'not_authenticated' || c === 'authentication_failed')) return 'auth';
  if (klaviyoCodes.some((c) => c === 'throttled')) return 'throttled';
  const mapped = STATUS_CODE[status];
  if (mapped) return mapped;
  if (status >= 500) return 'server';
  return 'invalid';
}

/** Who answers a client, as its messages name it: Klaviyo, or the simulator the app serves its demo workspace from. */
export const SERVER_NAMES = { klaviyo: 'Klaviyo', demoSimulator: 'the demo simulator' } as const;

/** The name of who answers at the start of a sentence ("Klaviyo", "The demo simulator"). */
export function serverAtStart(server: string): string {
  return server.charAt(0).toUpperCase() + server.slice(1);
}

function messageFor(code: ErrorCode, status: number, server: string): string {
  const who = serverAtStart(server);
  switch (code) {
    case 'auth':
      return `${who} rejected the API key (invalid, revoked or expired).`;
    case 'forbidden':
      return 'The API key lacks a scope this call needs.';
    case 'not_found':
      return `${who} does not know this resource.`;
    case 'invalid':
      return `${who} rejected the request as invalid.`;
    case 'conflict':
      return `${who} reported a conflict.`;
    case 'throttled':
      return `${who} kept throttling this call (rate limit).`;
    case 'server':
      return `${who} answered with a server error.`;
    default:
      return `${who} answered HTTP ${status}.`;
  }
}

/** Maps a non-2xx answer to the envelope: status, Klaviyo's codes/titles, the offending parameter, missing scopes. */
export function errorFromResponse(
  status: number,
  body: unknown,
  ctx: CallContext,
  opScopes: string[],
  extra: Record<string, unknown> = {},
): AppError {
  const errors = parseErrorDocument(body);
  const code = codeForStatus(status, errors);
  const first = errors[0];
  const details: Record<string, unknown> = {
    status,
    klaviyoErrors: errors.map((e) => ({
      code: e.code,
      title: e.title,
      detail: e.detail,
      ...(e.source?.parameter ? { parameter: e.source.parameter } : {}),
      ...(e.source?.pointer ? { pointer: e.source.pointer } : {}),
    })),
    ...extra,
  };
  if (first?.source?.parameter) details.parameter = first.source.parameter;
  if (first?.source?.pointer) details.pointer = first.source.pointer;
  if (code === 'forbidden') {
    const named = parseMissingScopes(errors);
    // When the detail names no scope, the operation's declared scopes are the honest best guess.
    details.missingScopes = named.length ? named : opScopes;
    if (!named.length) details.missingScopesInferred = true;
  }
  const base = messageFor(code, status, ctx.server);
  const detail = first?.detail ?? first?.title;
  return clientError(code, detail ? `${base} ${detail}` : `${base} (HTTP ${status})`, ctx, details);
}
