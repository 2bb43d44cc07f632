import { z } from 'zod';

/**
 * The one error envelope every layer speaks: the Klaviyo client, the sync engine, the IPC bridge,
 * the CLI's --json output. `requestId` ties an error to the run (and log lines) that produced it.
 */
export const errorCodes = [
  // Klaviyo API classes (PRODUCT A3/A8)
  'auth', // 401 / invalid, revoked or expired key
  'forbidden', // 403, usually a scope the key lacks (details.missingScopes)
  'not_found',
  'invalid', // 400 / validation
  'throttled', // 429 after the retry budget
  'server', // 5xx after the retry budget
  'network',
  'timeout', // per-request timeout or caller deadline
  'malformed_response', // body did not parse or did not match the schema we rely on
  // application classes
  'cancelled',
  'validation', // bad input to our own API (IPC, CLI, CSV)
  'conflict',
  'busy', // e.g. a sync of that workspace already runs
  'keychain_unavailable',
  'storage', // SQLite / disk (full disk, read-only folder)
  'internal',
] as const;

export const ErrorCodeSchema = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCodeSchema>;

export const ErrorEnvelopeSchema = z.object({
  code: ErrorCodeSchema,
  message: z.string(),
  details: z.record(z.string(), z.unknown()).default({}),
  requestId: z.string(),
});
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** An Error that carries the envelope, so it can be thrown through ordinary code and serialised at the edge. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  requestId: string;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: Record<string, unknown>; requestId?: string; cause?: unknown } = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = opts.details ?? {};
    this.requestId = opts.requestId ?? '';
  }

  toEnvelope(): ErrorEnvelope {
    return { code: this.code, message: this.message, details: this.details, requestId: this.requestId };
  }
}

/** Turns anything thrown into an envelope without leaking stack traces or secrets into `details`. */
export function toErrorEnvelope(err: unknown, requestId: string): ErrorEnvelope {
  if (err instanceof AppError) {
    return { ...err.toEnvelope(), requestId: err.requestId || requestId };
  }
  if (err && typeof err === 'object' && 'name' in err && (err as Error).name === 'AbortError') {
    return { code: 'cancelled', message: 'The operation was cancelled.', details: {}, requestId };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: message || 'Unexpected error.', details: {}, requestId };
}
