import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../../shared/errors';
import { createKlaviyoClient, SingleDocumentSchema, type KlaviyoEvent } from '../klaviyo';
import type { Store } from '../store';
import { planSizes, type SizedItem } from './plan';

/** The GET that carries a size, and its additional field (at the stricter limit Klaviyo states for it). */
const SIZE_CALLS = {
  lists: { operationId: 'get_list', query: { 'additional-fields[list]': 'profile_count' } },
  segments: { operationId: 'get_segment', query: { 'additional-fields[segment]': 'profile_count' } },
} as const;

/** attempts per size call: a 429 is waited out by the limiter and the server's Retry-After, a few times */
const ATTEMPTS = 3;

export type SizeRefreshOptions = {
  store: Store;
  workspaceId: string;
  /** the sync run whose inventory is sized; the refresh is recorded against it */
  syncRunId: number;
  baseUrl: string;
  apiKey: string;
  requestId: string;
  timeScale?: number;
  now?: () => number;
  /** sizes asked at most in this refresh (default SIZES_PER_RUN) */
  cap?: number;
  maxAgeMs?: number;
  signal?: AbortSignal;
  fetch?: typeof fetch;
  onEvent?: (e: KlaviyoEvent) => void;
};

export type SizeRefreshResult = {
  status: 'ok' | 'partial' | 'failed';
  asked: number;
  carried: number;
  remaining: number;
  /** 429 answers met on the way */
  throttled: number;
  error: ErrorEnvelope | null;
};

/** The lists and segments the inventory has now, with the update time a size is compared against. */
function sizedItems(store: Store, workspaceId: string): SizedItem[] {
  return (['lists', 'segments'] as const).flatMap((resourceType) =>
    store.inventory
      .list({ workspaceId, resourceType, limit: 1_000_000 })
      .map((r) => ({ resourceType, klaviyoId: r.klaviyoId, updated: r.updatedAt ?? null })),
  );
}

/**
 * Asks Klaviyo the sizes that can have changed since the last refresh (planSizes) on each item's own GET, one after
 * another at the limiter's pace for the stricter profile_count limit, and keeps each as it arrives. It never touches
 * the sync run's status or the inventory's versions: a refresh that meets 429s, a revoked key or a dead network
 * stops, records why, and leaves every size it did not get as it was. The caller then gives the run's trend points
 * every known size, the fresh ones and the carried ones (trends/captureSizes).
 */
export async function refreshSizes(o: SizeRefreshOptions): Promise<SizeRefreshResult> {
  const now = o.now ?? Date.now;
  const { store, workspaceId, syncRunId } = o;
  const plan = planSizes({
    items: sizedItems(store, workspaceId),
    known: store.sizes.known(workspaceId),
    now: now(),
    ...(o.cap !== undefined ? { cap: o.cap } : {}),
    ...(o.maxAgeMs !== undefined ? { maxAgeMs: o.maxAgeMs } : {}),
  });
  // refreshes of a workspace run one after another: one still marked running was cut off by its process's end
  store.sizes.closeInterrupted(workspaceId, now());
  store.sizes.startRefresh(workspaceId, syncRunId, now());
  const result: SizeRefreshResult = {
    status: 'ok',
    asked: 0,
    carried: plan.carried,
    remaining: plan.remaining,
    throttled: 0,
    error: null,
  };
  try {
    const client = createKlaviyoClient({
      baseUrl: o.baseUrl,
      apiKey: o.apiKey,
      requestId: o.requestId,
      timeScale: o.timeScale ?? 1,
      maxAttempts: ATTEMPTS,
      ...(o.fetch ? { fetch: o.fetch } : {}),
      onEvent: (e) => {
        if (e.type === 'request_finished' && e.status === 429) result.throttled++;
        o.onEvent?.(e);
      },
    });
    for (const [i, item] of plan.ask.entries()) {
      const call = SIZE_CALLS[item.resourceType];
      try {
        const doc = await client.request(call.operationId, {
          path: { id: item.klaviyoId },
          query: call.query,
          schema: SingleDocumentSchema,
          ...(o.signal ? { signal: o.signal } : {}),
        });
        const n = (doc.data as { attributes?: Record<string, unknown> }).attributes?.profile_count;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
          throw new AppError('malformed_response', `Klaviyo answered ${call.operationId} without a size.`, {
            requestId: o.requestId,
            details: { operationId: call.operationId, id: item.klaviyoId },
          });
        store.sizes.save(workspaceId, { ...item, profileCount: n, observedAt: now(), itemUpdated: item.updated });
        result.asked++;
      } catch (err) {
        // removed since the sync listed it: nothing to size
        if (err instanceof AppError && err.code === 'not_found') continue;
        result.error = toErrorEnvelope(err, o.requestId);
        // what was not asked waits for the next refresh, its size as it was
        result.remaining += plan.ask.length - i;
        break;
      }
    }
  } catch (err) {
    result.error = toErrorEnvelope(err, o.requestId);
  }
  if (result.error) result.status = result.asked > 0 ? 'partial' : 'failed';
  store.sizes.finishRefresh(syncRunId, {
    status: result.status,
    asked: result.asked,
    carried: result.carried,
    remaining: result.remaining,
    throttled: result.throttled,
    errorJson: result.error ? JSON.stringify(result.error) : null,
    finishedAt: now(),
  });
  return result;
}
