import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Desk } from '../compose';
import type { Store } from '../store';
import { testDesk } from '../test-desk';
import { generateRuns, insertRuns } from './fixtures/year-of-runs';
import { inThreadHistoryRunner, type HistoryJob, type HistoryRunner } from './jobs';
import { HistoryWorker } from './worker-host';
import { timerTurnsWhile } from '../worker-thread/test-helpers';

const DAY_MS = 86_400_000;
const END = Date.parse('2026-12-01T00:00:00Z');
const WORKSPACES = Array.from({ length: 60 }, (_, i) => `client-${String(i).padStart(2, '0')}`);
const YEAR = { from: END - 365 * DAY_MS, to: END };

describe('the history worker', () => {
  let dir: string;
  // the app's desk (analytics in the worker) and the CLI's (on its own thread), on the same data folder
  let app: Desk;
  let cli: Desk;
  let store: Store;
  let worker: HistoryWorker;
  let here: HistoryRunner;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'history-worker-'));
    app = testDesk({ dataDir: dir, mode: 'electron', now: () => new Date(END), core: { autoFlush: false } });
    cli = testDesk({ dataDir: dir, now: () => new Date(END) });
    store = app.core.store;
    for (const id of WORKSPACES) {
      store.workspaces.insert({ id, name: id.toUpperCase(), secretRef: `workspace:${id}`, createdAt: 1, updatedAt: 1 });
    }
    // the large year: 60 clients × 365 days, pulls and pushes
    insertRuns(store, generateRuns({ workspaces: WORKSPACES, days: 365, end: END, seed: 14, pushes: true }));
    worker = new HistoryWorker({ dbFile: store.database.file });
    here = inThreadHistoryRunner(store);
  }, 120_000);

  afterAll(async () => {
    await worker.close();
    await app.close();
    await cli.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the analytics and the health report exactly as this thread computes them', async () => {
    const jobs: HistoryJob[] = [
      { kind: 'analytics', window: YEAR },
      { kind: 'analytics', window: { ...YEAR, workspaceId: 'client-07', direction: 'push' } },
      { kind: 'health', workspaces: store.workspaces.list({ includeArchived: false }), now: END },
    ];
    for (const job of jobs) {
      const there = await worker.run(job);
      expect(there, job.kind).toEqual(await here.run(job));
    }
    const year = await worker.run({ kind: 'analytics', window: YEAR });
    expect(year.byWorkspace.size).toBe(60);
    expect(year.byDirection.push.runs).toBeGreaterThan(1000);
    const health = await worker.run({ kind: 'health', workspaces: store.workspaces.list({}), now: END });
    expect(health.filter((h) => h.recommendations.length).length).toBeGreaterThan(0);
  }, 60_000);

  it('is what the app and the web version ask through the service, with the answers the CLI gets', async () => {
    expect(app.core.historyWorker).toBeInstanceOf(HistoryWorker);
    expect(cli.core.historyWorker).not.toBeInstanceOf(HistoryWorker);
    const ask = async (desk: Desk, channel: 'history:analytics' | 'health:get', input: unknown) => {
      const r = await desk.service.call(channel, input);
      if (!r.ok) throw new Error(JSON.stringify(r.error));
      return r.data;
    };
    const window = { from: new Date(YEAR.from).toISOString(), to: new Date(END).toISOString(), lang: 'pl' };
    expect(await ask(app, 'history:analytics', window)).toEqual(await ask(cli, 'history:analytics', window));
    expect(await ask(app, 'health:get', {})).toEqual(await ask(cli, 'health:get', {}));
  }, 60_000);

  it('leaves this thread free while it computes a year of 60 clients, which this thread could not', async () => {
    await worker.run({ kind: 'analytics', window: { from: END - DAY_MS, to: END } }); // started and warm
    const ticksWhile = async (runner: HistoryRunner) => {
      const { turns, value: a } = await timerTurnsWhile(() => runner.run({ kind: 'analytics', window: YEAR }));
      expect(a.byWorkspace.size).toBe(60);
      return turns;
    };
    // computed on this thread no timer fires until the figures are done; in the worker the timers keep firing
    expect(await ticksWhile(here)).toBeLessThanOrEqual(1);
    expect(await ticksWhile(worker)).toBeGreaterThan(2);
  }, 60_000);

  it('answers a failure with the envelope and the caller’s requestId, and close lets the job under way finish', async () => {
    const failed = await worker.run({ kind: 'health' } as HistoryJob, 'req-14').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(AppError);
    expect(failed).toMatchObject({ code: 'internal', requestId: 'req-14' });

    const own = new HistoryWorker({ dbFile: store.database.file });
    const underWay = own.run({ kind: 'analytics', window: YEAR });
    const closed = own.close();
    // the job under way is answered before the thread ends
    await expect(underWay).resolves.toMatchObject({ total: { runs: expect.any(Number) } });
    await closed;
    expect(() => own.run({ kind: 'analytics', window: YEAR })).toThrow(/closed/);
  }, 60_000);
});
