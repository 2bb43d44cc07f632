import { isFullSyncDue } from './full-sync-due';

const DAY = 86_400_000;
const now = Date.UTC(2026, 11, 3, 9, 0);

describe('isFullSyncDue: a full sync on demand, on the schedule, and when there is nothing to go from', () => {
  it('asked for, never had one, or the last one is the setting old: full', () => {
    expect(isFullSyncDue({ now, lastFullSyncAt: now - DAY, everyDays: 7, requested: true })).toEqual({
      full: true,
      reason: 'requested',
    });
    expect(isFullSyncDue({ now, lastFullSyncAt: null, everyDays: 7, requested: false }).reason).toBe('never');
    expect(isFullSyncDue({ now, lastFullSyncAt: now - 7 * DAY, everyDays: 7, requested: false }).reason).toBe(
      'scheduled',
    );
    expect(isFullSyncDue({ now, lastFullSyncAt: now - 2 * DAY, everyDays: 1, requested: false }).full).toBe(true);
  });

  it('within the week: incremental; a last full sync in the future (the clock moved): full', () => {
    expect(isFullSyncDue({ now, lastFullSyncAt: now - 7 * DAY + 1, everyDays: 7, requested: false })).toEqual({
      full: false,
      reason: 'incremental',
    });
    expect(isFullSyncDue({ now, lastFullSyncAt: now + DAY, everyDays: 7, requested: false }).reason).toBe('clock');
  });
});
