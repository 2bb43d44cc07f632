import { JsonFile } from '../settings';
import { z } from 'zod';
import { isDailySyncDue, type DailyRunLike, type DailySyncDecision } from './is-daily-sync-due';

export type ScheduleTrigger = 'start' | 'resume' | 'unlock' | 'online' | 'tick' | 'settings';

/** Where the last attempt is kept between app starts. */
export interface AttemptStore {
  load(): Date | null;
  save(at: Date): void;
}

const AttemptDocSchema = z.object({ lastAttempt: z.string().nullable() });

/** The last attempt in a small JSON file beside the database (see JsonFile for the atomic write). */
export function fileAttemptStore(file: string): AttemptStore {
  const doc = new JsonFile(file, AttemptDocSchema, () => ({ lastAttempt: null }));
  return {
    load() {
      const v = doc.read().value.lastAttempt;
      const d = v ? new Date(v) : null;
      return d && !Number.isNaN(d.getTime()) ? d : null;
    },
    save(at) {
      doc.write({ lastAttempt: at.toISOString() });
    },
  };
}

export function memoryAttemptStore(initial: Date | null = null): AttemptStore {
  let v = initial;
  return { load: () => v, save: (d) => void (v = d) };
}

export type DailySchedulerOptions = {
  now: () => Date;
  settings: () => { enabled: boolean; time: string };
  /** recent runs from the store (the `daily` ones prove a slot was used even if the attempt file is lost) */
  lastRuns: () => Promise<readonly DailyRunLike[]> | readonly DailyRunLike[];
  /** false when the OS says the network is down; the scheduler then waits for `online` */
  isOnline?: () => boolean | Promise<boolean>;
  attempts: AttemptStore;
  /** starts the day's syncs; the scheduler awaits it so triggers arriving meanwhile are ignored */
  run: (slot: Date) => Promise<void>;
  timezone?: string;
  /** the short periodic re-check (default 5 min); timers do not run while asleep, so events matter more */
  tickMs?: number;
  onDecision?: (trigger: ScheduleTrigger, decision: DailySyncDecision) => void;
  onError?: (err: unknown) => void;
};

/**
 * Re-evaluates `isDailySyncDue` whenever something suggests time has passed or the network came back, and runs
 * the day's sync at most once: an in-flight guard stops overlapping triggers, and the attempt is persisted
 * before the run starts, so neither a second trigger nor an app restart can start the same slot again.
 */
export class DailyScheduler {
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlight: Promise<DailySyncDecision | null> | null = null;
  private lastAttempt: Date | null;

  constructor(private readonly opts: DailySchedulerOptions) {
    this.lastAttempt = opts.attempts.load();
  }

  start(): Promise<DailySyncDecision | null> {
    if (!this.timer) {
      this.timer = setInterval(() => void this.trigger('tick'), this.opts.tickMs ?? 5 * 60_000);
      this.timer.unref?.();
    }
    return this.trigger('start');
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Evaluates now; resolves with the decision (null if another evaluation was already running). */
  trigger(reason: ScheduleTrigger): Promise<DailySyncDecision | null> {
    if (this.inFlight) return this.inFlight.then(() => null);
    this.inFlight = this.evaluate(reason).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  /** Resolves when no evaluation or run is in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
  }

  private async evaluate(reason: ScheduleTrigger): Promise<DailySyncDecision | null> {
    try {
      const online = this.opts.isOnline ? await this.opts.isOnline() : true;
      const decision = isDailySyncDue({
        now: this.opts.now(),
        settings: this.opts.settings(),
        lastRuns: await this.opts.lastRuns(),
        lastAttempt: this.lastAttempt,
        timezone: this.opts.timezone,
        online,
      });
      this.opts.onDecision?.(reason, decision);
      if (decision.reason === 'never_ran') {
        const baseline = this.opts.now();
        this.opts.attempts.save(baseline);
        this.lastAttempt = baseline;
      }
      if (!decision.due) return decision;
      const at = this.opts.now();
      this.opts.attempts.save(at);
      this.lastAttempt = at;
      await this.opts.run(decision.slot);
      return decision;
    } catch (err) {
      this.opts.onError?.(err);
      return null;
    }
  }
}
