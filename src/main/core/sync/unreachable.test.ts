import { syncFixture, type SyncFixture } from './test-helpers';

describe('a server that cannot be reached', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('ends partial_or_timeout but says nothing was fetched and why (details.reason "unreachable")', async () => {
    fx = await syncFixture({ size: 'tiny', timeScale: 200 });
    const ws = await fx.addWorkspace('Gone');
    // the demo simulator stops with the app that started it; the workspace still points at its port
    await fx.sim.close();
    const res = await fx.ctx.sync.run({ workspaceId: ws });
    expect(res.status).toBe('partial_or_timeout');
    expect(res.error).toMatchObject({ code: 'network', details: { reason: 'unreachable' } });
    expect(res.error!.message).toMatch(/^Nothing was fetched: /);
    expect(res.totals.itemsAdded).toBe(0);
    expect(res.resources.every((f) => f.pages === 0)).toBe(true);
  }, 120_000);
});
