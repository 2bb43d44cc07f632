import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simAppliedWrites, startSimulator } from '../../../sim';
import type { SimResource, Simulator } from '../../../sim/types';
import { createCoreContext, type CoreContext } from '../context';
import { createLogger, memorySink } from '../log';
import { MemorySecretStore } from '../secrets';

const TIME_SCALE = 200;

describe('the flush sends the fewest requests the spec allows, in order per field', () => {
  let sim: Simulator;
  let dir: string;
  let core: CoreContext;
  const ws = 'w1';
  beforeEach(async () => {
    sim = await startSimulator({ size: 'small', seed: 51, timeScale: TIME_SCALE });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-batches-'));
    const secrets = new MemorySecretStore();
    await secrets.set(`workspace:${ws}`, sim.keys.full!);
    core = createCoreContext({ dataDir: dir, secrets, logger: createLogger({ sink: memorySink() }) });
    core.store.workspaces.insert({
      id: ws,
      name: 'Batches',
      baseUrl: sim.baseUrl,
      settingsJson: JSON.stringify({ timeScale: TIME_SCALE }),
      secretRef: `workspace:${ws}`,
      createdAt: 1,
      updatedAt: 1,
    });
  });
  afterEach(async () => {
    await core?.close();
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const ids = (type: string) => [...sim.accounts[0]!.dataset.resources.get(type)!.keys()];
  const tagNamed = (name: string): SimResource | undefined =>
    [...sim.accounts[0]!.dataset.resources.get('tag')!.values()].find((t) => t.attributes.name === name);
  const sent = (operationId: string) => sim.requestLog.find({ operationId }).length;

  it('many new tags: one tag listing for every name, one create and one link request per tag, no read of a tag it made', async () => {
    const flows = ids('flow');
    const names = ['N1', 'N2', 'N3', 'N4', 'N5'];
    for (const tag of names) core.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: flows, tag });
    const r = await core.outbox.flush(ws, { trigger: 'cli' });
    expect(r).toMatchObject({ done: flows.length * names.length, pending: 0, rejected: 0 });
    expect(sent('get_tags')).toBe(1);
    expect(sent('create_tag')).toBe(names.length);
    expect(sent('tag_flows')).toBe(names.length);
    expect(sent('get_flow_ids_for_tag')).toBe(0);
    for (const name of names) {
      const tag = tagNamed(name)!;
      for (const f of flows)
        expect(simAppliedWrites(sim.accounts[0]!.dataset).filter((w) => w.id === f && w.value === tag.id)).toHaveLength(
          1,
        );
    }

    // a tag made by an earlier flush is read before its next batch: what is already linked is not sent again
    core.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: flows.slice(0, 3), tag: 'N1' });
    core.outbox.queue(ws, { kind: 'tag_remove', targetType: 'flow', targetIds: flows.slice(0, 2), tag: 'N2' });
    const before = sim.requestLog.count();
    const r2 = await core.outbox.flush(ws, { trigger: 'cli' });
    expect(r2).toMatchObject({ done: 5, requests: 1, pending: 0 });
    expect(sim.requestLog.count() - before).toBe(1 + 2 + 1); // one listing of both names, a read per tag, one unlink
    expect(sent('get_flow_ids_for_tag')).toBe(2);
    expect(sent('tag_flows')).toBe(names.length);
  }, 60_000);

  it('keeps the order of changes of one field (add, remove, add) while other fields go at once', async () => {
    const [f1, f2] = ids('flow');
    core.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: [f1!, f2!], tag: 'Order' });
    core.outbox.queue(ws, { kind: 'tag_remove', targetType: 'flow', targetIds: [f1!], tag: 'Order' });
    core.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: [f1!], tag: 'Other' });
    core.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: [f1!], tag: 'Order' });
    const r = await core.outbox.flush(ws, { trigger: 'cli' });
    expect(r).toMatchObject({ done: 5, pending: 0, rejected: 0 });
    const order = tagNamed('Order')!.id;
    const onF1 = simAppliedWrites(sim.accounts[0]!.dataset).filter((w) => w.id === f1 && w.value === order);
    expect(onF1.map((w) => w.operationId)).toEqual(['tag_flows', 'remove_tag_from_flows', 'tag_flows']);
    const linked = (sim.accounts[0]!.dataset.resources.get('flow')!.get(f1!)!.relationships!.tags!.data ?? []) as {
      id: string;
    }[];
    expect(linked.map((t) => t.id)).toEqual(expect.arrayContaining([order, tagNamed('Other')!.id]));
  }, 60_000);

  it('a batch refused for one bad id is halved until that id is alone: it is rejected, the others applied once', async () => {
    const campaigns = ids('campaign');
    const n = campaigns.length + 1;
    expect(n).toBeGreaterThan(50);
    const targets = [...campaigns.slice(0, 37), 'NOSUCH', ...campaigns.slice(37)];
    core.outbox.queue(ws, { kind: 'tag_add', targetType: 'campaign', targetIds: targets, tag: 'Halves' });
    const r = await core.outbox.flush(ws, { trigger: 'cli' });
    expect(r).toMatchObject({ done: n - 1, rejected: 1, pending: 0 });
    expect(core.store.outbox.list({ workspaceId: ws, states: ['rejected'] }).map((x) => x.targetId)).toEqual([
      'NOSUCH',
    ]);
    const tag = tagNamed('Halves')!.id;
    const writes = simAppliedWrites(sim.accounts[0]!.dataset).filter((w) => w.value === tag);
    expect(writes).toHaveLength(n - 1);
    expect(new Set(writes.map((w) => w.id)).size).toBe(n - 1);
    // halving: the refused batch, then two requests per level down to the bad id, far below one request per item
    const levels = Math.ceil(Math.log2(n));
    expect(sent('tag_campaigns')).toBeLessThanOrEqual(1 + 2 * levels);
    expect(sim.requestLog.find({ operationId: 'tag_campaigns', status: 404 }).length).toBeLessThanOrEqual(levels + 1);
  }, 60_000);
});
