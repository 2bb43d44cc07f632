import { randomUUID } from 'node:crypto';
import type { SimResponse } from './types';

/** One error in Klaviyo's JSON:API error envelope (plus the `status` and `meta` real responses carry). */
export type KlaviyoErrorItem = {
  id: string;
  status: number;
  code: string;
  title: string;
  detail: string;
  source?: { pointer?: string; parameter?: string; header?: string };
  links?: { type?: string };
  meta?: Record<string, unknown>;
};

export function errorResponse(
  status: number,
  code: string,
  title: string,
  detail: string,
  extra: { source?: KlaviyoErrorItem['source']; meta?: Record<string, unknown>; headers?: Record<string, string> } = {},
): SimResponse {
  const item: KlaviyoErrorItem = {
    id: randomUUID(),
    status,
    code,
    title,
    detail,
    source: extra.source ?? { pointer: '/data/' },
    ...(extra.meta ? { meta: extra.meta } : {}),
  };
  return { status, body: { errors: [item] }, ...(extra.headers ? { headers: extra.headers } : {}) };
}

/** A request the simulator rejects while handling it: thrown by handlers, turned into an error response. */
export class SimHttpError extends Error {
  constructor(readonly response: SimResponse) {
    const first = (response.body as { errors?: KlaviyoErrorItem[] } | undefined)?.errors?.[0];
    super(first?.detail ?? `HTTP ${response.status}`);
  }
}

export function invalidParam(parameter: string, detail: string): SimHttpError {
  return new SimHttpError(errorResponse(400, 'invalid', 'Invalid input.', detail, { source: { parameter } }));
}

export function invalidBody(pointer: string, detail: string): SimHttpError {
  return new SimHttpError(errorResponse(400, 'invalid', 'Invalid input.', detail, { source: { pointer } }));
}

export function notFound(detail: string): SimHttpError {
  return new SimHttpError(errorResponse(404, 'not_found', 'Not found.', detail));
}

export function conflict(detail: string): SimHttpError {
  return new SimHttpError(errorResponse(409, 'conflict', 'Conflict.', detail));
}
