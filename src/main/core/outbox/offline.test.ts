import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simAppliedWrites, startSimulator } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import { createCoreContext, type CoreContext } from '../context';
import { createLogger, memorySink } from '../log';
import { MemorySecretStore } from '../secrets';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('offline → online', () => {
  let sim: Simulator;
  let dir: string;
  let core: CoreContext;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 41, timeScale: 200 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-offline-'));
    const secrets = new MemorySecretStore();
    await secrets.set('workspace:w1', sim.keys.full!);
    core = createCoreContext({
      dataDir: dir,
      secrets,
      logger: createLogger({ sink: memorySink() }),
      // the schedule is far away: only the return of the connection can send the changes in this test
      autoFlush: { intervalMs: 3_600_000, probeMs: 300, settleMs: 50 },
      outbox: { client: { requestTimeoutMs: 2000 } },
    });
    core.store.workspaces.insert({
      id: 'w1',
      name: 'Offline',
      baseUrl: sim.baseUrl,
      settingsJson: JSON.stringify({ timeScale: 200 }),
      secretRef: 'workspace:w1',
      createdAt: 1,
      updatedAt: 1,
    });
  });
  afterAll(async () => {
    await core?.close();
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('changes queued while Klaviyo is unreachable flush by themselves when it comes back', async () => {
    const flows = [...sim.accounts[0]!.dataset.resources.get('flow')!.keys()];
    sim.setReachable(false);
    core.outbox.queue('w1', { kind: 'tag_add', targetType: 'flow', targetIds: flows, tag: 'Train ride' });
    const [flow] = flows;
    const status =
      sim.accounts[0]!.dataset.resources.get('flow')!.get(flow!)!.attributes.status === 'live' ? 'draft' : 'live';
    core.outbox.queue('w1', { kind: 'flow_status', targetIds: [flow!], status });

    // the automatic flush tried, found no connection, and keeps the changes queued
    const deadline = Date.now() + 15_000;
    while (!core.autoFlusher!.offlineWorkspaces().includes('w1') && Date.now() < deadline) await sleep(50);
    expect(core.autoFlusher!.offlineWorkspaces()).toEqual(['w1']);
    await sleep(700);
    // the loop keeps trying every 300 ms: read the queue between two tries (no push run open), in one turn
    while (core.store.runs.running('w1', 'push').length) await sleep(5);
    const waiting = core.store.outbox.list({ workspaceId: 'w1' });
    expect(waiting.map((r) => r.state)).toEqual(flows.map(() => 'pending').concat('pending'));
    // no attempt is counted for a missing connection; the flush stopped at the first change it could not send
    expect(waiting.every((r) => r.attempts === 0)).toBe(true);
    expect(JSON.parse(waiting[0]!.errorJson!)).toMatchObject({ code: 'network' });
    expect(simAppliedWrites(sim.accounts[0]!.dataset)).toHaveLength(0);

    // the connection returns: nobody asks, the queue empties
    sim.setReachable(true);
    while (core.store.outbox.list({ workspaceId: 'w1', states: ['done'] }).length < flows.length + 1) {
      expect(Date.now(), 'the queue did not flush by itself').toBeLessThan(deadline + 15_000);
      await sleep(50);
    }
    const writes = simAppliedWrites(sim.accounts[0]!.dataset);
    expect(
      writes
        .filter((w) => w.operationId === 'tag_flows')
        .map((w) => w.id)
        .sort(),
    ).toEqual([...flows].sort());
    expect(writes.filter((w) => w.operationId === 'update_flow')).toEqual([
      expect.objectContaining({ id: flow, value: status }),
    ]);
    expect(core.autoFlusher!.offlineWorkspaces()).toEqual([]);
    const runs = core.store.runs.list({ workspaceId: 'w1', direction: 'push' });
    expect(runs[0]).toMatchObject({ trigger: 'auto', status: 'ok' });
  }, 60_000);
});
