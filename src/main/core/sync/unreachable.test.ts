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
    expect(res.error!.message).toMatch(/^Nothing was fetched: Could not reach Klaviyo \(/);
    expect(res.totals.itemsAdded).toBe(0);
    expect(res.resources.every((f) => f.pages === 0)).toBe(true);
  }, 120_000);

  it('names the demo simulator, not Klaviyo, when the demo workspace cannot reach it', async () => {
    fx = await syncFixture({ size: 'tiny', timeScale: 200 });
    const { workspace } = await fx.ctx.workspaces.add({
      name: 'Demo',
      apiKey: fx.sim.keys.full!,
      baseUrl: fx.sim.baseUrl,
      isDemo: true,
      settings: { timeScale: 200 },
    });
    await fx.sim.close();
    const res = await fx.ctx.sync.run({ workspaceId: workspace.id });
    expect(res.status).toBe('partial_or_timeout');
    expect(res.error).toMatchObject({ code: 'network', details: { reason: 'unreachable' } });
    expect(res.error!.message).toMatch(/^Nothing was fetched: Could not reach the demo simulator \(.*ECONNREFUSED/);
    // every resource's own error names it too, and nothing blames Klaviyo
    expect(res.resources.length).toBeGreaterThan(0);
    for (const f of res.resources)
      expect(f.error?.message ?? '', f.resource).toMatch(/^Could not reach the demo simulator/);
    expect(JSON.stringify(res)).not.toMatch(/Klaviyo/);
  }, 120_000);
});
