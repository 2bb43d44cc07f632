import { simChangeLog } from '../../../sim';
import { simCall } from '../../../sim/testing';
import type { SimResource } from '../../../sim/types';
import { changeSentence } from '../../../shared/changes';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';
import { changeSet } from './index';

/**
 * Acceptance over real HTTP with the real sync: the simulator is edited through its write API between two syncs,
 * and the change set the app computes from its stored versions must be exactly what the simulator journaled.
 */
describe('changes between two real syncs equal what the simulator changed', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  const PLURAL: Record<string, string> = { flow: 'flows', campaign: 'campaigns', list: 'lists' };

  it('flow status, campaign audience, a rename, an added and a removed list', async () => {
    fx = await syncFixture({ size: 'tiny', timeScale: 60 });
    const ws = await fx.addWorkspace('Changes');
    const first = await fx.ctx.sync.run({ workspaceId: ws });
    expect(first.status).toBe('ok');

    const ds = fx.sim.accounts[0]!.dataset;
    const all = (type: string) => [...(ds.resources.get(type)?.values() ?? [])] as SimResource[];
    const send = async (method: string, path: string, body?: unknown) => {
      const r = await simCall(fx.sim, path, { method, body, retries429: 20 });
      expect(r.status, `${method} ${path}: ${r.text.slice(0, 200)}`).toBeLessThan(300);
      return r;
    };

    const flow = all('flow').find((f) => !f.attributes.archived)!;
    const newStatus = flow.attributes.status === 'draft' ? 'live' : 'draft';
    const oldStatus = flow.attributes.status as string;
    await send('PATCH', `/api/flows/${flow.id}`, {
      data: { type: 'flow', id: flow.id, attributes: { status: newStatus } },
    });

    const [keep, rename, drop] = all('list');
    const campaign = all('campaign').find((c) => !c.attributes.archived)!;
    const before = (campaign.attributes.audiences as { included: string[] }).included;
    const swapIn = [keep!.id, rename!.id].find((id) => !before.includes(id))!;
    await send('PATCH', `/api/campaigns/${campaign.id}`, {
      data: { type: 'campaign', id: campaign.id, attributes: { audiences: { included: [swapIn] } } },
    });
    const oldName = rename!.attributes.name as string;
    await send('PATCH', `/api/lists/${rename!.id}`, {
      data: { type: 'list', id: rename!.id, attributes: { name: `${oldName} (renamed)` } },
    });
    const created = await send('POST', '/api/lists', { data: { type: 'list', attributes: { name: 'Fresh leads' } } });
    await send('DELETE', `/api/lists/${drop!.id}`);

    const second = await fx.ctx.sync.run({ workspaceId: ws });
    expect(second.status).toBe('ok');

    const set = changeSet(fx.ctx.store, { workspaceId: ws });
    expect([set.from?.runId, set.to?.runId]).toEqual([String(first.runId), String(second.runId)]);
    const journal = simChangeLog(ds);
    expect(journal).toHaveLength(5);
    const expected = journal.map((j) => `${PLURAL[j.type]}:${j.id}:${j.kind}`).sort();
    expect(set.items.map((c) => `${c.type}:${c.id}:${c.kind}`).sort()).toEqual(expected);
    expect(set.total).toBe(5);
    // every field the simulator changed is in the item's detail, and only those besides moved timestamps
    for (const j of journal.filter((x) => x.kind === 'modified')) {
      const item = set.items.find((c) => c.id === j.id)!;
      const real = [...new Set(item.fields.filter((f) => !f.noise).map((f) => f.path.split(/[.[]/)[0]))].sort();
      expect(real, j.id).toEqual([...j.fields].sort());
    }

    const words = (id: string, lang: 'en' | 'pl') =>
      set.items.find((c) => c.id === id)!.summary.map((m) => changeSentence(m, lang));
    const flowName = flow.attributes.name as string;
    expect(words(flow.id, 'en')).toEqual([`${flowName}: ${oldStatus} → ${newStatus}`]);
    const name = (id: string) =>
      all('list')
        .concat(all('segment'))
        .find((x) => x.id === id)?.attributes.name ?? id;
    const delta = [`+${name(swapIn)}`, ...before.filter((id) => id !== swapIn).map((id) => `−${name(id)}`)].join(' ');
    expect(words(campaign.id, 'en')).toEqual([`Campaign ‘${campaign.attributes.name as string}’: audience ${delta}`]);
    expect(words(campaign.id, 'pl')).toEqual([`Kampania ‘${campaign.attributes.name as string}’: odbiorcy ${delta}`]);
    expect(words(rename!.id, 'en')).toEqual([`List ‘${oldName}’ renamed to ‘${oldName} (renamed)’`]);
    const createdId = (created.body as { data: { id: string } }).data.id;
    expect(words(createdId, 'pl')).toEqual(['Dodano: Lista ‘Fresh leads’']);
    expect(words(drop!.id, 'en')).toEqual([`List ‘${drop!.attributes.name as string}’ removed`]);
  }, 120_000);
});

describe('a run that did not read a resource completely', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('neither removes nor adds the items it did not read; what it read is compared as usual', async () => {
    fx = await syncFixture({ size: 'tiny', timeScale: 60 });
    const ws = await fx.addWorkspace('Partial');
    const first = await fx.ctx.sync.run({ workspaceId: ws });
    expect(first.status).toBe('ok');
    const templates = fx.ctx.store.inventory.list({ workspaceId: ws, resourceType: 'templates' }).length;
    expect(templates).toBeGreaterThan(0);

    const ds = fx.sim.accounts[0]!.dataset;
    const flow = ([...(ds.resources.get('flow')?.values() ?? [])] as SimResource[]).find(
      (f) => !f.attributes.archived,
    )!;
    const status = flow.attributes.status === 'live' ? 'manual' : 'live';
    const patched = await simCall(fx.sim, `/api/flows/${flow.id}`, {
      method: 'PATCH',
      body: { data: { type: 'flow', id: flow.id, attributes: { status } } },
      retries429: 20,
    });
    expect(patched.status).toBe(200);
    fx.sim.setFaults([{ kind: 'server-error', operations: ['get_templates'], status: 500 }]);
    const partial = await fx.ctx.sync.run({ workspaceId: ws });
    expect(partial.status).toBe('partial_or_timeout');

    const toPartial = changeSet(fx.ctx.store, { workspaceId: ws, toRunId: partial.runId });
    expect(toPartial.from?.runId).toBe(String(first.runId));
    expect(toPartial.incomplete).toEqual(['templates']);
    expect(toPartial.items.map((c) => `${c.type}:${c.id}:${c.kind}`)).toEqual([`flows:${flow.id}:modified`]);
    expect(toPartial.counts.templates).toBeUndefined();
    expect(toPartial.total).toBe(1);

    // the next complete run compared with the partial one: the templates it reads again are not "added"
    fx.sim.setFaults([]);
    const third = await fx.ctx.sync.run({ workspaceId: ws });
    expect(third.status).toBe('ok');
    const fromPartial = changeSet(fx.ctx.store, { workspaceId: ws, fromRunId: partial.runId, toRunId: third.runId });
    expect(fromPartial.incomplete).toEqual(['templates']);
    expect(fromPartial.items).toEqual([]);
  }, 120_000);
});
