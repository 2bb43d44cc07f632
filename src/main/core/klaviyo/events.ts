import type { ErrorCode } from '../../../shared/errors';

/** What the client reports while it works; the sync turns these into progress, ETA and run figures. */
export type KlaviyoEvent =
  | {
      type: 'request_started';
      requestId: string;
      operationId: string;
      method: string;
      /** path + query, no origin, never the key */
      path: string;
      attempt: number;
      at: number;
    }
  | {
      type: 'request_finished';
      requestId: string;
      operationId: string;
      method: string;
      path: string;
      attempt: number;
      /** HTTP status, null when no answer came (network error, timeout) */
      status: number | null;
      durationMs: number;
      outcome: 'ok' | 'retry' | 'error';
      errorCode?: ErrorCode;
    }
  | {
      type: 'throttled_wait';
      requestId: string;
      operationId: string;
      rateLimitKey: string;
      waitMs: number;
      /** pacing: our own limiter; penalty: a 429 made everyone on this key wait; retry_after/hint/backoff: before a retry */
      reason: 'pacing' | 'penalty' | 'retry_after' | 'hint' | 'backoff';
    }
  | {
      type: 'retry';
      requestId: string;
      operationId: string;
      /** the attempt that failed */
      attempt: number;
      delayMs: number;
      status: number | null;
      errorCode: ErrorCode;
    };

export type OperationCounters = {
  /** attempts sent over the wire */
  requests: number;
  succeeded: number;
  /** calls that ended in an error after their retries */
  failed: number;
  /** answers with HTTP 429 */
  throttled429: number;
  retries: number;
  /** time spent waiting for a rate-limit slot or before a retry, ms */
  waitedMs: number;
};

export type ClientCounters = {
  byOperation: Record<string, OperationCounters>;
  total: OperationCounters;
};

function zero(): OperationCounters {
  return { requests: 0, succeeded: 0, failed: 0, throttled429: 0, retries: 0, waitedMs: 0 };
}

/** Folds events into per-operation counters (also usable on its own by anyone listening to onEvent). */
export class CounterSink {
  private readonly ops = new Map<string, OperationCounters>();

  private of(op: string): OperationCounters {
    let c = this.ops.get(op);
    if (!c) this.ops.set(op, (c = zero()));
    return c;
  }

  record(e: KlaviyoEvent): void {
    const c = this.of(e.operationId);
    switch (e.type) {
      case 'request_started':
        c.requests += 1;
        break;
      case 'request_finished':
        if (e.status === 429) c.throttled429 += 1;
        if (e.outcome === 'ok') c.succeeded += 1;
        if (e.outcome === 'error') c.failed += 1;
        break;
      case 'retry':
        c.retries += 1;
        break;
      case 'throttled_wait':
        c.waitedMs += e.waitMs;
        break;
    }
  }

  snapshot(): ClientCounters {
    const byOperation: Record<string, OperationCounters> = {};
    const total = zero();
    for (const [op, c] of this.ops) {
      byOperation[op] = { ...c };
      for (const k of Object.keys(total) as Array<keyof OperationCounters>) total[k] += c[k];
    }
    return { byOperation, total };
  }

  reset(): void {
    this.ops.clear();
  }
}
