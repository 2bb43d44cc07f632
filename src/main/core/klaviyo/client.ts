import { AppError } from '../../../shared/errors';
import { accountKeyFor } from './account-key';
import { callOperation, type CallSettings } from './call';
import type { KlaviyoClient, KlaviyoClientOptions, RequestOptions } from './client-types';
import { SERVER_NAMES } from './errors';
import { CounterSink, type KlaviyoEvent } from './events';
import { PriorityGate } from './gate';
import type { FetchLike } from './http';
import { limiterFor } from './limiter';
import { paginate } from './paginate';
import type { JsonApiDocument } from './schemas';
import { operationTable } from './spec/operations';

export type {
  QueryValue,
  QueryInput,
  KlaviyoClientOptions,
  RequestOptions,
  KlaviyoClient,
  PaginateOptions,
  Page,
} from './client-types';

const DEFAULTS = {
  requestTimeoutMs: 30_000,
  maxAttempts: 6,
  backoffBaseMs: 1000,
  backoffMaxMs: 60_000,
  maxRetryWaitMs: 120_000,
};

/** the options checked and resolved: base URL, the account's shared limiter, time-scaled waits */
function callSettings(options: KlaviyoClientOptions, shared: { sink: CounterSink; gate?: PriorityGate }): CallSettings {
  const table = options.operations ?? operationTable();
  const requestId = options.requestId;
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new AppError('validation', `Not a valid Klaviyo base URL: "${options.baseUrl}"`, { requestId });
  }
  const baseUrl = base.toString().replace(/\/+$/, '');
  if (!options.apiKey) throw new AppError('validation', 'An API key is required.', { requestId });
  const timeScale = options.timeScale ?? options.limiter?.timeScale ?? 1;
  const limiter = options.limiter ?? limiterFor(accountKeyFor(baseUrl, options.apiKey), { timeScale });
  if (limiter.timeScale !== timeScale) {
    throw new AppError('validation', `The shared limiter runs at time scale ${limiter.timeScale}, not ${timeScale}.`, {
      requestId,
    });
  }
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const emit = (e: KlaviyoEvent) => {
    shared.sink.record(e);
    if (!options.onEvent) return;
    try {
      options.onEvent(e);
    } catch {
      // a listener's bug must not break the call it listens to
    }
  };
  return {
    base,
    baseUrl,
    table,
    requestId,
    server: options.server ?? SERVER_NAMES.klaviyo,
    apiKey: options.apiKey,
    revision: options.revision ?? table.revision,
    fetchImpl,
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULTS.maxAttempts),
    backoff: {
      baseMs: (options.backoffBaseMs ?? DEFAULTS.backoffBaseMs) / timeScale,
      maxMs: (options.backoffMaxMs ?? DEFAULTS.backoffMaxMs) / timeScale,
      ...(options.random ? { random: options.random } : {}),
    },
    maxRetryWaitMs: (options.maxRetryWaitMs ?? DEFAULTS.maxRetryWaitMs) / timeScale,
    limiter,
    gate: shared.gate ?? new PriorityGate(options.maxInFlight ?? 8),
    emit,
  };
}

/**
 * A client for one account and run: calls (call.ts: pacing, retries, error mapping) and listings (paginate.ts),
 * with counters of what it did.
 */
export function createKlaviyoClient(
  options: KlaviyoClientOptions,
  shared?: { sink: CounterSink; gate: PriorityGate },
): KlaviyoClient {
  const sink = shared?.sink ?? new CounterSink();
  const s = callSettings(options, { sink, ...(shared ? { gate: shared.gate } : {}) });
  const request = <T = JsonApiDocument>(operationId: string, opts?: RequestOptions<T>) =>
    callOperation<T>(s, operationId, opts);
  return {
    requestId: s.requestId,
    accountKey: accountKeyFor(s.baseUrl, options.apiKey),
    baseUrl: s.baseUrl,
    revision: s.revision,
    timeScale: s.limiter.timeScale,
    limiter: s.limiter,
    operations: s.table,
    request,
    paginate: (operationId, opts) => paginate(request, s, operationId, opts),
    counters: () => sink.snapshot(),
    resetCounters: () => sink.reset(),
    withRequestId: (id) =>
      createKlaviyoClient({ ...options, requestId: id, limiter: s.limiter }, { sink: new CounterSink(), gate: s.gate }),
  };
}
