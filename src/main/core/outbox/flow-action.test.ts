import { simAppliedWrites } from '../../../sim';
import type { SimResource } from '../../../sim/types';
import { validateAgainstSchema } from '../../../sim/spec-validator';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';
import { inventoryHandlers } from '../service/handlers/inventory';
import type { HandlerContext } from '../service/handler-context';
import type { CallMeta } from '../service/types';
import { captureSentBodies } from './test-helpers';

const TIME_SCALE = 200;

/** the simulator's send steps (the ones that carry a status) */
function sendActions(fx: SyncFixture): SimResource[] {
  return [...fx.sim.accounts[0]!.dataset.resources.get('flow-action')!.values()].filter(
    (a) => typeof (a.attributes.definition as { data?: { status?: unknown } }).data?.status === 'string',
  );
}

const statusOf = (a: SimResource) => (a.attributes.definition as { data: { status: string } }).data.status;

describe('flow-action status through the outbox', () => {
  let fx: SyncFixture;
  let ws: string;
  beforeEach(async () => {
    fx = await syncFixture({ size: 'tiny', seed: 21, timeScale: TIME_SCALE });
    ws = await fx.addWorkspace('Steps');
    const h = await fx.ctx.sync.start({ workspaceId: ws, trigger: 'cli' });
    expect((await h.result).status).toBe('ok');
  }, 60_000);
  afterEach(async () => {
    await fx.close();
  });

  it('queued, flushed: the action has the status in Klaviyo, in a body the spec accepts, the rest of its definition kept', async () => {
    const action = sendActions(fx)[0]!;
    const before = structuredClone(action.attributes.definition) as { data: Record<string, unknown> };
    const status = statusOf(action) === 'live' ? 'manual' : 'live';
    const [row] = fx.ctx.outbox.queue(ws, { kind: 'flow_action_status', targetIds: [action.id], status });
    expect(row).toMatchObject({
      targetType: 'flow-action',
      state: 'pending',
      baseValueJson: JSON.stringify(before.data.status),
    });

    const bodies = captureSentBodies();
    const r = await fx.ctx.outbox.flush(ws, { trigger: 'cli' }).finally(bodies.restore);
    expect(r).toMatchObject({ done: 1, requests: 1, pending: 0, blocked: null });
    expect(statusOf(action)).toBe(status);
    expect(action.attributes.definition).toEqual({ ...before, data: { ...before.data, status } });
    // the flow's own definition shows the same step with the new status
    const flowId = (action.relationships!.flow!.data as { id: string }).id;
    const flow = fx.sim.accounts[0]!.dataset.resources.get('flow')!.get(flowId)!;
    const inFlow = (flow.attributes.definition as { actions: { id: string; data?: { status?: string } }[] }).actions;
    expect(inFlow.find((a) => String(a.id) === action.id)?.data?.status).toBe(status);

    const patches = fx.sim.requestLog.find({ operationId: 'update_flow_action' });
    expect(patches).toHaveLength(1);
    expect(patches[0]!.status).toBe(200);
    const patch = bodies.sent.filter((b) => b.method === 'PATCH');
    expect(patch.map((b) => b.path)).toEqual([`/api/flow-actions/${action.id}`]);
    expect(validateAgainstSchema('FlowActionUpdateQuery', patch[0]!.body)).toEqual([]);
    expect(simAppliedWrites(fx.sim.accounts[0]!.dataset).filter((w) => w.id === action.id)).toHaveLength(1);
  }, 60_000);

  it('an answer lost after Klaviyo applied the PATCH is reconciled by reading the action: no second PATCH', async () => {
    const action = sendActions(fx)[1]!;
    const status = statusOf(action) === 'draft' ? 'manual' : 'draft';
    fx.sim.setFaults([{ kind: 'lose-answer', operations: ['update_flow_action'], count: 1 }]);
    fx.ctx.outbox.queue(ws, { kind: 'flow_action_status', targetIds: [action.id], status });
    const r1 = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r1).toMatchObject({ blocked: 'offline', pending: 1 });
    expect(statusOf(action)).toBe(status);

    fx.sim.setFaults([]);
    const r2 = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r2).toMatchObject({ done: 1, requests: 0, pending: 0 });
    expect(fx.sim.requestLog.find({ operationId: 'update_flow_action' })).toHaveLength(1);
    expect(simAppliedWrites(fx.sim.accounts[0]!.dataset).filter((w) => w.id === action.id)).toHaveLength(1);
    const item = fx.ctx.store.outbox.list({ workspaceId: ws })[0]!;
    expect(JSON.parse(item.resultJson!)).toMatchObject({ alreadyApplied: true });
  }, 60_000);

  it('a step changed in Klaviyo after the change was made is a conflict on its status; a step without a status is refused in words', async () => {
    const action = sendActions(fx)[2]!;
    const before = statusOf(action);
    const mine = before === 'draft' ? 'manual' : 'draft';
    fx.ctx.outbox.queue(ws, { kind: 'flow_action_status', targetIds: [action.id], status: mine });
    const theirs = ['draft', 'manual', 'live'].find((s) => s !== before && s !== mine)!;
    (action.attributes.definition as { data: { status: string } }).data.status = theirs;
    action.attributes.updated = new Date(Date.now() + 5_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const r = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r).toMatchObject({ conflicts: 1, requests: 0 });
    expect(fx.ctx.store.outbox.conflicts({ workspaceId: ws })[0]).toMatchObject({
      baseValueJson: JSON.stringify(before),
      localValueJson: JSON.stringify(mine),
      remoteValueJson: JSON.stringify(theirs),
      decision: 'remote',
    });
    expect(statusOf(action)).toBe(theirs);

    const delay = [...fx.sim.accounts[0]!.dataset.resources.get('flow-action')!.values()].find(
      (a) => (a.attributes.definition as { type: string }).type === 'time-delay',
    )!;
    expect(() =>
      fx.ctx.outbox.queue(ws, { kind: 'flow_action_status', targetIds: [delay.id], status: 'live' }),
    ).toThrow(/has no status to set/);
  }, 60_000);

  it('the flow drawer shows a queued step status and a queued flow status as pending at once, and neither once sent', async () => {
    const action = sendActions(fx)[3]!;
    const flowId = (action.relationships!.flow!.data as { id: string }).id;
    const flow = fx.sim.accounts[0]!.dataset.resources.get('flow')!.get(flowId)!;
    const synced = statusOf(action);
    const status = synced === 'live' ? 'manual' : 'live';
    const flowSynced = String(flow.attributes.status);
    const flowStatus = flowSynced === 'draft' ? 'manual' : 'draft';
    fx.ctx.outbox.queue(ws, { kind: 'flow_action_status', targetIds: [action.id], status });
    fx.ctx.outbox.queue(ws, { kind: 'flow_status', targetIds: [flowId], status: flowStatus });
    const store = fx.ctx.store;
    const handlers = inventoryHandlers({
      store,
      workspaceRow: (id: string) => store.workspaces.get(id)!,
    } as unknown as HandlerContext);
    const get = () => handlers['inventory:get']({ workspaceId: ws, type: 'flows', id: flowId }, {} as CallMeta);

    const d = await get();
    expect(d.item.pending).toEqual({ status: { local: flowStatus, synced: flowSynced }, tags: [], state: 'pending' });
    const step = d.flowSteps!.find((s) => s.id === action.id)!;
    expect(step.status).toBe(synced);
    expect(step.pending).toEqual({ status: { local: status, synced }, tags: [], state: 'pending' });
    expect(d.flowSteps!.filter((s) => s.pending)).toHaveLength(1);

    expect(await fx.ctx.outbox.flush(ws, { trigger: 'cli' })).toMatchObject({ done: 2, pending: 0 });
    const after = await get();
    expect(after.item.pending).toBeNull();
    expect(after.flowSteps!.every((s) => !s.pending)).toBe(true);
  }, 60_000);
});
