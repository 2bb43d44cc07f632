import { duplicateCount, inventoryDiff, syncFixture, type SyncFixture } from './test-helpers';

describe('sync against the simulator (real HTTP, real SQLite)', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('full sync at medium: the inventory equals the dataset item for item, field for field', async () => {
    fx = await syncFixture({ size: 'medium', timeScale: 200 });
    const ws = await fx.addWorkspace('Medium');
    const res = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
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
    // a second run changes nothing and duplicates nothing
    const again = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'manual' });
    expect(again.status).toBe('ok');
    expect(again.totals.itemsAdded + again.totals.itemsChanged + again.totals.itemsRemoved).toBe(0);
    expect(again.totals.itemsUnchanged).toBe(res.totals.itemsAdded);
    expect(duplicateCount(fx.ctx.store)).toBe(0);
  });
});
