import { RESOURCE_DEFS, RESOURCE_NAMES, type ResourceDef } from '../klaviyo';
import { klaviyoSourceFactory, RESOURCE_DEFINITIONS } from './klaviyo-source';
import { inventoryDiff, syncFixture, type SyncFixture } from './test-helpers';

/**
 * The sync's crawl over the resource definitions against the simulator (real HTTP): every resource listed, each
 * child under its parent, children taken from `included` at any depth, a missing scope failing alone and an auth
 * failure stopping everything.
 */

/** inventory ids of one resource, with the parent each item was stored under */
function stored(fx: SyncFixture, ws: string, resource: string): Map<string, string | null> {
  const rows = fx.ctx.store.inventory.list({ workspaceId: ws, resourceType: resource, limit: 1_000_000 });
  return new Map(rows.map((r) => [r.klaviyoId, r.parentId]));
}

/** a child stored under the parent its own relationship names (or under some parent when it names none) */
function expectUnderOwnParent(fx: SyncFixture, ws: string, resource: string, rel: string): void {
  const type = RESOURCE_DEFS[resource as keyof typeof RESOURCE_DEFS].type;
  const items = fx.sim.accounts[0]!.dataset.resources.get(type)!;
  const got = stored(fx, ws, resource);
  expect(got.size, resource).toBeGreaterThan(0);
  for (const [id, parentId] of got) {
    const own = (items.get(id)!.relationships?.[rel]?.data as { id: string } | null | undefined)?.id;
    if (own) expect(parentId, `${resource} ${id}`).toBe(own);
    else expect(parentId, `${resource} ${id}`).not.toBeNull();
  }
}

describe('the sync crawl against the simulator', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('lists every resource, item for item, with each child under its parent: one detail call per flow, its actions and messages read out of the definition', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 120, seed: 3 });
    const ws = await fx.addWorkspace('Crawl');
    fx.sim.clearLog();
    const res = await fx.ctx.sync.run({ workspaceId: ws });
    expect(res.status).toBe('ok');
    expect(res.resources.map((r) => [r.resource, r.status, r.error])).toEqual(
      RESOURCE_NAMES.map((n) => [n, 'ok', null]),
    );
    const ds = fx.sim.accounts[0]!.dataset;
    for (const name of RESOURCE_NAMES) {
      const expected = [...(ds.resources.get(RESOURCE_DEFS[name].type)?.keys() ?? [])].sort();
      expect([...stored(fx, ws, name).keys()].sort(), name).toEqual(expected);
    }
    expect(inventoryDiff(fx.ctx.store, ws, fx.sim)).toEqual([]);
    expectUnderOwnParent(fx, ws, 'flow-actions', 'flow');
    expectUnderOwnParent(fx, ws, 'flow-messages', 'flow-action');
    expectUnderOwnParent(fx, ws, 'campaign-messages', 'campaign');
    expectUnderOwnParent(fx, ws, 'form-versions', 'form');
    // the flow definition came from the detail call
    const flows = ds.resources.get('flow')!.size;
    expect(flows).toBeGreaterThan(0);
    const details = fx.sim.requestLog.entries().filter((e) => e.operationId === 'get_flow');
    expect(details.length).toBe(flows);
    expect(details.every((e) => e.url.includes('additional-fields%5Bflow%5D=definition'))).toBe(true);
    // every definition tells its actions and their messages: neither is listed
    expect(fx.sim.requestLog.count({ operationId: 'get_actions_for_flow' })).toBe(0);
    expect(fx.sim.requestLog.count({ operationId: 'get_flow_action_messages' })).toBe(0);
    expect(fx.sim.requestLog.entries().filter((e) => e.status !== 200)).toEqual([]);
  });

  it('takes children from included at any depth: flow actions from the flow listing, their messages per send action', async () => {
    const definitions: ResourceDef[] = RESOURCE_DEFINITIONS.map((d) =>
      d.name === 'flows'
        ? { ...d, include: [...(d.include ?? []), 'flow-actions'] }
        : d.name === 'flow-actions'
          ? { ...d, parent: { resource: 'flows', fromIncluded: { relationship: 'flow-actions' } } }
          : // listed per send action (not read out of the action's definition), as a child of an included child
            d.name === 'flow-messages'
            ? { ...d, parent: { ...d.parent!, fromDefinition: undefined } }
            : d,
    );
    fx = await syncFixture(
      { size: 'small', timeScale: 120, seed: 3 },
      { sourceFactory: klaviyoSourceFactory({ definitions }) },
    );
    const ws = await fx.addWorkspace('Included');
    fx.sim.clearLog();
    const res = await fx.ctx.sync.run({ workspaceId: ws, resources: ['flows', 'flow-actions', 'flow-messages'] });
    expect(res.resources.map((r) => [r.resource, r.status])).toEqual([
      ['flows', 'ok'],
      ['flow-actions', 'ok'],
      ['flow-messages', 'ok'],
    ]);
    expect(res.status).toBe('ok');
    const ds = fx.sim.accounts[0]!.dataset;
    for (const [name, type] of [
      ['flows', 'flow'],
      ['flow-actions', 'flow-action'],
      ['flow-messages', 'flow-message'],
    ] as const) {
      expect([...stored(fx, ws, name).keys()].sort(), name).toEqual([...ds.resources.get(type)!.keys()].sort());
    }
    expectUnderOwnParent(fx, ws, 'flow-actions', 'flow');
    expectUnderOwnParent(fx, ws, 'flow-messages', 'flow-action');
    expect(fx.sim.requestLog.count({ operationId: 'get_actions_for_flow' })).toBe(0);
    expect(fx.sim.requestLog.count({ operationId: 'get_flow_action_messages' })).toBe(
      ds.resources.get('flow-message')!.size,
    );
  });

  it('a key without a scope: that resource and its children are forbidden with the missing scope, the rest completes', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 120, seed: 3 });
    const ws = await fx.addWorkspace('No forms', fx.sim.keys.noForms);
    const res = await fx.ctx.sync.run({ workspaceId: ws, resources: ['forms', 'form-versions', 'tags'] });
    const by = Object.fromEntries(res.resources.map((r) => [r.resource, r]));
    expect(by.forms).toMatchObject({
      status: 'forbidden',
      missingScopes: ['forms:read'],
      error: { code: 'forbidden', requestId: res.requestId, details: { missingScopes: ['forms:read'] } },
    });
    expect(by['form-versions']).toMatchObject({ status: 'forbidden', error: { code: 'forbidden' } });
    expect(by.tags).toMatchObject({ status: 'ok', complete: true });
    expect(res.status).toBe('partial_or_timeout');
    expect(res.error?.code).not.toBe('auth');
  });

  it('stops everything on an auth failure', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 120, seed: 3 });
    const key = fx.sim.addKey(fx.sim.accounts[0]!.id, { label: 'revokedNow' });
    const ws = await fx.addWorkspace('Revoked', key);
    fx.sim.revokeKey(key);
    const res = await fx.ctx.sync.run({ workspaceId: ws });
    expect(res.status).toBe('failed_auth');
    expect(res.error).toMatchObject({ code: 'auth', requestId: res.requestId });
    expect(res.resources.length).toBe(RESOURCE_NAMES.length);
    expect(res.resources.every((r) => r.status !== 'ok')).toBe(true);
  });
});

describe('full listing at large size with real (time-scaled) limits', () => {
  let fx: SyncFixture;
  afterAll(async () => {
    await fx?.close();
  });

  it('lists every resource with zero failed requests and at most 1% answered 429', async () => {
    // the simulator and the limiter shrink their windows by the same factor, so every ratio of the real limits holds
    fx = await syncFixture({ size: 'large', timeScale: 120, seed: 11 });
    const ws = await fx.addWorkspace('Large');
    fx.sim.clearLog();
    fx.sim.resetRateLimits();
    const res = await fx.ctx.sync.run({ workspaceId: ws });
    for (const r of res.resources) expect([r.resource, r.status, r.error]).toEqual([r.resource, 'ok', null]);
    expect(res.resources.length).toBe(RESOURCE_NAMES.length);

    // everything the account holds arrived
    const ds = fx.sim.accounts[0]!.dataset;
    const counts = fx.ctx.store.inventory.counts(ws);
    for (const name of RESOURCE_NAMES) {
      const type = RESOURCE_DEFS[name].type;
      expect(counts[name] ?? 0, type).toBe(ds.resources.get(type)?.size ?? 0);
    }

    // from the simulator's request log
    const log = fx.sim.requestLog.entries();
    const throttled = log.filter((e) => e.status === 429).length;
    const failed = log.filter((e) => e.status !== 200 && e.status !== 429);
    // about 300 requests at large now that flow actions and messages come with the flow definitions (the 1% below
    // still means at most 2 throttled answers)
    expect(log.length).toBeGreaterThan(250);
    expect(failed).toEqual([]);
    expect(throttled / log.length).toBeLessThanOrEqual(0.01);

    // and from the run's own counters, which must agree with the log
    expect(res.totals.requests).toBe(log.length);
    expect(res.totals.throttled).toBe(throttled);
  }, 120_000);
});
