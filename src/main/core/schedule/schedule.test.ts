import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DailyScheduler, fileAttemptStore, isDailySyncDue, memoryAttemptStore, type DailyRunLike } from './index';

const TZ = 'Europe/Warsaw';
const at = (iso: string) => new Date(iso);

/** A scheduler on a hand-driven clock; counts the runs it starts. */
function rig(opts: { now: string; lastAttempt?: string | null; online?: boolean; time?: string; enabled?: boolean }) {
  const state = {
    now: at(opts.now),
    online: opts.online ?? true,
    runs: [] as Date[],
    history: [] as DailyRunLike[],
    release: null as null | (() => void),
    holdRuns: false,
    settings: { enabled: opts.enabled ?? true, time: opts.time ?? '09:00' },
  };
  const attempts = memoryAttemptStore(opts.lastAttempt === undefined ? at('2026-11-23T08:00:05Z') : null);
  if (opts.lastAttempt) attempts.save(at(opts.lastAttempt));
  const scheduler = new DailyScheduler({
    now: () => state.now,
    settings: () => state.settings,
    lastRuns: () => state.history,
    isOnline: () => state.online,
    attempts,
    timezone: TZ,
    tickMs: 3_600_000,
    run: async (slot) => {
      state.runs.push(slot);
      state.history.push({ trigger: 'daily', startedAt: state.now.toISOString() });
      if (state.holdRuns) await new Promise<void>((r) => (state.release = r));
    },
  });
  return { state, scheduler, attempts };
}

afterEach(() => vi.useRealTimers());

describe('isDailySyncDue', () => {
  const base = { settings: { enabled: true, time: '09:00' }, lastRuns: [], timezone: TZ };

  it('is due once the local set time has passed and nothing claimed the slot', () => {
    // 09:00 in Warsaw in November is 08:00 UTC
    const before = isDailySyncDue({
      ...base,
      now: at('2026-11-24T07:59:00Z'),
      lastAttempt: at('2026-11-23T08:01:00Z'),
    });
    expect(before).toMatchObject({ due: false, reason: 'already_ran' });
    expect(before.nextSlot.toISOString()).toBe('2026-11-24T08:00:00.000Z');
    const after = isDailySyncDue({ ...base, now: at('2026-11-24T08:00:00Z'), lastAttempt: at('2026-11-23T08:01:00Z') });
    expect(after).toMatchObject({ due: true, reason: 'due' });
    expect(after.slot.toISOString()).toBe('2026-11-24T08:00:00.000Z');
  });

  it('counts a daily run in the history even when the attempt record is lost', () => {
    const d = isDailySyncDue({
      ...base,
      now: at('2026-11-24T12:00:00Z'),
      lastAttempt: at('2026-11-20T08:00:00Z'),
      lastRuns: [
        { trigger: 'manual', startedAt: '2026-11-24T10:00:00Z' },
        { trigger: 'daily', startedAt: '2026-11-24T08:03:00Z' },
      ],
    });
    expect(d).toMatchObject({ due: false, reason: 'already_ran' });
  });

  it('is never due when disabled, waits while offline, and records a baseline on first start', () => {
    const now = at('2026-11-24T12:00:00Z');
    const old = at('2026-11-20T08:00:00Z');
    expect(isDailySyncDue({ ...base, now, lastAttempt: old, settings: { enabled: false, time: '09:00' } }).reason).toBe(
      'disabled',
    );
    expect(isDailySyncDue({ ...base, now, lastAttempt: old, online: false })).toMatchObject({
      due: false,
      reason: 'offline',
    });
    expect(isDailySyncDue({ ...base, now, lastAttempt: null })).toMatchObject({ due: false, reason: 'never_ran' });
  });

  it('follows the local wall clock across DST: spring gap and autumn fold', () => {
    // Warsaw, 2026-03-29: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that night → runs at 03:30 CEST
    const spring = { ...base, settings: { enabled: true, time: '02:30' }, lastAttempt: at('2026-03-28T01:31:00Z') };
    expect(isDailySyncDue({ ...spring, now: at('2026-03-29T01:20:00Z') }).due).toBe(false);
    const s = isDailySyncDue({ ...spring, now: at('2026-03-29T01:31:00Z') });
    expect(s.due).toBe(true);
    expect(s.slot.toISOString()).toBe('2026-03-29T01:30:00.000Z');

    // 2026-10-25: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice (00:30Z and 01:30Z): one run only
    const autumn = { ...base, settings: { enabled: true, time: '02:30' } };
    const first = isDailySyncDue({
      ...autumn,
      now: at('2026-10-25T00:31:00Z'),
      lastAttempt: at('2026-10-24T00:31:00Z'),
    });
    expect(first.due).toBe(true);
    expect(first.slot.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    const second = isDailySyncDue({
      ...autumn,
      now: at('2026-10-25T01:31:00Z'),
      lastAttempt: at('2026-10-25T00:31:00Z'),
    });
    expect(second).toMatchObject({ due: false, reason: 'already_ran' });

    // and a 09:00 slot keeps meaning 09:00 local on both sides of the change (08:00Z before, 07:00Z after)
    const nine = { ...base, lastAttempt: at('2026-10-24T07:01:00Z') };
    expect(isDailySyncDue({ ...nine, now: at('2026-10-26T07:59:00Z') }).slot.toISOString()).toBe(
      '2026-10-25T08:00:00.000Z',
    );
    expect(isDailySyncDue({ ...nine, now: at('2026-10-26T08:00:00Z') }).slot.toISOString()).toBe(
      '2026-10-26T08:00:00.000Z',
    );
  });

  it('uses the zone it is given', () => {
    const ny = isDailySyncDue({
      ...base,
      timezone: 'America/New_York',
      now: at('2026-11-24T14:30:00Z'),
      lastAttempt: at('2026-11-23T14:05:00Z'),
    });
    expect(ny.due).toBe(true);
    expect(ny.slot.toISOString()).toBe('2026-11-24T14:00:00.000Z');
  });
});

describe('DailyScheduler: exactly one daily run', () => {
  it('a laptop that slept through the set time syncs once when it wakes', async () => {
    const { state, scheduler } = rig({ now: '2026-11-24T06:00:00Z' }); // 07:00 local, yesterday's run done
    await scheduler.start();
    expect(state.runs).toHaveLength(0);
    state.now = at('2026-11-24T12:00:00Z'); // woke up at 13:00 local
    await scheduler.trigger('resume');
    await scheduler.trigger('unlock');
    await scheduler.trigger('tick');
    scheduler.stop();
    expect(state.runs.map((d) => d.toISOString())).toEqual(['2026-11-24T08:00:00.000Z']);
  });

  it('resumed twice (even while the first run is still going) runs once', async () => {
    const { state, scheduler } = rig({ now: '2026-11-24T09:00:00Z' });
    state.holdRuns = true;
    const first = scheduler.trigger('resume');
    await vi.waitFor(() => expect(state.release).not.toBeNull());
    const second = scheduler.trigger('resume');
    state.release!();
    await Promise.all([first, second]);
    state.holdRuns = false;
    state.now = at('2026-11-24T09:30:00Z');
    await scheduler.trigger('resume');
    expect(state.runs).toHaveLength(1);
  });

  it('offline at the set time, then online: one run when the network returns', async () => {
    const { state, scheduler } = rig({ now: '2026-11-24T08:00:30Z', online: false });
    await scheduler.trigger('tick');
    state.now = at('2026-11-24T08:30:00Z');
    await scheduler.trigger('tick');
    expect(state.runs).toHaveLength(0);
    state.online = true;
    state.now = at('2026-11-24T09:10:00Z');
    await scheduler.trigger('online');
    await scheduler.trigger('online');
    await scheduler.trigger('tick');
    expect(state.runs).toHaveLength(1);
  });

  it('clock changed backwards after the run: no second run that day, the next day runs once', async () => {
    const { state, scheduler } = rig({ now: '2026-11-24T08:05:00Z' });
    await scheduler.trigger('tick');
    expect(state.runs).toHaveLength(1);
    state.now = at('2026-11-24T05:00:00Z'); // set back three hours
    await scheduler.trigger('tick');
    state.now = at('2026-11-24T08:01:00Z'); // passes 09:00 local a second time
    await scheduler.trigger('tick');
    expect(state.runs).toHaveLength(1);
    state.now = at('2026-11-25T08:01:00Z');
    await scheduler.trigger('tick');
    await scheduler.trigger('resume');
    expect(state.runs).toHaveLength(2);
  });

  it('clock changed forwards past the set time and back again: one run', async () => {
    const { state, scheduler } = rig({ now: '2026-11-24T06:00:00Z' });
    await scheduler.trigger('start');
    state.now = at('2026-11-25T09:00:00Z'); // jumps a day ahead
    await scheduler.trigger('tick');
    await scheduler.trigger('tick');
    expect(state.runs).toHaveLength(1);
    state.now = at('2026-11-24T07:30:00Z'); // corrected
    await scheduler.trigger('tick');
    state.now = at('2026-11-24T08:30:00Z');
    await scheduler.trigger('tick');
    expect(state.runs).toHaveLength(1);
  });

  it('a restarted app does not run the same slot again (attempt persisted before the run)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sched-'));
    try {
      const file = join(dir, 'schedule.json');
      fileAttemptStore(file).save(at('2026-11-23T08:00:10Z'));
      let runs = 0;
      const make = () =>
        new DailyScheduler({
          now: () => at('2026-11-24T10:00:00Z'),
          settings: () => ({ enabled: true, time: '09:00' }),
          lastRuns: () => [],
          attempts: fileAttemptStore(file),
          timezone: TZ,
          run: async () => {
            runs++;
          },
        });
      await make().trigger('start');
      await make().trigger('start');
      expect(runs).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    }
  });

  it('first start records a baseline instead of syncing at once', async () => {
    const { state, scheduler, attempts } = rig({ now: '2026-11-24T12:00:00Z', lastAttempt: null });
    await scheduler.start();
    scheduler.stop();
    expect(state.runs).toHaveLength(0);
    expect(attempts.load()?.toISOString()).toBe('2026-11-24T12:00:00.000Z');
    state.now = at('2026-11-25T08:00:00Z');
    await scheduler.trigger('tick');
    expect(state.runs).toHaveLength(1);
  });

  it('the short tick re-evaluates on its own', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { state, scheduler } = rig({ now: '2026-11-24T07:00:00Z' });
    await scheduler.start();
    state.now = at('2026-11-24T08:10:00Z');
    await vi.advanceTimersByTimeAsync(3_600_000);
    await scheduler.idle();
    scheduler.stop();
    expect(state.runs).toHaveLength(1);
  });
});
