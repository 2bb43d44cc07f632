import { existsSync, readFileSync, writeFileSync, renameSync } from 'node:fs';
import type { RateLimit } from '../main/core/klaviyo/spec/operations';

const SECOND = 1000;
const MINUTE = 60_000;
const DAY = 86_400_000;

type Window = { start: number; count: number };

export type RateDecision =
  | { ok: true; limit: number; remaining: number; resetMs: number }
  | { ok: false; retryAfterMs: number; window: 'burst' | 'steady' | 'daily' };

type DailyState = Record<string, { day: number; count: number }>;

/**
 * Klaviyo's fixed windows (burst = 1 s, steady = 1 min, daily where declared), per account and per operation
 * (or per conditional limit key). `timeScale` shrinks every window by the same factor so ratios stay intact.
 * Only admitted requests count. Daily counters can persist in a JSON file so a cap holds across simulator runs.
 */
export class RateLimiter {
  private readonly burst = new Map<string, Window>();
  private readonly steady = new Map<string, Window>();
  private daily: DailyState = {};

  constructor(
    private readonly timeScale: number,
    private readonly stateFile?: string,
  ) {
    if (stateFile && existsSync(stateFile)) {
      try {
        this.daily = JSON.parse(readFileSync(stateFile, 'utf8')) as DailyState;
      } catch {
        this.daily = {};
      }
    }
  }

  private len(base: number): number {
    return base / this.timeScale;
  }

  private window(map: Map<string, Window>, key: string, length: number, now: number): Window {
    const start = Math.floor(now / length) * length;
    let w = map.get(key);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      map.set(key, w);
    }
    return w;
  }

  check(accountId: string, key: string, limit: RateLimit, now: number): RateDecision {
    const k = `${accountId}|${key}`;
    const burstLen = this.len(SECOND);
    const steadyLen = this.len(MINUTE);
    const b = this.window(this.burst, k, burstLen, now);
    const s = this.window(this.steady, k, steadyLen, now);
    let dailyEntry: { day: number; count: number } | undefined;
    const dayLen = this.len(DAY);
    if (limit.dailyCap !== undefined) {
      const day = Math.floor(now / dayLen);
      dailyEntry = this.daily[k];
      if (!dailyEntry || dailyEntry.day !== day) {
        dailyEntry = { day, count: 0 };
        this.daily[k] = dailyEntry;
      }
      if (dailyEntry.count >= limit.dailyCap) {
        return { ok: false, retryAfterMs: (day + 1) * dayLen - now, window: 'daily' };
      }
    }
    if (s.count >= limit.steadyPerMinute)
      return { ok: false, retryAfterMs: s.start + steadyLen - now, window: 'steady' };
    if (b.count >= limit.burstPerSecond) return { ok: false, retryAfterMs: b.start + burstLen - now, window: 'burst' };
    b.count++;
    s.count++;
    if (dailyEntry) {
      dailyEntry.count++;
      this.persist();
    }
    return {
      ok: true,
      limit: limit.steadyPerMinute,
      remaining: Math.max(0, limit.steadyPerMinute - s.count),
      resetMs: s.start + steadyLen - now,
    };
  }

  /** Calls left today for a capped key (for tests and the app's budget checks). */
  dailyUsed(accountId: string, key: string, now: number): number {
    const e = this.daily[`${accountId}|${key}`];
    if (!e) return 0;
    return e.day === Math.floor(now / this.len(DAY)) ? e.count : 0;
  }

  reset(opts: { daily?: boolean } = {}): void {
    this.burst.clear();
    this.steady.clear();
    if (opts.daily) {
      this.daily = {};
      this.persist();
    }
  }

  private persist(): void {
    if (!this.stateFile) return;
    const tmp = `${this.stateFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.daily));
    renameSync(tmp, this.stateFile);
  }
}

/** Seconds as Klaviyo announces them: whole seconds at real speed, a scaled decimal otherwise. */
export function formatSeconds(ms: number, timeScale: number): string {
  if (timeScale === 1) return String(Math.max(0, Math.ceil(ms / 1000)));
  const s = Math.max(0, ms / 1000);
  return String(Math.ceil(s * 1000) / 1000);
}
