import { LimiterRefusal, RateLimiter, limiterFor, forgetLimiter } from './limiter';
import { accountKeyFor } from './account-key';
import { effectiveRateLimit, operationTable } from './spec/operations';
import type { RateLimit } from './spec/operations';

/** Flushes promise callbacks queued by timers that fake time just fired. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('RateLimiter pacing (fake clock)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('spaces instant requests exactly by the burst and steady windows', async () => {
    const limiter = new RateLimiter({ timeScale: 1, safetyMarginMs: 1 });
    const limit: RateLimit = { burstPerSecond: 3, steadyPerMinute: 10 };
    const start = Date.now();
    const granted: number[] = [];
    const all = Array.from({ length: 13 }, () =>
      limiter.acquire('op', limit).then((p) => {
        granted.push(Date.now() - start);
        p.release(); // an instant response: the slot's window starts now
      }),
    );
    await vi.advanceTimersByTimeAsync(200_000);
    await Promise.all(all);
    // 3 per second (each window starts after the previous responses, +1 ms margin), then the minute window
    // holds request 11 until the first one's minute is over.
    expect(granted).toEqual([0, 0, 0, 1001, 1001, 1001, 2002, 2002, 2002, 3003, 60_001, 60_001, 60_001]);
  });

  it('never lets a fixed server window of any alignment see more than the limit, whatever the latencies', async () => {
    const limit: RateLimit = { burstPerSecond: 3, steadyPerMinute: 20 };
    const timeScale = 60; // windows: 16.67 ms and 1000 ms
    const limiter = new RateLimiter({ timeScale });
    const burstMs = 1000 / timeScale;
    const steadyMs = 60_000 / timeScale;
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const arrivals: number[] = [];
    const calls = Array.from({ length: 120 }, async () => {
      const p = await limiter.acquire('op', limit);
      const sent = Date.now();
      const upstream = Math.floor(random() * 8); // ms until the server sees it
      const downstream = Math.floor(random() * 8); // ms until we have the answer
      await new Promise((r) => setTimeout(r, upstream));
      arrivals.push(Date.now());
      await new Promise((r) => setTimeout(r, downstream));
      expect(Date.now()).toBeGreaterThanOrEqual(sent);
      p.release();
    });
    await vi.advanceTimersByTimeAsync(20_000);
    await Promise.all(calls);
    expect(arrivals).toHaveLength(120);
    for (let offset = 0; offset < steadyMs; offset += steadyMs / 40) {
      const perSteady = new Map<number, number>();
      const perBurst = new Map<number, number>();
      for (const t of arrivals) {
        const s = Math.floor((t - offset) / steadyMs);
        const b = Math.floor((t - offset) / burstMs);
        perSteady.set(s, (perSteady.get(s) ?? 0) + 1);
        perBurst.set(b, (perBurst.get(b) ?? 0) + 1);
      }
      expect(Math.max(...perSteady.values())).toBeLessThanOrEqual(limit.steadyPerMinute);
      expect(Math.max(...perBurst.values())).toBeLessThanOrEqual(limit.burstPerSecond);
    }
    // and it is not slower than needed: 120 requests at 20 per (scaled) minute need 5 full windows plus latency
    const span = Math.max(...arrivals) - Math.min(...arrivals);
    expect(span).toBeGreaterThanOrEqual(5 * steadyMs);
    expect(span).toBeLessThan(5 * steadyMs * 1.1);
  });

  it('paces against the server window its RateLimit headers describe: never over, and faster than a blind pacer', async () => {
    const limit: RateLimit = { burstPerSecond: 5, steadyPerMinute: 20 };
    const timeScale = 60; // windows: 16.67 ms and 1000 ms
    const burstMs = 1000 / timeScale;
    const steadyMs = 60_000 / timeScale;
    for (const phase of [0, 137, 480, 733, 999]) {
      vi.setSystemTime(Math.ceil(Date.now() / steadyMs) * steadyMs + 10_000 + phase);
      const limiter = new RateLimiter({ timeScale });
      let seed = phase + 3;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      // the server: epoch-aligned fixed windows, counting at arrival, answering with RateLimit-* for its minute
      const perSteady = new Map<number, number>();
      const perBurst = new Map<number, number>();
      const arrivals: number[] = [];
      const start = Date.now();
      const calls = Array.from({ length: 70 }, async () => {
        const p = await limiter.acquire('op', limit);
        await new Promise((r) => setTimeout(r, Math.floor(random() * 6)));
        const at = Date.now();
        arrivals.push(at);
        const sw = Math.floor(at / steadyMs);
        const bw = Math.floor(at / burstMs);
        perSteady.set(sw, (perSteady.get(sw) ?? 0) + 1);
        perBurst.set(bw, (perBurst.get(bw) ?? 0) + 1);
        const remaining = limit.steadyPerMinute - perSteady.get(sw)!;
        const resetMs = (sw + 1) * steadyMs - at;
        await new Promise((r) => setTimeout(r, Math.floor(random() * 6)));
        p.release({ limit: limit.steadyPerMinute, remaining, resetMs });
      });
      await vi.advanceTimersByTimeAsync(20_000);
      await Promise.all(calls);
      expect(Math.max(...perSteady.values())).toBeLessThanOrEqual(limit.steadyPerMinute);
      expect(Math.max(...perBurst.values())).toBeLessThanOrEqual(limit.burstPerSecond);
      // 70 requests at 20 a window: a blind pacer needs 3 full windows after its first request; knowing where
      // the server's window ends, the rest of the first window is usable
      const span = Math.max(...arrivals) - start;
      expect(span).toBeLessThan(3 * steadyMs + 100);
      expect(span).toBeGreaterThanOrEqual(3 * steadyMs - phase - 50);
    }
  });

  it('stays within the limits when Reset comes in whole seconds rounded up (real Klaviyo)', async () => {
    const limit: RateLimit = { burstPerSecond: 3, steadyPerMinute: 20 };
    const limiter = new RateLimiter({ timeScale: 1 });
    vi.setSystemTime(Math.ceil(Date.now() / 60_000) * 60_000 + 42_300);
    const perSteady = new Map<number, number>();
    let seed = 9;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const calls = Array.from({ length: 70 }, async () => {
      const p = await limiter.acquire('op', limit);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 300)));
      const at = Date.now();
      const w = Math.floor(at / 60_000);
      perSteady.set(w, (perSteady.get(w) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, Math.floor(random() * 300)));
      const resetMs = Math.ceil(((w + 1) * 60_000 - at) / 1000) * 1000;
      p.release({ limit: 20, remaining: 20 - perSteady.get(w)!, resetMs, resetPrecisionMs: 1000 });
    });
    await vi.advanceTimersByTimeAsync(400_000);
    await Promise.all(calls);
    expect(Math.max(...perSteady.values())).toBeLessThanOrEqual(20);
  });

  it('holds a slot while its request is in flight (concurrency never exceeds the burst figure)', async () => {
    const limiter = new RateLimiter();
    const limit: RateLimit = { burstPerSecond: 2, steadyPerMinute: 100 };
    const a = await limiter.acquire('k', limit);
    await limiter.acquire('k', limit);
    let third = false;
    const p3 = limiter.acquire('k', limit).then((p) => {
      third = true;
      return p;
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(third).toBe(false); // a whole burst window later, both are still in flight
    expect(limiter.inFlight('k')).toBe(2);
    a.release();
    await vi.advanceTimersByTimeAsync(999);
    expect(third).toBe(false); // the released slot's window started at its response
    await vi.advanceTimersByTimeAsync(2);
    await settle();
    expect(third).toBe(true);
    (await p3).release();
  });

  it('applies the stricter conditional limit of additional-fields[list]=profile_count on its own key', async () => {
    const op = operationTable().get('get_list');
    const withCount = effectiveRateLimit(op, new URLSearchParams({ 'additional-fields[list]': 'profile_count' }));
    const plain = effectiveRateLimit(op, new URLSearchParams());
    expect(withCount.limit).toMatchObject({ burstPerSecond: 1, steadyPerMinute: 15 });
    expect(withCount.key).not.toBe(plain.key);

    const limiter = new RateLimiter();
    const times: Record<string, number[]> = { counted: [], plain: [] };
    const start = Date.now();
    const run = (name: string, rl: { key: string; limit: RateLimit }, n: number) =>
      Array.from({ length: n }, () =>
        limiter.acquire(rl.key, rl.limit).then((p) => {
          times[name]!.push(Date.now() - start);
          p.release();
        }),
      );
    const all = [...run('counted', withCount, 16), ...run('plain', plain, 20)];
    await vi.advanceTimersByTimeAsync(130_000);
    await Promise.all(all);
    expect(times.plain!.every((t) => t === 0)).toBe(true); // 75/s: twenty at once
    expect(times.counted!.slice(0, 15)).toEqual(Array.from({ length: 15 }, (_, i) => i * 1001));
    expect(times.counted![15]).toBe(60_001); // the 16th waits for the minute window
  });

  it('refuses a daily-capped key clearly once the day is used up, and allows it again the next day', async () => {
    const limiter = new RateLimiter({ timeScale: 1440 }); // one day = one real minute
    const limit: RateLimit = { burstPerSecond: 100, steadyPerMinute: 1000, dailyCap: 3 };
    // start just after a day boundary so the whole test stays within one scaled day
    const dayMs = limiter.windows.dayMs;
    vi.setSystemTime(Math.ceil(Date.now() / dayMs) * dayMs + 10);
    for (let i = 0; i < 3; i++) (await limiter.acquire('report', limit)).release();
    expect(limiter.dailyRemaining('report', limit)).toBe(0);
    const refusal = await limiter.acquire('report', limit).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(LimiterRefusal);
    expect((refusal as LimiterRefusal).kind).toBe('daily_cap');
    expect((refusal as LimiterRefusal).details).toMatchObject({ dailyCap: 3, used: 3 });
    expect(Date.parse(String((refusal as LimiterRefusal).details.resetAt))).toBeGreaterThan(Date.now());
    vi.setSystemTime(Date.now() + dayMs);
    expect(limiter.dailyRemaining('report', limit)).toBe(3);
    (await limiter.acquire('report', limit)).release();
    // a budget carried over from earlier runs (the store tracks it) is honoured
    limiter.setDailyUsage('report', limit, 3);
    await expect(limiter.acquire('report', limit)).rejects.toMatchObject({ kind: 'daily_cap' });
  });

  it('refuses at once when the deadline comes before the next slot, and on abort', async () => {
    const limiter = new RateLimiter();
    const limit: RateLimit = { burstPerSecond: 1, steadyPerMinute: 1 };
    (await limiter.acquire('k', limit)).release();
    const t0 = Date.now();
    await expect(limiter.acquire('k', limit, { deadline: t0 + 5_000 })).rejects.toMatchObject({ kind: 'deadline' });
    expect(Date.now()).toBe(t0); // no waiting for a slot it cannot use

    const ac = new AbortController();
    const pending = limiter.acquire('k', limit, { signal: ac.signal });
    await vi.advanceTimersByTimeAsync(100);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ kind: 'cancelled' });
  });

  it('makes everyone on a key wait after a 429 penalty', async () => {
    const limiter = new RateLimiter();
    const limit: RateLimit = { burstPerSecond: 10, steadyPerMinute: 100 };
    const start = Date.now();
    limiter.penalize('k', limit, start + 2_500);
    const got = limiter.acquire('k', limit).then((p) => {
      p.release();
      return { at: Date.now() - start, reason: p.reason, waited: p.waitedMs };
    });
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await got).toEqual({ at: 2_500, reason: 'penalty', waited: 2_500 });
  });

  it('borrows slots spent by someone else on the account (RateLimit-Remaining lower than ours)', async () => {
    const limiter = new RateLimiter();
    const limit: RateLimit = { burstPerSecond: 100, steadyPerMinute: 10 };
    const p = await limiter.acquire('k', limit);
    p.release();
    // the server says 2 left of 10 although we sent one: 7 were someone else's, until its window resets in 30 s
    limiter.observe('k', limit, { limit: 10, remaining: 2, resetMs: 30_000 });
    expect(limiter.stats().k!.externalSlots).toBe(7);
    const start = Date.now();
    const times: number[] = [];
    const all = Array.from({ length: 3 }, () =>
      limiter.acquire('k', limit).then((q) => {
        times.push(Date.now() - start);
        q.release();
      }),
    );
    await vi.advanceTimersByTimeAsync(40_000);
    await Promise.all(all);
    expect(times).toEqual([0, 0, 30_001]);
    // headers that describe another window than the one we pace are ignored
    limiter.observe('k', limit, { limit: 700, remaining: 0, resetMs: 30_000 });
    expect(limiter.stats().k!.externalSlots).toBe(7);
  });
});

describe('limiter registry and account keys', () => {
  it('shares one limiter per account and time scale, keyed by a hash that never contains the key', () => {
    const apiKey = 'pk_' + 'x'.repeat(30);
    const key = accountKeyFor('http://127.0.0.1:1234/', apiKey);
    expect(key).toBe(accountKeyFor('HTTP://127.0.0.1:1234', apiKey));
    expect(key).not.toContain(apiKey.slice(3));
    expect(key).not.toBe(accountKeyFor('http://127.0.0.1:1235', apiKey));
    const a = limiterFor(key, { timeScale: 60 });
    expect(limiterFor(key, { timeScale: 60 })).toBe(a);
    expect(limiterFor(key, { timeScale: 1 })).not.toBe(a);
    forgetLimiter(key);
    expect(limiterFor(key, { timeScale: 60 })).not.toBe(a);
    forgetLimiter(key);
  });
});
