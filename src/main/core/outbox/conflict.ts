/** How far Klaviyo's update time may run ahead of our clock before we stop believing it. */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * Last write wins (PRODUCT D4) between a local change (made at `localAt`, our clock) and a remote edit (Klaviyo's
 * `updated`, Klaviyo's clock). Klaviyo's clock can run ahead of ours (and some items carry update times in the
 * future): an update time later than our `now` cannot be the time of an edit we are racing, so it is clamped to our
 * clock and the record says so (`clock: 'local'`). An unreadable update time counts as now, too. Ties go to
 * the remote: we do not overwrite what we cannot prove is older.
 */
export function decideConflict(input: { localAt: number; remoteUpdatedAt: string | null; now: number }): {
  winner: 'local' | 'remote';
  remoteAt: number;
  clock: 'remote' | 'local';
} {
  const parsed = input.remoteUpdatedAt ? Date.parse(input.remoteUpdatedAt) : NaN;
  const trusted = Number.isFinite(parsed) && parsed <= input.now + CLOCK_TOLERANCE_MS;
  const remoteAt = trusted ? parsed : input.now;
  return { winner: input.localAt > remoteAt ? 'local' : 'remote', remoteAt, clock: trusted ? 'remote' : 'local' };
}
