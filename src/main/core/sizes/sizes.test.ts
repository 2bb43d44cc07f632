import { bumpVersion } from '../../../sim/read';
import { sizeKey } from '../store';
import { captureSizes } from '../trends';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';
import { planSizes } from './plan';
import { refreshSizes } from './refresh';

/** the size calls (GET list/segment with profile_count) the simulator answered since `seq`, by status */
function sizeCalls(fx: SyncFixture, seq: number) {
  return fx.sim.requestLog
    .entries()
    .slice(seq)
    .filter((e) => /additional-fields(%5B|\[)(list|segment)(%5D|\])=profile_count/.test(e.url));
}

describe('list and segment sizes: asked after the sync, only where they can have changed (simulator over real HTTP)', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  // as the service does after a sync: refresh, then the run's size points
  const refresh = async (ws: string, runId: number, opts: { cap?: number } = {}) => {
    const r = await refreshSizes({
      store: fx.ctx.store,
      workspaceId: ws,
      syncRunId: runId,
      baseUrl: fx.sim.baseUrl,
      apiKey: fx.sim.keys.full!,
      requestId: `sizes-${runId}`,
      timeScale: fx.timeScale,
      ...opts,
    });
    captureSizes(fx.ctx.store, ws, runId, Date.now());
    return r;
  };

  it('asks new, moved and unsized items, carries the rest with their observed-at time, within the stricter limit and no new versions', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 100 });
    const ds = fx.sim.accounts[0]!.dataset;
    const lists = [...ds.resources.get('list')!.values()];
    const segments = [...ds.resources.get('segment')!.values()];
    const total = lists.length + segments.length;
    const ws = await fx.addWorkspace('Sizes');
    const { store } = fx.ctx;

    // the sync itself asks no size
    let seq = fx.sim.requestLog.entries().length;
    const first = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
    expect(first.status).toBe('ok');
    expect(sizeCalls(fx, seq)).toHaveLength(0);

    // first refresh: every item has no size yet; all asked, none throttled by the simulator's 1/s · 15/m
    seq = fx.sim.requestLog.entries().length;
    let r = await refresh(ws, first.runId);
    expect(r).toMatchObject({ status: 'ok', asked: total, carried: 0, remaining: 0, throttled: 0 });
    let calls = sizeCalls(fx, seq);
    expect(calls).toHaveLength(total);
    expect(calls.filter((c) => c.status === 429)).toHaveLength(0);
    const known = store.sizes.known(ws);
    for (const l of lists)
      expect(known.get(sizeKey('lists', l.id))?.profileCount, l.id).toBe(l.attributes.profile_count);
    for (const g of segments)
      expect(known.get(sizeKey('segments', g.id))?.profileCount, g.id).toBe(g.attributes.profile_count);
    expect(store.sizes.refreshOf(first.runId)).toMatchObject({ status: 'ok', asked: total, carried: 0 });
    const hashes = new Map(
      store.inventory
        .list({ workspaceId: ws, resourceType: 'lists', limit: 1000 })
        .map((r) => [r.klaviyoId, r.versionHash]),
    );

    // one list renamed (its update time moves), one segment new, and another list grows without any update time
    // moving: only the first two are asked; the grown one keeps its size and when it was observed
    const moved = lists[0]!;
    moved.attributes.name = `${String(moved.attributes.name)} (VIP)`;
    moved.attributes.profile_count = 4321;
    moved.attributes.updated = new Date(Date.now() + 1000).toISOString();
    const grown = lists[1]!;
    const grownWas = Number(grown.attributes.profile_count);
    grown.attributes.profile_count = grownWas + 7;
    const fresh = structuredClone(segments[0]!);
    fresh.id = 'NEWSEG1';
    fresh.attributes.name = 'New segment';
    fresh.attributes.profile_count = 99;
    ds.resources.get('segment')!.set(fresh.id, fresh);
    bumpVersion(ds);
    const grownObserved = known.get(sizeKey('lists', grown.id))!.observedAt;

    const second = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli', full: true });
    expect(second.status).toBe('ok');
    seq = fx.sim.requestLog.entries().length;
    r = await refresh(ws, second.runId);
    expect(r).toMatchObject({ status: 'ok', asked: 2, carried: total - 1, remaining: 0, throttled: 0 });
    calls = sizeCalls(fx, seq);
    expect(calls.map((c) => new URL(c.url, 'http://x').pathname.split('/').pop()).sort()).toEqual(
      [moved.id, fresh.id].sort(),
    );
    const after = store.sizes.known(ws);
    expect(after.get(sizeKey('lists', moved.id))?.profileCount).toBe(4321);
    expect(after.get(sizeKey('segments', fresh.id))?.profileCount).toBe(99);
    expect(after.get(sizeKey('lists', grown.id))).toMatchObject({ profileCount: grownWas, observedAt: grownObserved });
    // a size is not part of the list's version: the grown list is not "modified"
    const listRows = store.inventory.list({ workspaceId: ws, resourceType: 'lists', limit: 1000 });
    expect(listRows.find((x) => x.klaviyoId === grown.id)!.versionHash).toBe(hashes.get(grown.id));
    expect(listRows.every((x) => x.attributes.profile_count === undefined)).toBe(true);
    // the run's trend points carry the fresh sizes and the carried ones
    const points = store.trends.all({ workspaceId: ws }).filter((p) => p.syncRunId === second.runId);
    const sizeOf = (id: string) => points.find((p) => p.metric === 'profile_count' && p.subjectId === id)?.value;
    expect([sizeOf(moved.id), sizeOf(grown.id), sizeOf(fresh.id)]).toEqual([4321, grownWas, 99]);
  }, 120_000);

  it('stops at the per-run cap, oldest first; the rest are asked next time', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 100 });
    const ds = fx.sim.accounts[0]!.dataset;
    const total = ds.resources.get('list')!.size + ds.resources.get('segment')!.size;
    const ws = await fx.addWorkspace('Capped');
    const run = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
    let seq = fx.sim.requestLog.entries().length;
    const r1 = await refresh(ws, run.runId, { cap: 5 });
    expect(r1).toMatchObject({ status: 'ok', asked: 5, remaining: total - 5 });
    expect(sizeCalls(fx, seq)).toHaveLength(5);
    const firstAsked = new Set(fx.ctx.store.sizes.known(ws).keys());
    seq = fx.sim.requestLog.entries().length;
    const r2 = await refresh(ws, run.runId, { cap: total });
    // never-asked items come before sizes already known (which are fresh and not due at all)
    expect(r2).toMatchObject({ status: 'ok', asked: total - 5, carried: 5, remaining: 0 });
    const second = sizeCalls(fx, seq).map((c) => new URL(c.url, 'http://x').pathname.split('/').pop()!);
    expect(second).toHaveLength(total - 5);
    for (const key of firstAsked) expect(second).not.toContain(key.split('\u0000')[1]);
    expect(fx.ctx.store.sizes.known(ws).size).toBe(total);
  }, 120_000);

  it('a refresh that fails leaves the sync complete and every size as it was', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 100 });
    const ws = await fx.addWorkspace('Failing');
    const { store } = fx.ctx;
    const first = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
    await refresh(ws, first.runId);
    const before = store.sizes.known(ws);
    // every list moves, then Klaviyo answers every size call with a 503 (after the client's retries)
    for (const l of fx.sim.accounts[0]!.dataset.resources.get('list')!.values()) {
      l.attributes.updated = new Date(Date.now() + 1000).toISOString();
      l.attributes.profile_count = 777;
    }
    const second = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
    fx.sim.setFaults([{ kind: 'server-error', operations: ['get_list'], status: 503 }]);
    const r = await refresh(ws, second.runId);
    expect(r.status).toBe('failed');
    expect(r.asked).toBe(0);
    expect(r.error?.code).toBe('server');
    expect(store.sizes.known(ws)).toEqual(before);
    expect(store.sizes.refreshOf(second.runId)).toMatchObject({ status: 'failed' });
    expect(store.runs.get(second.runId)?.status).toBe('ok');
  }, 120_000);
});

describe('planSizes', () => {
  const item = (id: string, updated: string | null = 'u1') => ({
    resourceType: 'lists' as const,
    klaviyoId: id,
    updated,
  });
  const size = (id: string, observedAt: number, itemUpdated = 'u1') => ({
    resourceType: 'lists',
    klaviyoId: id,
    profileCount: 1,
    observedAt,
    itemUpdated,
  });
  it('asks unsized, moved and too old sizes, oldest first, up to the cap', () => {
    const now = 100 * 86_400_000;
    const known = new Map(
      [size('A', now - 1000), size('B', now - 2000, 'u0'), size('C', now - 8 * 86_400_000), size('D', now - 3000)].map(
        (s) => [sizeKey('lists', s.klaviyoId), s],
      ),
    );
    const items = [item('A'), item('B'), item('C'), item('D'), item('E')];
    expect(planSizes({ items, known, now })).toEqual({
      ask: [item('E'), item('C'), item('B')],
      carried: 2,
      remaining: 0,
    });
    expect(planSizes({ items, known, now, cap: 1 })).toEqual({ ask: [item('E')], carried: 4, remaining: 2 });
  });

  it("asks again a size observed within the second of its item's update time (a later write that second keeps it)", () => {
    const updated = '2026-12-04T12:33:19+00:00';
    const at = Date.parse(updated);
    const known = new Map(
      [
        size('A', at + 700, updated),
        size('B', at + 1000, updated),
        size('C', at - 5000, updated),
        // a stamp hours ahead of the size is Klaviyo's odd clock, not a write within that second
        size('D', at - 12 * 3_600_000, updated),
      ].map((s) => [sizeKey('lists', s.klaviyoId), s]),
    );
    const items = [item('A', updated), item('B', updated), item('C', updated), item('D', updated)];
    expect(planSizes({ items, known, now: at + 60_000 })).toEqual({
      ask: [item('C', updated), item('A', updated)],
      carried: 2,
      remaining: 0,
    });
  });
});
