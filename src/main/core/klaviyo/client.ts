import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { accountKeyFor } from './account-key';
import { clientError, errorFromResponse, parseErrorDocument, RETRYABLE_STATUSES, type CallContext } from './errors';
import { CounterSink, type ClientCounters, type KlaviyoEvent } from './events';
import { GateDeadline, PriorityGate } from './gate';
import { attempt, type AttemptOutcome, type FetchLike } from './http';
import { LimiterRefusal, limiterFor, type RateLimiter } from './limiter';
import { backoffDelay, serverHint } from './retry';
import { CollectionDocumentSchema, describeIssue, JsonApiDocumentSchema, type JsonApiDocument } from './schemas';
import { effectiveRateLimit, operationTable, type OperationSpec, type OperationTable } from './spec/operations';

export type QueryValue = string | number | boolean | ReadonlyArray<string | number> | null | undefined;
export type QueryInput = Record<string, QueryValue>;

export type KlaviyoClientOptions = {
  /** e.g. https://a.klaviyo.com or the simulator's http://127.0.0.1:PORT */
  baseUrl: string;
  apiKey: string;
  /** the run's id: sent as X-Request-Id on every call and carried by every error and event */
  requestId: string;
  /** revision header (default: the bundled spec's) */
  revision?: string;
  /** 60 → every rate-limit window and our own backoff 60× shorter, as in the simulator (default 1) */
  timeScale?: number;
  /** per-attempt limit, ms (default 30 s) */
  requestTimeoutMs?: number;
  /** attempts per call, first one included (default 6) */
  maxAttempts?: number;
  fetch?: FetchLike;
  /** the account's shared limiter (default: limiterFor(accountKeyFor(baseUrl, apiKey), { timeScale })) */
  limiter?: RateLimiter;
  onEvent?: (event: KlaviyoEvent) => void;
  /** first backoff step, ms before time scaling (default 1000) */
  backoffBaseMs?: number;
  /** backoff cap, ms before time scaling (default 60 000) */
  backoffMaxMs?: number;
  /** a server asking for a longer pause than this (ms before time scaling, default 120 000) ends the call as throttled */
  maxRetryWaitMs?: number;
  /** [0,1) random source for jitter (tests) */
  random?: () => number;
  /** operation table (default: the bundled spec) */
  operations?: OperationTable;
  /** requests in flight at once across all operations, granted by `priority` (default 8) */
  maxInFlight?: number;
};

export type RequestOptions<T = JsonApiDocument> = {
  /** values for the path template, e.g. { id: 'XyZ' } for /api/flows/{id} */
  path?: Record<string, string>;
  query?: QueryInput;
  /** absolute URL to call as is (a `links.next`); must be on the client's base URL */
  url?: string;
  /** JSON body (sent as application/vnd.api+json) */
  body?: unknown;
  signal?: AbortSignal;
  /** the call (with its waits and retries) ends by then: epoch ms or Date */
  deadline?: number | Date;
  /** may a network failure or gateway timeout be retried? default: GET, DELETE and the query_* report POSTs */
  idempotent?: boolean;
  /** what to validate the body against (default: any JSON:API document) */
  schema?: z.ZodType<T>;
  /** lower goes first when more calls are ready than `maxInFlight` allows (default 0) */
  priority?: number;
};

export type KlaviyoClient = {
  readonly requestId: string;
  readonly accountKey: string;
  readonly baseUrl: string;
  readonly revision: string;
  readonly timeScale: number;
  readonly limiter: RateLimiter;
  readonly operations: OperationTable;
  /** One call with pacing, retries and error mapping. A 204 answer resolves to `{ data: null }`. */
  request<T = JsonApiDocument>(operationId: string, opts?: RequestOptions<T>): Promise<T>;
  /** Pages of a list operation, following links.next verbatim, one page in memory at a time. */
  paginate(operationId: string, opts?: PaginateOptions): AsyncIterable<Page>;
  counters(): ClientCounters;
  resetCounters(): void;
  /** Same account, limiter and settings, another run id (events go to the same onEvent). */
  withRequestId(requestId: string): KlaviyoClient;
};

export type PaginateOptions = Omit<RequestOptions, 'url' | 'schema' | 'body'> & {
  /** reject a page whose resources are not of this type */
  expectType?: string;
  /** resume a listing at a links.next saved earlier (a checkpoint) instead of building the first URL */
  startUrl?: string;
};

export type Page = {
  operationId: string;
  /** 0-based page number within this listing */
  index: number;
  data: Array<{
    type: string;
    id: string;
    attributes: Record<string, unknown>;
    relationships?: Record<string, unknown>;
  }>;
  included: Array<{
    type: string;
    id: string;
    attributes: Record<string, unknown>;
    relationships?: Record<string, unknown>;
  }>;
  /** links.next of this page, null on the last one */
  next: string | null;
  meta?: Record<string, unknown> | undefined;
};

const DEFAULTS = {
  requestTimeoutMs: 30_000,
  maxAttempts: 6,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  maxRetryWaitMs: 120_000,
};

function encodeQuery(query: QueryInput | undefined): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    const value = Array.isArray(v) ? v.join(',') : String(v);
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(value)}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

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

type Classified =
  | { ok: true; document: unknown }
  | {
      ok: false;
      error: AppError;
      retryable: boolean;
      status: number | null;
      hint: { ms: number; source: 'retry_after' | 'hint' } | null;
    };

export function createKlaviyoClient(
  options: KlaviyoClientOptions,
  shared?: { sink: CounterSink; gate: PriorityGate },
): KlaviyoClient {
  const table = options.operations ?? operationTable();
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new AppError('validation', `Not a valid Klaviyo base URL: "${options.baseUrl}"`, {
      requestId: options.requestId,
    });
  }
  const baseUrl = base.toString().replace(/\/+$/, '');
  if (!options.apiKey) throw new AppError('validation', 'An API key is required.', { requestId: options.requestId });
  const timeScale = options.timeScale ?? options.limiter?.timeScale ?? 1;
  const accountKey = accountKeyFor(baseUrl, options.apiKey);
  const limiter = options.limiter ?? limiterFor(accountKey, { timeScale });
  if (limiter.timeScale !== timeScale) {
    throw new AppError('validation', `The shared limiter runs at time scale ${limiter.timeScale}, not ${timeScale}.`, {
      requestId: options.requestId,
    });
  }
  const revision = options.revision ?? table.revision;
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs;
  const maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts);
  const backoff = {
    baseMs: (options.backoffBaseMs ?? DEFAULTS.backoffBaseMs) / timeScale,
    maxMs: (options.backoffMaxMs ?? DEFAULTS.backoffMaxMs) / timeScale,
    ...(options.random ? { random: options.random } : {}),
  };
  const maxRetryWaitMs = (options.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs) / timeScale;
  const sink = shared?.sink ?? new CounterSink();
  const gate = shared?.gate ?? new PriorityGate(options.maxInFlight ?? 8);
  const requestId = options.requestId;

  const emit = (e: KlaviyoEvent) => {
    sink.record(e);
    if (options.onEvent) {
      try {
        options.onEvent(e);
      } catch {
        // a listener's bug must not break the call it listens to
      }
    }
  };

  function buildUrl(op: OperationSpec, opts: RequestOptions<unknown>): string {
    if (opts.url) {
      let u: URL;
      try {
        u = new URL(opts.url);
      } catch {
        throw new AppError('malformed_response', 'Klaviyo sent a next-page link that is not a URL.', {
          requestId,
          details: { operationId: op.operationId },
        });
      }
      // The key travels with every call: never to another host than the one the user configured.
      if (u.origin !== base.origin) {
        throw new AppError('malformed_response', 'Klaviyo sent a next-page link to another host; not following it.', {
          requestId,
          details: { operationId: op.operationId, host: u.host },
        });
      }
      const matched = table.match(op.method, u.pathname);
      if (!matched || matched.op.operationId !== op.operationId) {
        throw new AppError('malformed_response', 'Klaviyo sent a next-page link for another endpoint.', {
          requestId,
          details: { operationId: op.operationId, path: u.pathname },
        });
      }
      return opts.url;
    }
    let p = op.path;
    for (const name of op.pathParams) {
      const v = opts.path?.[name];
      if (!v) {
        throw new AppError('validation', `${op.operationId} needs the path parameter "${name}".`, {
          requestId,
          details: { operationId: op.operationId },
        });
      }
      p = p.replace(`{${name}}`, encodeURIComponent(v));
    }
    for (const name of Object.keys(opts.query ?? {})) {
      if (!op.queryParams.includes(name)) {
        throw new AppError('validation', `${op.operationId} has no query parameter "${name}".`, {
          requestId,
          details: { operationId: op.operationId, parameter: name },
        });
      }
    }
    const size = opts.query?.['page[size]'];
    if (op.pageSize && typeof size === 'number' && (size < op.pageSize.min || size > op.pageSize.max)) {
      throw new AppError('validation', `${op.operationId} takes page[size] ${op.pageSize.min}–${op.pageSize.max}.`, {
        requestId,
        details: { operationId: op.operationId, parameter: 'page[size]' },
      });
    }
    return `${baseUrl}${p}${encodeQuery(opts.query)}`;
  }

  function classify<T>(
    out: AttemptOutcome,
    ctx: CallContext,
    op: OperationSpec,
    idempotent: boolean,
    schema: z.ZodType<T>,
  ): Classified {
    if (out.kind === 'failure') {
      const d = { status: out.status, cause: out.message };
      switch (out.reason) {
        case 'cancelled':
          return {
            ok: false,
            retryable: false,
            status: null,
            hint: null,
            error: clientError('cancelled', 'The call was cancelled.', ctx, d),
          };
        case 'deadline':
          return {
            ok: false,
            retryable: false,
            status: out.status,
            hint: null,
            error: clientError('timeout', 'The call ran into its deadline.', ctx, { ...d, deadlineReached: true }),
          };
        case 'timeout':
          return {
            ok: false,
            retryable: idempotent,
            status: out.status,
            hint: null,
            error: clientError('timeout', `Klaviyo did not answer within ${requestTimeoutMs} ms.`, ctx, {
              ...d,
              timeoutMs: requestTimeoutMs,
            }),
          };
        case 'body':
          return {
            ok: false,
            retryable: idempotent,
            status: out.status,
            hint: null,
            error: clientError('malformed_response', 'The answer broke off before its end.', ctx, {
              ...d,
              reason: 'truncated',
            }),
          };
        case 'network': {
          const refused = /ECONNREFUSED/.test(out.message);
          return {
            ok: false,
            retryable: idempotent || refused,
            status: null,
            hint: null,
            error: clientError('network', `Could not reach Klaviyo (${out.message}).`, ctx, d),
          };
        }
      }
    }
    const { status, text, headers } = out;
    let body: unknown = undefined;
    let parseError: string | null = null;
    if (text.length) {
      try {
        body = JSON.parse(text);
      } catch (err) {
        parseError = err instanceof Error ? err.message : String(err);
      }
    }
    if (status >= 200 && status < 300) {
      if (parseError !== null) {
        return {
          ok: false,
          retryable: idempotent,
          status,
          hint: null,
          error: clientError('malformed_response', 'Klaviyo answered with a body that is not valid JSON.', ctx, {
            status,
            reason: 'not_json',
            parseError,
            bodyLength: text.length,
            contentType: headers.get('content-type'),
          }),
        };
      }
      if (body === undefined) body = { data: null };
      const parsed = schema.safeParse(body);
      if (!parsed.success) {
        return {
          ok: false,
          retryable: false,
          status,
          hint: null,
          error: clientError(
            'malformed_response',
            `Klaviyo's answer does not have the expected shape (${describeIssue(parsed.error)}).`,
            ctx,
            {
              status,
              reason: 'schema',
              issue: describeIssue(parsed.error),
            },
          ),
        };
      }
      return { ok: true, document: parsed.data };
    }
    const errors = parseErrorDocument(body);
    const error = errorFromResponse(status, body, ctx, op.scopes);
    const retryable = status === 429 || (RETRYABLE_STATUSES.has(status) && (idempotent || status === 503));
    return {
      ok: false,
      error,
      retryable,
      status,
      hint: status === 429 || status === 503 ? serverHint(headers, errors) : null,
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

  async function request<T = JsonApiDocument>(operationId: string, opts: RequestOptions<T> = {}): Promise<T> {
    let op: OperationSpec;
    try {
      op = table.get(operationId);
    } catch {
      throw new AppError('validation', `Unknown Klaviyo operation "${operationId}".`, { requestId });
    }
    const url = buildUrl(op, opts as RequestOptions<unknown>);
    const u = new URL(url);
    const { key, limit } = effectiveRateLimit(op, u.searchParams);
    const deadline = toDeadline(opts.deadline);
    const idempotent = opts.idempotent ?? isIdempotent(op);
    const schema = (opts.schema ?? JsonApiDocumentSchema) as z.ZodType<T>;
    const ctx: CallContext = { requestId, operationId, method: op.method, path: u.pathname + u.search, attempt: 0 };
    const headers: Record<string, string> = {
      Authorization: `Klaviyo-API-Key ${options.apiKey}`,
      revision,
      Accept: 'application/vnd.api+json',
      'X-Request-Id': requestId,
      'User-Agent': 'klaviyo-audit-desk',
    };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['Content-Type'] = 'application/vnd.api+json';
    }

    for (let n = 1; ; n++) {
      ctx.attempt = n;
      if (Date.now() >= deadline) {
        throw clientError('timeout', 'The call ran into its deadline.', ctx, { deadlineReached: true });
      }
      let permit;
      try {
        permit = await limiter.acquire(key, limit, { signal: opts.signal, deadline });
      } catch (err) {
        if (err instanceof LimiterRefusal) {
          const code = err.kind === 'cancelled' ? 'cancelled' : err.kind === 'deadline' ? 'timeout' : 'throttled';
          const extra = err.kind === 'deadline' ? { deadlineReached: true } : { reason: err.kind };
          throw clientError(code, err.message, ctx, { ...err.details, ...extra });
        }
        throw err;
      }
      if (permit.waitedMs > 0) {
        emit({
          type: 'throttled_wait',
          requestId,
          operationId,
          rateLimitKey: key,
          waitMs: permit.waitedMs,
          reason: permit.reason === 'penalty' ? 'penalty' : 'pacing',
        });
      }
      let out: AttemptOutcome | undefined;
      let releaseGate: () => void;
      try {
        releaseGate = await gate.acquire(opts.priority ?? 0, opts.signal, deadline);
      } catch (err) {
        permit.release();
        if (err instanceof GateDeadline) {
          throw clientError('timeout', err.message, ctx, { deadlineReached: true });
        }
        throw clientError('cancelled', 'The call was cancelled.', ctx, {});
      }
      emit({
        type: 'request_started',
        requestId,
        operationId,
        method: op.method,
        path: ctx.path,
        attempt: n,
        at: Date.now(),
      });
      try {
        out = await attempt({
          fetch: fetchImpl,
          url,
          method: op.method,
          headers,
          body,
          timeoutMs: requestTimeoutMs,
          deadline,
          signal: opts.signal,
        });
      } finally {
        releaseGate();
        // A success's RateLimit-* headers tell the limiter where the server's steady window stands.
        const ok = out?.kind === 'response' && out.status >= 200 && out.status < 300;
        permit.release(
          ok && out?.kind === 'response'
            ? {
                limit: headerNumber(out.headers, 'ratelimit-limit'),
                remaining: headerNumber(out.headers, 'ratelimit-remaining'),
                resetMs: ((r) => (r === null ? null : r * 1000))(headerNumber(out.headers, 'ratelimit-reset')),
                // whole seconds (real Klaviyo) may be rounded up by almost a second
                resetPrecisionMs: /^\s*\d+\s*$/.test(out.headers.get('ratelimit-reset') ?? '') ? 1000 : 1,
              }
            : undefined,
        );
      }
      const result = classify(out, ctx, op, idempotent, schema);
      const status = out.kind === 'response' ? out.status : out.status;
      if (result.ok) {
        emit({
          type: 'request_finished',
          requestId,
          operationId,
          method: op.method,
          path: ctx.path,
          attempt: n,
          status,
          durationMs: out.durationMs,
          outcome: 'ok',
        });
        return result.document as T;
      }
      const { error } = result;
      let giveUp = !result.retryable || n >= maxAttempts;
      let delay = 0;
      let waitReason: 'retry_after' | 'hint' | 'backoff' = 'backoff';
      if (!giveUp) {
        const own = backoffDelay(n, backoff);
        delay = own;
        if (result.hint && result.hint.ms >= own) {
          delay = result.hint.ms;
          waitReason = result.hint.source;
        }
        if (result.status === 429) {
          // Everyone on this key waits for the server's window, not only the caller that was refused.
          limiter.penalize(key, limit, Date.now() + (result.hint?.ms ?? own));
        }
        if (delay > maxRetryWaitMs) {
          giveUp = true;
          error.details.retryAfterMs = delay;
          error.details.gaveUp = 'wait_too_long';
        } else if (Date.now() + delay >= deadline) {
          giveUp = true;
          error.details.deadlineReached = true;
          error.details.retryAfterMs = delay;
        }
      }
      emit({
        type: 'request_finished',
        requestId,
        operationId,
        method: op.method,
        path: ctx.path,
        attempt: n,
        status,
        durationMs: out.durationMs,
        outcome: giveUp ? 'error' : 'retry',
        errorCode: error.code,
      });
      if (giveUp) throw error;
      emit({ type: 'retry', requestId, operationId, attempt: n, delayMs: delay, status, errorCode: error.code });
      emit({ type: 'throttled_wait', requestId, operationId, rateLimitKey: key, waitMs: delay, reason: waitReason });
      if (!(await sleep(delay, opts.signal))) {
        throw clientError('cancelled', 'The call was cancelled.', ctx, {});
      }
    }
  }

  async function* paginate(operationId: string, opts: PaginateOptions = {}): AsyncGenerator<Page> {
    const seen = new Set<string>();
    const { expectType, startUrl, ...rest } = opts;
    let url: string | undefined = startUrl;
    for (let index = 0; ; index++) {
      const doc = await request(operationId, {
        ...rest,
        ...(url ? { url, query: undefined } : {}),
        schema: CollectionDocumentSchema,
      });
      if (expectType) {
        const wrong = doc.data.find((r) => r.type !== expectType);
        if (wrong) {
          throw new AppError(
            'malformed_response',
            `Klaviyo listed a "${wrong.type}" where "${expectType}" was expected.`,
            {
              requestId,
              details: { operationId, page: index, expected: expectType, got: wrong.type },
            },
          );
        }
      }
      const next = doc.links?.next ?? null;
      yield { operationId, index, data: doc.data, included: doc.included ?? [], next, meta: doc.meta };
      if (!next) return;
      if (seen.has(next)) {
        throw new AppError('malformed_response', 'Klaviyo sent a next-page link it had already sent (a cursor loop).', {
          requestId,
          details: { operationId, page: index },
        });
      }
      seen.add(next);
      url = next;
    }
  }

  const client: KlaviyoClient = {
    requestId,
    accountKey,
    baseUrl,
    revision,
    timeScale,
    limiter,
    operations: table,
    request,
    paginate,
    counters: () => sink.snapshot(),
    resetCounters: () => sink.reset(),
    withRequestId: (id) =>
      createKlaviyoClient({ ...options, requestId: id, limiter }, { sink: new CounterSink(), gate }),
  };
  return client;
}
