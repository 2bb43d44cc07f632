import type { z } from 'zod';
import type { ClientCounters, KlaviyoEvent } from './events';
import type { FetchLike } from './http';
import type { RateLimiter } from './limiter';
import type { JsonApiDocument } from './schemas';
import type { OperationTable } from './spec/operations';

export type QueryValue = string | number | boolean | ReadonlyArray<string | number> | null | undefined;
export type QueryInput = Record<string, QueryValue>;

export type KlaviyoClientOptions = {
  /** e.g. https://a.klaviyo.com or the simulator's http://127.0.0.1:PORT */
  baseUrl: string;
  apiKey: string;
  /** the run's id: sent as X-Request-Id on every call and carried by every error and event */
  requestId: string;
  /** who answers, as error messages name it (default "Klaviyo"; the demo workspace is served by a simulator) */
  server?: string;
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
  /**
   * the body as JSON text already, or that text's UTF-8 bytes (a queued bulk request of megabytes is sent as
   * stored, not parsed and rebuilt, nor turned into a string); given as a function, it is read once the call has
   * its rate-limit slot, so calls waiting for one hold no body
   */
  bodyJson?: string | Uint8Array | (() => string | Uint8Array);
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

export type PaginateOptions = Omit<RequestOptions, 'url' | 'schema' | 'body' | 'bodyJson'> & {
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
