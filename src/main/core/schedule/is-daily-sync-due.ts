import { addDays, instantOf, systemTimeZone, wallClock } from './wall-clock';

export type DailyRunLike = { trigger: string; startedAt: string | Date };

export type DailySyncInput = {
  now: Date;
  settings: { enabled: boolean; time: string };
  /** recent runs (any workspace); only `daily` ones count as the day's run */
  lastRuns: readonly DailyRunLike[];
  /** when the scheduler last decided to run (persisted before the run starts), null if never */
  lastAttempt: Date | null;
  /** IANA zone whose wall clock `settings.time` is in; default the system's */
  timezone?: string;
  /** false when the machine is known to be offline: wait for the network rather than fail the day's run */
  online?: boolean;
};

export type DailySyncDecision = {
  due: boolean;
  /**
   * `never_ran`: no attempt and no daily run on record (first start): the scheduler records a baseline instead
   * of syncing at once, so a fresh install syncs at the next set time, not the moment it opens.
   */
  reason: 'disabled' | 'offline' | 'already_ran' | 'never_ran' | 'due';
  /** the slot this decision is about: the latest occurrence of the set time at or before `now` */
  slot: Date;
  /** the next occurrence after `now` (for display and for sizing the next check) */
  nextSlot: Date;
};

/**
 * A stored attempt further ahead than this is treated as coming from a clock that was wrong (e.g. set a year
 * ahead, then corrected). Closer than this, a future attempt is trusted, so moving the clock back by hours or
 * crossing time zones westwards never causes a second run for the same day.
 */
export const FUTURE_ATTEMPT_TOLERANCE_MS = 36 * 3_600_000;

/**
 * Whether the once-a-day sync should start now, as a pure function of the clock, the settings and the history.
 *
 * The day's slot is the latest local `HH:MM` at or before `now`. The sync is due when nothing has claimed that
 * slot: no persisted attempt and no `daily` run at or after it. Being evaluated late (after sleep, at start-up,
 * when the network returns) therefore still yields exactly one run for the slot, and any number of further
 * evaluations of the same slot yield none.
 */
export function isDailySyncDue(input: DailySyncInput): DailySyncDecision {
  const tz = input.timezone ?? systemTimeZone();
  const now = input.now.getTime();
  const [hh, mm] = input.settings.time.split(':').map(Number) as [number, number];
  const today = wallClock(now, tz);
  let slot = instantOf({ ...today, hour: hh, minute: mm }, tz);
  let nextSlot: number;
  if (slot > now) {
    nextSlot = slot;
    slot = instantOf({ ...addDays(today, -1), hour: hh, minute: mm }, tz);
  } else {
    nextSlot = instantOf({ ...addDays(today, 1), hour: hh, minute: mm }, tz);
  }
  const decision = (due: boolean, reason: DailySyncDecision['reason']): DailySyncDecision => ({
    due,
    reason,
    slot: new Date(slot),
    nextSlot: new Date(nextSlot),
  });

  if (!input.settings.enabled) return decision(false, 'disabled');

  const claimedBy = (t: number) => t >= slot && t <= now + FUTURE_ATTEMPT_TOLERANCE_MS;
  const attempt = input.lastAttempt?.getTime();
  if (attempt !== undefined && !Number.isNaN(attempt) && claimedBy(attempt)) return decision(false, 'already_ran');
  for (const run of input.lastRuns) {
    if (run.trigger !== 'daily') continue;
    const t = new Date(run.startedAt).getTime();
    if (!Number.isNaN(t) && claimedBy(t)) return decision(false, 'already_ran');
  }
  if (input.lastAttempt === null && !input.lastRuns.some((r) => r.trigger === 'daily')) {
    return decision(false, 'never_ran');
  }
  if (input.online === false) return decision(false, 'offline');
  return decision(true, 'due');
}
