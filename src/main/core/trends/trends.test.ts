import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { EventPayload, TrendPoint } from '../../../shared/contract';
import type { Desk } from '../compose';
import { testDesk } from '../test-desk';

describe('trends: points captured at every sync (simulator over real HTTP, through the service)', () => {
  let sim: Simulator;
  let desk: Desk;
  let dir: string;
  let workspaceId = '';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trends-'));
    sim = await startSimulator({ size: 'small', seed: 4, timeScale: 500 });
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
  async function sync(): Promise<EventPayload<'sync:finished'>> {
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
    return done;
  }
  const byRun = (points: TrendPoint[], runId: string, metric: string) =>
    points.find((p) => p.runId === runId && p.metric === metric);

  it('each sync leaves the workspace figures and each flow’s status; a flow set to draft shows in both', async () => {
    ({
      workspace: { id: workspaceId },
    } = await call<{ workspace: { id: string } }>('workspaces:add', {
      name: 'Trends',
      apiKey: sim.keys.full!,
      baseUrl: sim.baseUrl,
      timeScale: 500,
    }));
    const first = await sync();
    expect(first.status).toBe('ok');
    const flows = [...sim.accounts[0]!.dataset.resources.get('flow')!.values()];
    const live = flows.filter((f) => f.attributes.status === 'live' && f.attributes.archived !== true);
    expect(live.length).toBeGreaterThan(0);
    let ws = (await call<{ points: TrendPoint[] }>('trends:get', { workspaceId })).points;
    expect(byRun(ws, first.runId, 'flows.live')?.value).toBe(live.length);
    expect(byRun(ws, first.runId, 'score')?.value).toEqual(expect.any(Number));
    for (const s of ['critical', 'high', 'medium', 'low', 'info'])
      expect(byRun(ws, first.runId, `findings.${s}`)?.value, s).toEqual(expect.any(Number));
    expect(byRun(ws, first.runId, 'messages.live')?.value).toBeGreaterThan(0);

    // the simulator's flow goes to draft; the next sync's points say so
    const flow = live[0]!;
    flow.attributes.status = 'draft';
    flow.attributes.updated = new Date().toISOString();
    const second = await sync();
    expect(second.status).toBe('ok');
    ws = (await call<{ points: TrendPoint[] }>('trends:get', { workspaceId })).points;
    expect(byRun(ws, second.runId, 'flows.live')?.value).toBe(live.length - 1);
    expect(new Set(ws.map((p) => p.runId))).toEqual(new Set([first.runId, second.runId]));
    const item = (
      await call<{ points: TrendPoint[] }>('trends:get', { workspaceId, item: { type: 'flows', id: flow.id } })
    ).points;
    expect(item.map((p) => [p.runId, p.metric, p.label])).toEqual([
      [first.runId, 'status', 'live'],
      [second.runId, 'status', 'draft'],
    ]);
  }, 120_000);
});
