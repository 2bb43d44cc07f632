import { windowsFor } from './limiter';
import type { RateLimit } from './spec/operations';

/**
 * The rate-limit floor: the least time the published limits allow for a given number of requests.
 *
 * Klaviyo does not say where its fixed windows start, so a schedule that must be 429-free for *every* alignment
 * has to keep every interval of one window length under the limit. For n requests on one operation with burst B
 * per burst window Wb and steady S per steady window Ws (both shrunk by the time scale), that takes
 *
 *   steady-bound  (ceil(n / S) − 1) · Ws + (ceil(r / B) − 1) · Wb,   r = n − (ceil(n / S) − 1) · S
 *   burst-bound   (ceil(n / B) − 1) · Wb
 *   floor(n)    = max(steady-bound, burst-bound)
 *
 * i.e. full steady windows for all but the last batch, then the burst windows that batch needs. This is the time
 * from the first to the last request start, ignoring latency. Operations (and conditional-limit keys) are limited
 * independently, so a run that spreads its requests over several of them cannot finish before the slowest one:
 * floor(run) = max over keys of floor(n_key).
 */
export function operationFloorMs(n: number, limit: RateLimit, timeScale = 1): number {
  if (n <= 1) return 0;
  const { burstMs, steadyMs } = windowsFor(timeScale);
  const S = limit.steadyPerMinute;
  const B = limit.burstPerSecond;
  const full = Math.ceil(n / S) - 1;
  const rest = n - full * S;
  const steadyBound = full * steadyMs + (Math.ceil(rest / B) - 1) * burstMs;
  const burstBound = (Math.ceil(n / B) - 1) * burstMs;
  return Math.max(steadyBound, burstBound);
}

export type FloorInput = Record<string, { requests: number; limit: RateLimit }>;

export function runFloorMs(byKey: FloorInput, timeScale = 1): { floorMs: number; slowestKey: string | null } {
  let floorMs = 0;
  let slowestKey: string | null = null;
  for (const [key, { requests, limit }] of Object.entries(byKey)) {
    const f = operationFloorMs(requests, limit, timeScale);
    if (f > floorMs || slowestKey === null) {
      if (f >= floorMs) {
        floorMs = f;
        slowestKey = key;
      }
    }
  }
  return { floorMs, slowestKey };
}

/**
 * The stricter floor for a client that knows where the server's fixed windows lie (epoch-aligned, as the
 * simulator's are) and starts at `startMs`: it may use the rest of the window it starts in, B per burst window and
 * S per steady window, then whole windows. The time from `startMs` to the last request's start.
 */
export function alignedOperationFloorMs(n: number, limit: RateLimit, timeScale: number, startMs: number): number {
  if (n <= 0) return 0;
  const { burstMs, steadyMs } = windowsFor(timeScale);
  const B = limit.burstPerSecond;
  const S = limit.steadyPerMinute;
  let left = n;
  let t = startMs;
  let last = startMs;
  while (left > 0) {
    const windowEnd = (Math.floor(t / steadyMs) + 1) * steadyMs;
    let used = 0;
    let bt = t;
    while (left > 0 && used < S && bt < windowEnd) {
      const take = Math.min(B, S - used, left);
      last = bt;
      left -= take;
      used += take;
      bt = (Math.floor(bt / burstMs) + 1) * burstMs;
    }
    t = windowEnd;
  }
  return last - startMs;
}
