import { z } from 'zod';
import { ErrorEnvelopeSchema, type ErrorEnvelope } from '../errors';

/** Every call answers with exactly this: plain data, so it survives structured clone, contextBridge and JSON. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: ErrorEnvelope };

export const FailureSchema = z.object({ ok: z.literal(false), error: ErrorEnvelopeSchema });

export function resultSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), FailureSchema]);
}

export function ok<T>(data: T): Result<T> {
  return { ok: true, data };
}

export function fail(error: ErrorEnvelope): Result<never> {
  return { ok: false, error };
}

/**
 * Thrown by `unwrap` on the page, so data hooks can use exceptions while still carrying the whole envelope
 * (code, message, details, requestId) to the error card.
 */
export class ApiError extends Error {
  readonly envelope: ErrorEnvelope;
  constructor(envelope: ErrorEnvelope) {
    super(envelope.message);
    this.name = 'ApiError';
    this.envelope = envelope;
  }
  get code() {
    return this.envelope.code;
  }
  get requestId() {
    return this.envelope.requestId;
  }
}

export async function unwrap<T>(result: Promise<Result<T>> | Result<T>): Promise<T> {
  const r = await result;
  if (r.ok) return r.data;
  throw new ApiError(r.error);
}
