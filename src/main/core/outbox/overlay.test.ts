import type { OutboxProgress } from '../../../shared/contract/outbox';
import type { SimResource } from '../../../sim/types';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';
import { pendingOverlay } from './overlay';

function flows(fx: SyncFixture): SimResource[] {
  return [...fx.sim.accounts[0]!.dataset.resources.get('flow')!.values()];
}

describe('pending marks and flush progress', () => {
  let fx: SyncFixture;
  let ws: string;
  beforeAll(async () => {
    fx = await syncFixture({ size: 'tiny', seed: 23, timeScale: 200 });
    ws = await fx.addWorkspace('Overlay');
    expect((await (await fx.ctx.sync.start({ workspaceId: ws, trigger: 'cli' })).result).status).toBe('ok');
  }, 60_000);
  afterAll(async () => {
    await fx.close();
  });

  it('marks only items whose local value differs from the synced one, and clears the marks once sent', async () => {
    const [f1, f2, f3] = flows(fx);
    const synced = String(f2!.attributes.status);
    const other = synced === 'live' ? 'draft' : 'live';
    fx.ctx.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: [f1!.id, f2!.id], tag: 'Train' });
    fx.ctx.outbox.queue(ws, { kind: 'flow_status', targetIds: [f2!.id], status: other });
    // a change that restates what Klaviyo has is no pending difference
    fx.ctx.outbox.queue(ws, {
      kind: 'flow_status',
      targetIds: [f3!.id],
      status: String(f3!.attributes.status) as 'live',
    });

    const marks = pendingOverlay(fx.ctx.store, ws, 'flows', [f1!.id, f2!.id, f3!.id]);
    expect(marks.get(f1!.id)).toEqual({ status: null, tags: [{ tag: 'Train', present: true }], state: 'pending' });
    expect(marks.get(f2!.id)).toEqual({
      status: { local: other, synced },
      tags: [{ tag: 'Train', present: true }],
      state: 'pending',
    });
    expect(marks.has(f3!.id)).toBe(false);
    // other types and items outside the page are not looked at
    expect(pendingOverlay(fx.ctx.store, ws, 'campaigns', [f1!.id]).size).toBe(0);
    expect(pendingOverlay(fx.ctx.store, ws, 'flows', [f3!.id]).size).toBe(0);

    const progress: OutboxProgress[] = [];
    const off = fx.ctx.outbox.onProgress((p) => progress.push(p));
    const r = await fx.ctx.outbox.flush(ws, { trigger: 'manual' });
    off();
    expect(r).toMatchObject({ done: 4, pending: 0 });
    // one event per request group, counting up to everything, with nothing left at the end
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.map((p) => p.settled)).toEqual([...progress.map((p) => p.settled)].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ workspaceId: ws, runId: r.runId, settled: 4, done: 4, left: 0 });
    expect(pendingOverlay(fx.ctx.store, ws, 'flows', [f1!.id, f2!.id, f3!.id]).size).toBe(0);
  }, 60_000);
});
