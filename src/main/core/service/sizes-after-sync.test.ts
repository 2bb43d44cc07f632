import { startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { InventoryDetail, SyncRun } from '../../../shared/contract';
import { deskOnSim, type DeskOnSim } from './desk-on-sim';

describe('sizes after a sync, through the service (simulator over real HTTP)', () => {
  let sim: Simulator;
  let d: DeskOnSim;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 3, timeScale: 500 });
    d = await deskOnSim(sim, 'sizes-service-');
  }, 60_000);
  afterAll(async () => {
    await d?.close();
    await sim?.close();
  });

  it('the run record tells what the size refresh did, the drawer shows a size with when it was observed; a failed refresh leaves the sync ok and the sizes as they were', async () => {
    const lists = [...sim.accounts[0]!.dataset.resources.get('list')!.values()];
    const segments = [...sim.accounts[0]!.dataset.resources.get('segment')!.values()];
    const first = await d.sync();
    expect(first.status).toBe('ok');
    let run = await d.call<SyncRun>('sync:run', { runId: first.runId });
    expect(run.sizes).toMatchObject({
      status: 'ok',
      asked: lists.length + segments.length,
      carried: 0,
      remaining: 0,
      error: null,
    });
    const list = lists[0]!;
    const detail = async () =>
      d.call<InventoryDetail>('inventory:get', { workspaceId: d.workspaceId, type: 'lists', id: list.id });
    const shown = (await detail()).size;
    expect(shown?.count).toBe(list.attributes.profile_count);
    expect(Date.parse(shown!.observedAt)).toBeGreaterThan(Date.parse(run.startedAt));

    // the list moves and grows, and Klaviyo answers its size call with 503s: the sync is still ok, the size as it was
    list.attributes.updated = new Date(Date.now() + 1000).toISOString();
    list.attributes.profile_count = Number(list.attributes.profile_count) + 50;
    sim.setFaults([{ kind: 'server-error', operations: ['get_list'], status: 503 }]);
    const second = await d.sync();
    sim.setFaults([]);
    expect(second.status).toBe('ok');
    run = await d.call<SyncRun>('sync:run', { runId: second.runId });
    expect(run.status).toBe('ok');
    expect(run.sizes).toMatchObject({ status: 'failed', asked: 0, error: { code: 'server' } });
    expect((await detail()).size).toEqual(shown);
  }, 120_000);
});
