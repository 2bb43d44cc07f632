import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { EventPayload } from '../../../shared/contract';
import type { Desk } from '../compose';
import { testDesk } from '../test-desk';
import { rebuildRun } from './pull-snapshot';
import { inventoryNow, snapshotKind } from './test-helpers';

const DAY_MS = 86_400_000;

describe('retention runs by itself after every sync (simulator over real HTTP, through the service)', () => {
  let sim: Simulator;
  let desk: Desk;
  let dir: string;
  let workspaceId = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retention-'));
    sim = await startSimulator({ size: 'tiny', seed: 5, timeScale: 500 });
    desk = testDesk({ dataDir: dir });
  }, 60_000);
  afterAll(async () => {
    await desk.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  async function call<T>(channel: string, input: unknown): Promise<T> {
    const r = await desk.service.call(channel as never, input as never);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.data as T;
  }
  async function sync(): Promise<number> {
    const finished = new Promise<EventPayload<'sync:finished'>>((resolve) => {
      const off = desk.service.on('sync:finished', (p) => {
        if (p.workspaceId !== workspaceId) return;
        off();
        resolve(p);
      });
    });
    await call('sync:start', { workspaceId });
    const done = await finished;
    await desk.service.auditsSettled();
    expect(done.status).toBe('ok');
    return Number(done.runId);
  }

  it('a run older than the setting loses its snapshots, keeps its summary, and the oldest kept delta becomes full', async () => {
    ({
      workspace: { id: workspaceId },
    } = await call<{ workspace: { id: string } }>('workspaces:add', {
      name: 'Retention',
      apiKey: sim.keys.full!,
      baseUrl: sim.baseUrl,
      timeScale: 500,
    }));
    const store = desk.core.store;
    const first = await sync();
    const second = await sync();
    expect([snapshotKind(store, first), snapshotKind(store, second)]).toEqual(['full', 'delta']);

    // the first run is now 200 days old, the second 100: the default keeps 180 days
    store.runs.update(first, { startedAt: Date.now() - 200 * DAY_MS });
    store.runs.update(second, { startedAt: Date.now() - 100 * DAY_MS });
    const third = await sync();
    expect(store.snapshots.snapshotsOfRun(first)).toEqual([]);
    expect(store.runs.get(first)?.status).toBe('ok');
    expect(snapshotKind(store, second)).toBe('full');
    expect(rebuildRun(store, workspaceId, third)).toEqual(inventoryNow(store, workspaceId));

    // a shorter setting takes effect at the next sync
    await call('settings:update', { snapshotRetention: { days: 50 } });
    const fourth = await sync();
    expect(store.snapshots.snapshotsOfRun(second)).toEqual([]);
    expect(store.runs.get(second)?.status).toBe('ok');
    expect(snapshotKind(store, third)).toBe('full');
    expect(store.snapshots.snapshotsOfRun(fourth).length).toBeGreaterThan(0);
    expect(rebuildRun(store, workspaceId, fourth)).toEqual(inventoryNow(store, workspaceId));
  }, 120_000);
});
