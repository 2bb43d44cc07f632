import type { SyncProgressEvent } from './types';
import { duplicateCount, inventoryDiff, syncFixture, type SyncFixture } from './test-helpers';

describe('sync against the simulator (real HTTP, real SQLite)', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('full sync at medium: the inventory equals the dataset item for item, field for field', async () => {
    fx = await syncFixture({ size: 'medium', timeScale: 200 });
    const ws = await fx.addWorkspace('Medium');
    // form versions are listed per form: slowed down, they are what is left once the top-level listings are done
    fx.sim.setFaults([{ kind: 'latency', operations: ['get_versions_for_form'], ms: 1500 }]);
    const first: SyncProgressEvent[] = [];
    const offFirst = fx.ctx.sync.onProgress((p) => first.push(p));
    const res = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
    offFirst();
    fx.sim.setFaults([]);
    // a first sync has no counts to go by: "estimating" at first, then an ETA once the top-level listings are done
    // and only the children of known parents are left
    expect(first[0]!.etaMs).toBeNull();
    expect(first.some((e) => e.phase === 'listing' && e.etaMs !== null && e.etaMs > 0)).toBe(true);
    expect(res.error).toBeNull();
    expect(res.status).toBe('ok');
    expect(res.resources.every((r) => r.status === 'ok')).toBe(true);
    expect(inventoryDiff(fx.ctx.store, ws, fx.sim)).toEqual([]);
    const counts = fx.ctx.store.inventory.counts(ws);
    for (const k of [
      'flows',
      'flow-actions',
      'flow-messages',
      'campaigns',
      'campaign-messages',
      'templates',
      'forms',
    ]) {
      expect(counts[k], k).toBeGreaterThan(0);
    }
    for (const k of ['form-versions', 'lists', 'segments', 'metrics', 'tags', 'tag-groups', 'account']) {
      expect(counts[k], k).toBeGreaterThan(0);
    }
    expect(counts.campaigns).toBe(fx.sim.accounts[0]!.dataset.resources.get('campaign')!.size);
    expect(duplicateCount(fx.ctx.store)).toBe(0);
    // a second run changes nothing and duplicates nothing; its progress has an ETA (counts known from run 1)
    const events: SyncProgressEvent[] = [];
    const off = fx.ctx.sync.onProgress((p) => events.push(p));
    const again = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'manual' });
    off();
    expect(events.length).toBeGreaterThan(2);
    expect(events.some((e) => e.phase === 'listing' && e.etaMs !== null && e.etaMs > 0)).toBe(true);
    const lastEvent = events[events.length - 1]!;
    expect(lastEvent).toMatchObject({ phase: 'done', etaMs: 0, requestId: again.requestId });
    expect(lastEvent.requests).toBe(again.totals.requests);
    expect(lastEvent.resources.find((r) => r.resource === 'flows')!.expectedItems).toBe(counts.flows);
    expect(again.status).toBe('ok');
    expect(again.totals.itemsAdded + again.totals.itemsChanged + again.totals.itemsRemoved).toBe(0);
    expect(again.totals.itemsUnchanged).toBe(res.totals.itemsAdded);
    expect(duplicateCount(fx.ctx.store)).toBe(0);
  });
});
