import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from './index';
import { simCall } from './testing';
import type { Simulator } from './types';

const DAY = 86_400_000;
// A controllable clock: every window boundary is exact, so these tests neither sleep nor flake.
const clock = { t: Date.UTC(2026, 10, 24, 10, 0, 0) };
const now = (): number => clock.t;

let sim: Simulator;
beforeEach(async () => {
  clock.t = Date.UTC(2026, 10, 24, 10, 0, 0);
  sim = await startSimulator({
    accounts: [
      { size: 'tiny', seed: 1 },
      { size: 'tiny', seed: 2 },
    ],
    now,
  });
});
afterEach(async () => {
  await sim.close();
});

const [A, B] = [0, 1];
const key = (i: number): string => sim.accounts[i]!.keys.full!;

describe('per-operation fixed windows from x-klaviyo-ratelimit', () => {
  it('burst: get_flows allows 3 in one second, the 4th gets Klaviyo’s throttled 429', async () => {
    const ok = [];
    for (let i = 0; i < 3; i++) ok.push(await simCall(sim, '/api/flows', { key: key(A) }));
    expect(ok.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(ok.map((r) => r.headers.get('ratelimit-limit'))).toEqual(['60', '60', '60']);
    expect(ok.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['59', '58', '57']);
    expect(ok[0]!.headers.get('ratelimit-reset')).toBe('60');
    const t = await simCall(sim, '/api/flows', { key: key(A) });
    expect(t.status).toBe(429);
    expect(t.headers.get('retry-after')).toBe('1');
    expect(t.headers.get('ratelimit-limit')).toBeNull();
    expect(t.headers.get('ratelimit-remaining')).toBeNull();
    expect(t.body.errors[0]).toMatchObject({
      status: 429,
      code: 'throttled',
      title: 'Request was throttled.',
      detail: 'Request was throttled. Expected available in 1 second.',
    });
    clock.t += 1000;
    expect((await simCall(sim, '/api/flows', { key: key(A) })).status).toBe(200);
  });

  it('steady: 60 a minute even when each second stays under the burst', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      if (i % 3 === 0 && i > 0) clock.t += 1000;
      statuses.push((await simCall(sim, '/api/flows', { key: key(A) })).status);
    }
    expect(statuses.slice(0, 60).every((s) => s === 200)).toBe(true);
    expect(statuses[60]).toBe(429);
    const t = await simCall(sim, '/api/flows', { key: key(A) });
    expect(Number(t.headers.get('retry-after'))).toBe(40); // 20 s used of the minute
    clock.t = Date.UTC(2026, 10, 24, 10, 1, 0);
    expect((await simCall(sim, '/api/flows', { key: key(A) })).status).toBe(200);
  });

  it('limits are independent per operation and per account', async () => {
    for (let i = 0; i < 3; i++) await simCall(sim, '/api/flows', { key: key(A) });
    expect((await simCall(sim, '/api/flows', { key: key(A) })).status).toBe(429);
    expect((await simCall(sim, '/api/tags', { key: key(A) })).status).toBe(200);
    expect((await simCall(sim, '/api/flows', { key: key(B) })).status).toBe(200);
    // two keys of the same account share its budget
    const other = sim.accounts[A]!.keys.noForms!;
    expect((await simCall(sim, '/api/flows', { key: other })).status).toBe(429);
  });

  it('the stricter profile_count limit (1/s, 15/m) applies only when the parameter is used', async () => {
    const list = [...sim.accounts[A]!.dataset.resources.get('list')!.keys()][0]!;
    expect(
      (await simCall(sim, `/api/lists/${list}?additional-fields[list]=profile_count`, { key: key(A) })).status,
    ).toBe(200);
    const second = await simCall(sim, `/api/lists/${list}?additional-fields[list]=profile_count`, { key: key(A) });
    expect(second.status).toBe(429);
    expect((await simCall(sim, `/api/lists/${list}`, { key: key(A) })).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      clock.t += 1000;
      statuses.push(
        (await simCall(sim, `/api/lists/${list}?additional-fields[list]=profile_count`, { key: key(A) })).status,
      );
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(14); // 15 per minute including the first
    expect(statuses.at(-1)).toBe(429);
  });

  it('reporting: 225 calls a day per account, reset on the next day (clock moved)', async () => {
    const call = (i: number) =>
      simCall(sim, '/api/campaign-values-reports', {
        key: key(i),
        method: 'POST',
        body: { data: { type: 'campaign-values-report', attributes: {} } },
      });
    for (let n = 0; n < 225; n++) {
      clock.t += 31_000; // stay under 1/s and 2/min
      if (Math.floor(clock.t / DAY) !== Math.floor((clock.t - 31_000) / DAY)) throw new Error('test crossed midnight');
      const r = await call(A);
      expect(r.status).not.toBe(429);
    }
    expect(sim.dailyUsed(sim.accounts[A]!.id, 'query_campaign_values')).toBe(225);
    clock.t += 61_000;
    const capped = await call(A);
    expect(capped.status).toBe(429);
    const retry = Number(capped.headers.get('retry-after'));
    expect(retry).toBe(Math.ceil((Math.ceil(clock.t / DAY) * DAY - clock.t) / 1000));
    expect((await call(B)).status).not.toBe(429);
    clock.t = Math.ceil(clock.t / DAY) * DAY + 1000;
    expect((await call(A)).status).not.toBe(429);
  }, 60_000);

  it('the daily cap holds across simulator restarts when a state file is given', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-daily-'));
    try {
      const file = path.join(dir, 'daily.json');
      const one = await startSimulator({ accounts: [{ id: 'ACC001', size: 'tiny' }], now, dailyStateFile: file });
      const post = (s: Simulator) =>
        simCall(s, '/api/flow-values-reports', { key: s.keys.full!, method: 'POST', body: {} });
      await post(one);
      clock.t += 31_000;
      await post(one);
      await one.close();
      const two = await startSimulator({ accounts: [{ id: 'ACC001', size: 'tiny' }], now, dailyStateFile: file });
      expect(two.dailyUsed('ACC001', 'query_flow_values')).toBe(2);
      await two.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('time scale', () => {
  it('shrinks every window by the factor and announces scaled decimal Retry-After values', async () => {
    const fast = await startSimulator({ size: 'tiny', timeScale: 60, now });
    try {
      for (let i = 0; i < 3; i++) expect((await simCall(fast, '/api/flows')).status).toBe(200);
      const t = await simCall(fast, '/api/flows');
      expect(t.status).toBe(429);
      const retry = t.headers.get('retry-after')!;
      expect(Number(retry)).toBeGreaterThan(0);
      expect(Number(retry)).toBeLessThanOrEqual(1 / 60 + 0.001);
      expect(retry).toMatch(/^0\.\d+$/);
      expect(t.body.errors[0].detail).toBe(`Request was throttled. Expected available in ${retry} seconds.`);
      clock.t += Math.ceil(1000 / 60);
      expect((await simCall(fast, '/api/flows')).status).toBe(200);
    } finally {
      await fast.close();
    }
  });

  it('works with the real clock too: waiting the announced Retry-After is enough', async () => {
    const real = await startSimulator({ size: 'tiny', timeScale: 20 });
    try {
      let r = await simCall(real, '/api/flows');
      let guard = 0;
      while (r.status === 200 && guard++ < 10) r = await simCall(real, '/api/flows');
      expect(r.status).toBe(429);
      await new Promise((res) => setTimeout(res, Number(r.headers.get('retry-after')) * 1000 + 5));
      expect((await simCall(real, '/api/flows')).status).toBe(200);
    } finally {
      await real.close();
    }
  });
});
