import type { RateLimit } from './spec/operations';

/**
 * Per-account, per-operation pacing for Klaviyo's fixed-window limits (burst per second, steady per minute,
 * daily where declared).
 *
 * Klaviyo (and the simulator) count requests in fixed windows whose alignment we cannot see. We therefore keep a
 * sliding log: a request occupies a slot from the moment it is sent until its window length has passed *after its
 * response arrived*. The server counted it at arrival, which lies between those two moments, so two requests that
 * share one server window are always less than one window apart in our log too — hence no fixed window, however
 * aligned, ever sees more than the limit from us. In-flight requests hold their slot open, which also caps
 * concurrency per operation at its burst figure. The cost is one response latency per window, a fraction of a
 * percent against a minute window.
 *
 * Everything that shares an account must share one limiter (`limiterFor`), or two syncs would each spend the
 * full budget. Windows shrink with `timeScale` exactly as the simulator's do.
 */

export type LimiterOptions = {
  /** 60 → windows 60× shorter (the simulator's --time-scale); default 1 */
  timeScale?: number;
  /** epoch ms clock; the simulator's fixed windows use the same wall clock */
  now?: () => number;
  /** added to every computed wake-up time, ms (guards against the timer firing on the boundary itself) */
  safetyMarginMs?: number;
};

export type AcquireOptions = {
  signal?: AbortSignal | undefined;
  /** epoch ms; a slot that cannot start before it is refused at once */
  deadline?: number | undefined;
};

export type Permit = {
  /** ms spent waiting for the slot */
  waitedMs: number;
  /** what held us back longest, for the throttled-wait event */
  reason: 'none' | 'pacing' | 'penalty';
  /**
   * Call when the response (or the failure) is in: starts the slot's window. Pass the success's RateLimit-*
   * headers (steady window) so the limiter can pace against the server's own window from then on.
   */
  release(feedback?: RateFeedback): void;
};

/** RateLimit-Limit / -Remaining / -Reset of an answer (they describe the steady window). */
export type RateFeedback = {
  limit?: number | null;
  remaining?: number | null;
  resetMs?: number | null;
  /** how coarse Reset is: Klaviyo sends whole seconds (1000), the time-scaled simulator milliseconds */
  resetPrecisionMs?: number;
};

/** Why a slot was refused; the client turns it into an AppError with the call's context. */
export class LimiterRefusal extends Error {
  constructor(
    readonly kind: 'cancelled' | 'deadline' | 'daily_cap',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'LimiterRefusal';
  }
}

export type KeyStats = {
  granted: number;
  waitedMs: number;
  maxQueue: number;
  penalties: number;
  externalSlots: number;
};

type Slot = { sent: number; done: number };

/**
 * What the server last told us about its steady window: it had counted `used` requests when it answered the
 * request sent at `sentAt`, and the window ends no later than `endHi` (receipt time + RateLimit-Reset).
 */
type ServerWindow = { used: number; sentAt: number; resetLoMs: number; endHi: number; slot: Slot };

type Waiter = {
  enqueuedAt: number;
  deadline: number;
  resolve(p: Permit): void;
  reject(e: Error): void;
  cleanup(): void;
};

type KeyState = {
  limit: RateLimit;
  slots: Slot[];
  /** slots spent by someone else on this account (seen through RateLimit-Remaining), as expiry times */
  phantoms: number[];
  blockedUntil: number;
  day: number;
  dayCount: number;
  /** the server's steady window as last reported; null until an answer carried RateLimit-* headers */
  server: ServerWindow | null;
  queue: Waiter[];
  timer: ReturnType<typeof setTimeout> | null;
  timerAt: number;
  stats: KeyStats;
};

export type Windows = { burstMs: number; steadyMs: number; dayMs: number };

export function windowsFor(timeScale: number): Windows {
  return { burstMs: 1000 / timeScale, steadyMs: 60_000 / timeScale, dayMs: 86_400_000 / timeScale };
}

/** The n-th smallest (0-based) of values, Infinity included. */
function nth(values: number[], n: number): number {
  values.sort((a, b) => a - b);
  return values[n] ?? Infinity;
}

export class RateLimiter {
  readonly timeScale: number;
  readonly windows: Windows;
  private readonly now: () => number;
  private readonly margin: number;
  private readonly keys = new Map<string, KeyState>();

  constructor(opts: LimiterOptions = {}) {
    this.timeScale = opts.timeScale ?? 1;
    if (!(this.timeScale > 0)) throw new Error('timeScale must be positive');
    this.windows = windowsFor(this.timeScale);
    this.now = opts.now ?? (() => Date.now());
    this.margin = opts.safetyMarginMs ?? 1;
  }

  private state(key: string, limit: RateLimit): KeyState {
    let s = this.keys.get(key);
    if (!s) {
      s = {
        limit,
        slots: [],
        phantoms: [],
        blockedUntil: 0,
        day: -1,
        dayCount: 0,
        server: null,
        queue: [],
        timer: null,
        timerAt: Infinity,
        stats: { granted: 0, waitedMs: 0, maxQueue: 0, penalties: 0, externalSlots: 0 },
      };
      this.keys.set(key, s);
    }
    s.limit = limit;
    return s;
  }

  private dayIndex(now: number): number {
    return Math.floor(now / this.windows.dayMs);
  }

  private rollDay(s: KeyState, now: number): void {
    const day = this.dayIndex(now);
    if (s.day !== day) {
      s.day = day;
      s.dayCount = 0;
    }
  }

  /** Earliest moment a new request may be sent (Infinity: only a release can free a slot). */
  private nextFreeAt(s: KeyState, now: number): { at: number; reason: Permit['reason'] } {
    const { burstMs, steadyMs } = this.windows;
    // two windows back: the server-window count may reach a little behind the current minute
    s.slots = s.slots.filter((x) => x.done + 2 * steadyMs > now);
    s.phantoms = s.phantoms.filter((t) => t > now);
    const { burstPerSecond: B, steadyPerMinute: S } = s.limit;

    let burstAt = now;
    const burstActive = s.slots.filter((x) => x.done + burstMs > now).map((x) => x.done + burstMs);
    if (burstActive.length >= B) burstAt = nth(burstActive, burstActive.length - B);

    let steadyAt = now;
    if (s.server) {
      steadyAt = this.serverSteadyAt(s, now);
    } else {
      const expiries = s.slots
        .filter((x) => x.done + steadyMs > now)
        .map((x) => x.done + steadyMs)
        .concat(s.phantoms);
      if (expiries.length >= S) steadyAt = nth(expiries, expiries.length - S);
    }

    const pacedAt = Math.max(burstAt, steadyAt);
    if (s.blockedUntil > now && s.blockedUntil >= pacedAt) return { at: s.blockedUntil, reason: 'penalty' };
    if (pacedAt > now) return { at: pacedAt + this.margin, reason: 'pacing' };
    return { at: now, reason: 'none' };
  }

  /**
   * Steady pacing against the server's fixed window, once its RateLimit-* headers told us where that window is.
   * The count in the current window is what the server reported plus every request of ours it may not have seen
   * yet (in flight, or answered after the reported request was sent). Bounds are taken on the safe side: the
   * window is assumed to end as late as possible (receipt + Reset) and, once over, the next one to start as early
   * as possible (send + Reset). This lets a run use the rest of a window it starts in, instead of pacing a full
   * window from its first request.
   */
  private serverSteadyAt(s: KeyState, now: number): number {
    const w = s.server!;
    const Ws = this.windows.steadyMs;
    const S = s.limit.steadyPerMinute;
    let count: number;
    let endsAt: number;
    if (now < w.endHi) {
      count = w.used;
      for (const x of s.slots) if (x !== w.slot && x.done >= w.sentAt) count += 1;
      endsAt = w.endHi;
    } else {
      const k = Math.floor((now - w.endHi) / Ws);
      // the reported window ended at sentAt + Reset at the earliest: count everything that may fall after that
      const windowStartLo = w.sentAt + w.resetLoMs + k * Ws;
      count = 0;
      for (const x of s.slots) if (x.done >= windowStartLo) count += 1;
      endsAt = w.endHi + (k + 1) * Ws;
    }
    return count < S ? now : endsAt + this.margin;
  }

  private dailyRefusal(s: KeyState, key: string, now: number): LimiterRefusal | null {
    const cap = s.limit.dailyCap;
    if (cap === undefined) return null;
    this.rollDay(s, now);
    if (s.dayCount < cap) return null;
    const resetAt = (s.day + 1) * this.windows.dayMs;
    return new LimiterRefusal('daily_cap', `The daily limit of ${cap} requests is used up; it resets later.`, {
      rateLimitKey: key,
      dailyCap: cap,
      used: s.dayCount,
      resetAt: new Date(resetAt).toISOString(),
      resetInMs: Math.max(0, resetAt - now),
    });
  }

  /** Waits for a slot on `key` under `limit`. Rejects with LimiterRefusal (cancelled, deadline, daily_cap). */
  acquire(key: string, limit: RateLimit, opts: AcquireOptions = {}): Promise<Permit> {
    const s = this.state(key, limit);
    const now = this.now();
    if (opts.signal?.aborted) return Promise.reject(new LimiterRefusal('cancelled', 'Cancelled before sending.'));
    const daily = this.dailyRefusal(s, key, now);
    if (daily) return Promise.reject(daily);
    const deadline = opts.deadline ?? Infinity;

    return new Promise<Permit>((resolve, reject) => {
      let deadlineTimer: ReturnType<typeof setTimeout> | null = null;
      const onAbort = () => {
        this.removeWaiter(s, waiter);
        reject(new LimiterRefusal('cancelled', 'Cancelled while waiting for a rate-limit slot.'));
      };
      const waiter: Waiter = {
        enqueuedAt: now,
        deadline,
        resolve,
        reject,
        cleanup: () => {
          opts.signal?.removeEventListener('abort', onAbort);
          if (deadlineTimer) clearTimeout(deadlineTimer);
        },
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(deadline)) {
        deadlineTimer = setTimeout(
          () => {
            this.removeWaiter(s, waiter);
            reject(this.deadlineRefusal(key, deadline, Infinity));
          },
          Math.max(0, deadline - now),
        );
      }
      s.queue.push(waiter);
      s.stats.maxQueue = Math.max(s.stats.maxQueue, s.queue.length);
      this.drain(key, s);
    });
  }

  private deadlineRefusal(key: string, deadline: number, freeAt: number): LimiterRefusal {
    return new LimiterRefusal('deadline', 'The deadline passes before the rate limit allows this call.', {
      rateLimitKey: key,
      deadline: new Date(deadline).toISOString(),
      ...(Number.isFinite(freeAt) ? { slotAt: new Date(freeAt).toISOString() } : {}),
    });
  }

  private removeWaiter(s: KeyState, w: Waiter): void {
    const i = s.queue.indexOf(w);
    if (i >= 0) s.queue.splice(i, 1);
    w.cleanup();
  }

  private drain(key: string, s: KeyState): void {
    while (s.queue.length) {
      const now = this.now();
      const { at, reason } = this.nextFreeAt(s, now);
      if (at <= now) {
        const w = s.queue.shift()!;
        w.cleanup();
        const refusal = this.dailyRefusal(s, key, now);
        if (refusal) {
          w.reject(refusal);
          continue;
        }
        s.dayCount += 1;
        const slot: Slot = { sent: now, done: Infinity };
        s.slots.push(slot);
        s.stats.granted += 1;
        const waitedMs = now - w.enqueuedAt;
        s.stats.waitedMs += waitedMs;
        let released = false;
        w.resolve({
          waitedMs,
          reason: waitedMs > 0 ? (s.blockedUntil > w.enqueuedAt ? 'penalty' : 'pacing') : 'none',
          release: (feedback?: RateFeedback) => {
            if (released) return;
            released = true;
            slot.done = this.now();
            if (feedback) this.learnWindow(s, slot, feedback);
            this.drain(key, s);
          },
        });
        continue;
      }
      // Nobody in the queue can start before `at`: refuse those whose deadline comes first.
      if (Number.isFinite(at)) {
        for (const w of [...s.queue]) {
          if (w.deadline < at) {
            this.removeWaiter(s, w);
            w.reject(this.deadlineRefusal(key, w.deadline, at));
          }
        }
      }
      if (!s.queue.length) break;
      this.schedule(key, s, at, reason);
      return;
    }
    this.clearTimer(s);
  }

  private schedule(key: string, s: KeyState, at: number, _reason: Permit['reason']): void {
    if (!Number.isFinite(at)) {
      // Only a release (or a penalty change) can free a slot; release() calls drain.
      this.clearTimer(s);
      return;
    }
    if (s.timer && s.timerAt <= at) return;
    this.clearTimer(s);
    s.timerAt = at;
    s.timer = setTimeout(
      () => {
        s.timer = null;
        s.timerAt = Infinity;
        this.drain(key, s);
      },
      Math.max(0, at - this.now()),
    );
  }

  private clearTimer(s: KeyState): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = null;
    s.timerAt = Infinity;
  }

  private learnWindow(s: KeyState, slot: Slot, f: RateFeedback): void {
    const S = s.limit.steadyPerMinute;
    if (f.remaining == null || f.resetMs == null || !(f.resetMs >= 0)) return;
    if (f.limit != null && f.limit !== S) return; // another window than the one we pace
    const Ws = this.windows.steadyMs;
    const resetMs = Math.min(f.resetMs, Ws);
    const next: ServerWindow = {
      used: Math.min(S, Math.max(0, S - f.remaining)),
      sentAt: slot.sent,
      resetLoMs: Math.max(0, resetMs - (f.resetPrecisionMs ?? 0)),
      endHi: slot.done + resetMs,
      slot,
    };
    const cur = s.server;
    // keep the report about the newest window; within one window, the one about the latest-sent request
    if (
      !cur ||
      next.endHi > cur.endHi + Ws / 2 ||
      (Math.abs(next.endHi - cur.endHi) <= Ws / 2 && next.sentAt >= cur.sentAt)
    ) {
      s.server = next;
    }
  }

  /** After a 429: nobody on this key sends before `untilMs` (the server's Retry-After / hint). */
  penalize(key: string, limit: RateLimit, untilMs: number): void {
    const s = this.state(key, limit);
    if (untilMs <= s.blockedUntil) return;
    s.blockedUntil = untilMs;
    s.stats.penalties += 1;
    if (s.queue.length) {
      this.clearTimer(s);
      this.drain(key, s);
    }
  }

  /**
   * RateLimit-* headers of a success (they describe the steady window). If the server counted more requests in
   * its window than we have slots for, someone else uses this account: hold the difference as borrowed slots
   * until the server's window resets.
   */
  observe(
    key: string,
    limit: RateLimit,
    h: { limit?: number | null; remaining?: number | null; resetMs?: number | null },
  ): void {
    if (h.remaining == null || h.resetMs == null) return;
    const S = limit.steadyPerMinute;
    if (h.limit != null && h.limit !== S) return; // headers for another window than the one we pace
    const s = this.state(key, limit);
    const now = this.now();
    const resetMs = Math.min(Math.max(0, h.resetMs), this.windows.steadyMs);
    if (resetMs <= 0) return;
    s.phantoms = s.phantoms.filter((t) => t > now);
    const ours = s.slots.filter((x) => x.done + this.windows.steadyMs > now).length;
    const serverUsed = S - h.remaining;
    const external = serverUsed - (ours + s.phantoms.length);
    if (external <= 0) return;
    for (let i = 0; i < external; i++) s.phantoms.push(now + resetMs);
    s.stats.externalSlots += external;
  }

  /** Seeds today's usage of a daily-capped key (e.g. from the budget the store tracked across runs). */
  setDailyUsage(key: string, limit: RateLimit, used: number): void {
    const s = this.state(key, limit);
    this.rollDay(s, this.now());
    s.dayCount = Math.max(0, Math.floor(used));
  }

  /** Requests left today on a daily-capped key, null when the key has no daily cap. */
  dailyRemaining(key: string, limit: RateLimit): number | null {
    if (limit.dailyCap === undefined) return null;
    const s = this.state(key, limit);
    this.rollDay(s, this.now());
    return Math.max(0, limit.dailyCap - s.dayCount);
  }

  inFlight(key: string): number {
    return this.keys.get(key)?.slots.filter((x) => x.done === Infinity).length ?? 0;
  }

  stats(): Record<string, KeyStats> {
    return Object.fromEntries([...this.keys].map(([k, s]) => [k, { ...s.stats }]));
  }
}

const registry = new Map<string, RateLimiter>();

/**
 * The one limiter of an account (at a time scale): every client, sync run and audit call on that account must
 * use it. Key it by `accountKeyFor(baseUrl, apiKey)` or, once known, by the Klaviyo account id.
 */
export function limiterFor(accountKey: string, opts: { timeScale?: number } = {}): RateLimiter {
  const timeScale = opts.timeScale ?? 1;
  const id = `${accountKey}@${timeScale}`;
  let l = registry.get(id);
  if (!l) {
    l = new RateLimiter({ timeScale });
    registry.set(id, l);
  }
  return l;
}

/** Drops an account's limiter (tests, or a workspace removed). */
export function forgetLimiter(accountKey: string): void {
  for (const id of [...registry.keys()]) if (id.startsWith(`${accountKey}@`)) registry.delete(id);
}
