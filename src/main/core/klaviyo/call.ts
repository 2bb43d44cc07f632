import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { classify, type Classified } from './classify';
import type { RequestOptions } from './client-types';
import { clientError, type CallContext } from './errors';
import type { KlaviyoEvent } from './events';
import { GateDeadline, type PriorityGate } from './gate';
import { attempt, type AttemptOutcome, type FetchLike } from './http';
import { LimiterRefusal, type Permit, type RateFeedback, type RateLimiter } from './limiter';
import { backoffDelay } from './retry';
import { JsonApiDocumentSchema, type JsonApiDocument } from './schemas';
import { effectiveRateLimit, type OperationSpec, type OperationTable } from './spec/operations';
import { buildUrl, type UrlContext } from './url';

/** Everything one client's calls share: where, who, how long, how often, and where events go. */
export type CallSettings = UrlContext & {
  table: OperationTable;
  apiKey: string;
  revision: string;
  fetchImpl: FetchLike;
  requestTimeoutMs: number;
  maxAttempts: number;
  backoff: { baseMs: number; maxMs: number; random?: () => number };
  maxRetryWaitMs: number;
  limiter: RateLimiter;
  gate: PriorityGate;
  emit: (e: KlaviyoEvent) => void;
};

function isIdempotent(op: OperationSpec): boolean {
  // Report queries are POSTs that change nothing; tag (un)linking is a set operation.
  return op.method === 'GET' || op.method === 'DELETE' || op.method === 'PUT' || op.operationId.startsWith('query_');
}

function toDeadline(d: number | Date | undefined): number {
  if (d === undefined) return Infinity;
  return d instanceof Date ? d.getTime() : d;
}

function headerNumber(headers: Headers, name: string): number | null {
  const raw = headers.get(name);
  if (raw == null) return null;
  const m = /^\s*(\d+(?:\.\d+)?)/.exec(raw);
  return m ? Number(m[1]) : null;
}

/** A success's RateLimit-* headers tell the limiter where the server's steady window stands. */
function rateFeedback(out: AttemptOutcome | undefined): RateFeedback | undefined {
  if (out?.kind !== 'response' || out.status < 200 || out.status >= 300) return undefined;
  const reset = headerNumber(out.headers, 'ratelimit-reset');
  return {
    limit: headerNumber(out.headers, 'ratelimit-limit'),
    remaining: headerNumber(out.headers, 'ratelimit-remaining'),
    resetMs: reset === null ? null : reset * 1000,
    // whole seconds (real Klaviyo) may be rounded up by almost a second
    resetPrecisionMs: /^\s*\d+\s*$/.test(out.headers.get('ratelimit-reset') ?? '') ? 1000 : 1,
  };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

type Slot = { permit: Permit; releaseGate: () => void };

/** a rate-limit permit, then a place among the requests in flight; mapped to the call's error when refused */
async function acquireSlot(
  s: CallSettings,
  key: string,
  limit: ReturnType<typeof effectiveRateLimit>['limit'],
  ctx: CallContext,
  opts: { signal?: AbortSignal; deadline: number; priority: number },
): Promise<Slot> {
  let permit: Permit;
  try {
    permit = await s.limiter.acquire(key, limit, { signal: opts.signal, deadline: opts.deadline });
  } catch (err) {
    if (err instanceof LimiterRefusal) {
      const code = err.kind === 'cancelled' ? 'cancelled' : err.kind === 'deadline' ? 'timeout' : 'throttled';
      const extra = err.kind === 'deadline' ? { deadlineReached: true } : { reason: err.kind };
      throw clientError(code, err.message, ctx, { ...err.details, ...extra });
    }
    throw err;
  }
  if (permit.waitedMs > 0) {
    s.emit({
      type: 'throttled_wait',
      requestId: s.requestId,
      operationId: ctx.operationId,
      rateLimitKey: key,
      waitMs: permit.waitedMs,
      reason: permit.reason === 'penalty' ? 'penalty' : 'pacing',
    });
  }
  try {
    const releaseGate = await s.gate.acquire(opts.priority, opts.signal, opts.deadline);
    return { permit, releaseGate };
  } catch (err) {
    permit.release();
    if (err instanceof GateDeadline) throw clientError('timeout', err.message, ctx, { deadlineReached: true });
    throw clientError('cancelled', 'The call was cancelled.', ctx, {});
  }
}

type RetryPlan = { giveUp: boolean; delay: number; waitReason: 'retry_after' | 'hint' | 'backoff' };

/** after a failed attempt: give up, or wait how long (the server's hint or our backoff, whichever is longer) */
function planRetry(
  s: CallSettings,
  result: Extract<Classified, { ok: false }>,
  n: number,
  rate: { key: string; limit: ReturnType<typeof effectiveRateLimit>['limit'] },
  deadline: number,
): RetryPlan {
  const { error } = result;
  if (!result.retryable || n >= s.maxAttempts) return { giveUp: true, delay: 0, waitReason: 'backoff' };
  const own = backoffDelay(n, s.backoff);
  let delay = own;
  let waitReason: RetryPlan['waitReason'] = 'backoff';
  if (result.hint && result.hint.ms >= own) {
    delay = result.hint.ms;
    waitReason = result.hint.source;
  }
  // Everyone on this key waits for the server's window, not only the caller that was refused.
  if (result.status === 429) s.limiter.penalize(rate.key, rate.limit, Date.now() + (result.hint?.ms ?? own));
  if (delay > s.maxRetryWaitMs) {
    error.details.retryAfterMs = delay;
    error.details.gaveUp = 'wait_too_long';
    return { giveUp: true, delay, waitReason };
  }
  if (Date.now() + delay >= deadline) {
    error.details.deadlineReached = true;
    error.details.retryAfterMs = delay;
    return { giveUp: true, delay, waitReason };
  }
  return { giveUp: false, delay, waitReason };
}

function headersFor(s: CallSettings, hasBody: boolean): Record<string, string> {
  return {
    Authorization: `Klaviyo-API-Key ${s.apiKey}`,
    revision: s.revision,
    Accept: 'application/vnd.api+json',
    'X-Request-Id': s.requestId,
    'User-Agent': 'klaviyo-audit-desk',
    ...(hasBody ? { 'Content-Type': 'application/vnd.api+json' } : {}),
  };
}

/** One call with pacing, retries and error mapping (see README: Pacing, Retries and errors). */
export async function callOperation<T = JsonApiDocument>(
  s: CallSettings,
  operationId: string,
  opts: RequestOptions<T> = {},
): Promise<T> {
  let op: OperationSpec;
  try {
    op = s.table.get(operationId);
  } catch {
    throw new AppError('validation', `Unknown Klaviyo operation "${operationId}".`, { requestId: s.requestId });
  }
  const url = buildUrl(s, op, opts as RequestOptions<unknown>);
  const u = new URL(url);
  const rate = effectiveRateLimit(op, u.searchParams);
  const deadline = toDeadline(opts.deadline);
  const idempotent = opts.idempotent ?? isIdempotent(op);
  const schema = (opts.schema ?? JsonApiDocumentSchema) as z.ZodType<T>;
  const ctx: CallContext = {
    requestId: s.requestId,
    server: s.server,
    operationId,
    method: op.method,
    path: u.pathname + u.search,
    attempt: 0,
  };
  const lazyBody = typeof opts.bodyJson === 'function' ? opts.bodyJson : null;
  let body =
    typeof opts.bodyJson === 'function'
      ? undefined
      : (opts.bodyJson ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined));
  const headers = headersFor(s, lazyBody !== null || body !== undefined);
  const base = { requestId: s.requestId, operationId, method: op.method, path: ctx.path };

  for (let n = 1; ; n++) {
    ctx.attempt = n;
    if (Date.now() >= deadline) {
      throw clientError('timeout', 'The call ran into its deadline.', ctx, { deadlineReached: true });
    }
    const slot = await acquireSlot(s, rate.key, rate.limit, ctx, {
      signal: opts.signal,
      deadline,
      priority: opts.priority ?? 0,
    });
    s.emit({ type: 'request_started', ...base, attempt: n, at: Date.now() });
    let out: AttemptOutcome | undefined;
    try {
      if (lazyBody) body ??= lazyBody();
      out = await attempt({
        fetch: s.fetchImpl,
        url,
        method: op.method,
        headers,
        body,
        timeoutMs: s.requestTimeoutMs,
        deadline,
        signal: opts.signal,
      });
    } finally {
      slot.releaseGate();
      slot.permit.release(rateFeedback(out));
    }
    const result = classify(out, ctx, op, idempotent, schema, s.requestTimeoutMs);
    const finished = { type: 'request_finished' as const, ...base, attempt: n, status: out.status };
    if (result.ok) {
      s.emit({ ...finished, durationMs: out.durationMs, outcome: 'ok' });
      return result.document as T;
    }
    const { error } = result;
    const plan = planRetry(s, result, n, rate, deadline);
    s.emit({
      ...finished,
      durationMs: out.durationMs,
      outcome: plan.giveUp ? 'error' : 'retry',
      errorCode: error.code,
    });
    if (plan.giveUp) throw error;
    s.emit({
      type: 'retry',
      requestId: s.requestId,
      operationId,
      attempt: n,
      delayMs: plan.delay,
      status: out.status,
      errorCode: error.code,
    });
    s.emit({
      type: 'throttled_wait',
      requestId: s.requestId,
      operationId,
      rateLimitKey: rate.key,
      waitMs: plan.delay,
      reason: plan.waitReason,
    });
    if (!(await sleep(plan.delay, opts.signal))) {
      throw clientError('cancelled', 'The call was cancelled.', ctx, {});
    }
  }
}
