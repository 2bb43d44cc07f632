import { simAppliedWrites, simChangeLog } from '../../../sim';
import type { ResourceIdentifier, SimResource } from '../../../sim/types';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';

const TIME_SCALE = 200;

function flows(fx: SyncFixture): SimResource[] {
  return [...fx.sim.accounts[0]!.dataset.resources.get('flow')!.values()];
}

function tagNamed(fx: SyncFixture, name: string): SimResource | undefined {
  return [...fx.sim.accounts[0]!.dataset.resources.get('tag')!.values()].find((t) => t.attributes.name === name);
}

function tagIdsOf(r: SimResource): string[] {
  return ((r.relationships?.tags?.data ?? []) as { id: string }[]).map((x) => x.id);
}

/** applied writes of one kind of value (a tag id or a status) on one item */
function applied(fx: SyncFixture, id: string, value: string): number {
  return simAppliedWrites(fx.sim.accounts[0]!.dataset).filter((w) => w.id === id && w.value === value).length;
}

describe('the outbox against the simulator', () => {
  let fx: SyncFixture;
  let ws: string;
  beforeEach(async () => {
    fx = await syncFixture({ size: 'tiny', seed: 21, timeScale: TIME_SCALE });
    ws = await fx.addWorkspace('Outbox');
    const h = await fx.ctx.sync.start({ workspaceId: ws, trigger: 'cli' });
    expect((await h.result).status).toBe('ok');
  }, 60_000);
  afterEach(async () => {
    await fx.close();
  });

  it('queues tag changes in one transaction, then sends them in one batched request and records a push run', async () => {
    const ids = flows(fx).map((f) => f.id);
    const rows = fx.ctx.outbox.queue(ws, {
      kind: 'tag_add',
      targetType: 'flow',
      targetIds: ids,
      tag: 'Needs review',
      tagGroup: 'Default',
    });
    expect(rows.map((r) => r.state)).toEqual(ids.map(() => 'pending'));
    expect(rows.every((r) => r.baseVersion && r.baseValueJson === 'false')).toBe(true);
    expect(tagNamed(fx, 'Needs review')).toBeUndefined();

    const r = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r).toMatchObject({ done: ids.length, rejected: 0, pending: 0, blocked: null });
    const tag = tagNamed(fx, 'Needs review')!;
    expect(tag).toBeDefined();
    for (const f of flows(fx)) expect(tagIdsOf(f)).toContain(tag.id);
    // one tag_flows request carried every flow
    expect(fx.sim.requestLog.find({ operationId: 'tag_flows', status: 204 })).toHaveLength(1);
    for (const id of ids) expect(applied(fx, id, tag.id)).toBe(1);

    const run = fx.ctx.store.runs.get(Number(r.runId))!;
    expect(run).toMatchObject({ direction: 'push', status: 'ok', itemsChanged: ids.length });
    const items = fx.ctx.store.outbox.byRun(run.id);
    expect(items).toHaveLength(ids.length);
    expect(JSON.parse(items[0]!.payloadJson)).toEqual({ tag: 'Needs review', tagGroup: 'Default' });
    expect(JSON.parse(items[0]!.resultJson!)).toMatchObject({ operationId: 'tag_flows', status: 204 });
    expect(fx.ctx.store.runs.resources(run.id)).toEqual([
      expect.objectContaining({ resource: 'flows', status: 'ok', itemsChanged: ids.length }),
    ]);

    // a second flush has nothing to send
    expect((await fx.ctx.outbox.flush(ws, { trigger: 'cli' })).runId).toBeNull();
  }, 60_000);

  it('a rejected item does not block the queue; a revoked key pauses it until the key is replaced; a remote edit in between is logged as a conflict', async () => {
    const [f1, f2, f3] = flows(fx);
    fx.ctx.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: [f1!.id, 'NOSUCH', f2!.id], tag: 'VIP' });
    const r1 = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r1).toMatchObject({ done: 2, rejected: 1, pending: 0 });
    const rejected = fx.ctx.store.outbox.list({ workspaceId: ws, states: ['rejected'] });
    expect(rejected.map((r) => r.targetId)).toEqual(['NOSUCH']);
    expect(JSON.parse(rejected[0]!.errorJson!)).toMatchObject({ code: 'not_found' });

    // the key is revoked: the queue pauses, nothing is lost, nothing more is sent
    const status = f3!.attributes.status === 'live' ? 'manual' : 'live';
    fx.ctx.outbox.queue(ws, { kind: 'flow_status', targetIds: [f3!.id], status });
    fx.sim.revokeKey(fx.sim.keys.full!);
    const r2 = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r2).toMatchObject({ blocked: 'paused', pending: 1 });
    expect(r2.error?.code).toBe('auth');
    expect(fx.ctx.store.outbox.paused(ws)).toBeDefined();
    const sentBefore = fx.sim.requestLog.count();
    expect(await fx.ctx.outbox.flush(ws, { trigger: 'cli' })).toMatchObject({ blocked: 'paused', runId: null });
    expect(fx.sim.requestLog.count()).toBe(sentBefore);

    // meanwhile someone sets the flow's status in Klaviyo (later than our change)
    const before = String(f3!.attributes.status);
    const theirs = ['draft', 'manual', 'live'].find((s) => s !== status && s !== before)!;
    f3!.attributes.status = theirs;
    f3!.attributes.updated = new Date(Date.now() + 5_000).toISOString().replace(/\.\d+Z$/, 'Z');

    // a new key: the queue resumes
    const key = fx.sim.addKey(fx.sim.accounts[0]!.id, { label: 'replacement' });
    await fx.ctx.workspaces.setKey({ workspaceId: ws, apiKey: key });
    expect(fx.ctx.outbox.resume(ws)).toBe(true);
    const r3 = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r3).toMatchObject({ conflicts: 1, pending: 0, blocked: null });
    const conflicts = fx.ctx.store.outbox.conflicts({ workspaceId: ws });
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]).toMatchObject({
      baseValueJson: JSON.stringify(before),
      localValueJson: JSON.stringify(status),
      remoteValueJson: JSON.stringify(theirs),
      decision: 'remote',
      clock: 'remote',
    });
    expect(f3!.attributes.status).toBe(theirs);
    expect(fx.ctx.store.outbox.list({ workspaceId: ws, states: ['conflict'] })).toHaveLength(1);

    // "apply mine again"
    expect(fx.ctx.outbox.retry(ws)).toBe(2);
    const r4 = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(f3!.attributes.status).toBe(status);
    expect(r4.rejected).toBe(1);
  }, 60_000);

  it('a remote edit older than the local change loses, and an update time ahead of our clock is not trusted', async () => {
    const [f1, f2] = flows(fx);
    // an edit made in Klaviyo before our change (its time is in the past): ours wins
    const before1 = String(f1!.attributes.status);
    const mine1 = before1 === 'draft' ? 'manual' : 'draft';
    f1!.attributes.status = ['draft', 'manual', 'live'].find((s) => s !== before1 && s !== mine1)!;
    f1!.attributes.updated = new Date(Date.now() - 60_000).toISOString();
    fx.ctx.outbox.queue(ws, { kind: 'flow_status', targetIds: [f1!.id], status: mine1 });
    // an edit whose update time is a day ahead of our clock: clamped to now, so it is later than our change
    const before2 = String(f2!.attributes.status);
    const mine2 = before2 === 'draft' ? 'manual' : 'draft';
    fx.ctx.outbox.queue(ws, { kind: 'flow_status', targetIds: [f2!.id], status: mine2 });
    f2!.attributes.status = ['draft', 'manual', 'live'].find((s) => s !== before2 && s !== mine2)!;
    f2!.attributes.updated = new Date(Date.now() + 86_400_000).toISOString();

    await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    const byItem = fx.ctx.store.outbox.conflicts({ workspaceId: ws }).reverse();
    expect(byItem.map((c) => [c.decision, c.clock])).toEqual([
      ['local', 'remote'],
      ['remote', 'local'],
    ]);
    expect(f1!.attributes.status).toBe(mine1);
    expect(f2!.attributes.status).not.toBe(mine2);
  }, 60_000);

  it('an answer lost after Klaviyo applied the write is reconciled, never sent twice; a 429 storm and a 5xx are retried', async () => {
    const [f1, f2] = flows(fx);
    fx.sim.setFaults([{ kind: 'lose-answer', operations: ['tag_flows'], count: 1 }]);
    fx.ctx.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: [f1!.id], tag: 'Lost' });
    const r1 = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r1).toMatchObject({ blocked: 'offline', pending: 1 });
    const tag = tagNamed(fx, 'Lost')!;
    expect(tagIdsOf(f1!)).toContain(tag.id);
    const r2 = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r2).toMatchObject({ done: 1, requests: 0, pending: 0 });
    expect(applied(fx, f1!.id, tag.id)).toBe(1);
    expect(JSON.parse(fx.ctx.store.outbox.list({ workspaceId: ws })[0]!.resultJson!)).toMatchObject({
      alreadyApplied: true,
    });

    // a crash after `sending` was written and the request applied: the next flush reads, finds it, sends nothing
    fx.sim.setFaults([]);
    const [row] = fx.ctx.outbox.queue(ws, { kind: 'tag_remove', targetType: 'flow', targetIds: [f1!.id], tag: 'Lost' });
    const tagged = ((tag.relationships!.flows!.data ?? []) as ResourceIdentifier[]).filter((x) => x.id !== f1!.id);
    tag.relationships!.flows!.data = tagged;
    f1!.relationships!.tags!.data = (f1!.relationships!.tags!.data as ResourceIdentifier[]).filter(
      (x) => x.id !== tag.id,
    );
    fx.ctx.store.outbox.update(row!.id, { state: 'sending', attempts: 1 });
    const untagsBefore = fx.sim.requestLog.find({ operationId: 'remove_tag_from_flows' }).length;
    expect(await fx.ctx.outbox.flush(ws, { trigger: 'cli' })).toMatchObject({ done: 1, requests: 0 });
    expect(fx.sim.requestLog.find({ operationId: 'remove_tag_from_flows' })).toHaveLength(untagsBefore);

    // a 429 storm (Retry-After honoured by the client) and a 500 (the item waits its backoff, then goes)
    fx.sim.setFaults([
      { kind: 'rate-limit-storm', operations: ['update_flow'], count: 2, retryAfterSeconds: 1 },
      { kind: 'server-error', status: 500, operations: ['tag_flows'], count: 1 },
    ]);
    const status = f2!.attributes.status === 'live' ? 'manual' : 'live';
    fx.ctx.outbox.queue(ws, { kind: 'flow_status', targetIds: [f2!.id], status });
    fx.ctx.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: [f2!.id], tag: 'Storm' });
    const r3 = await fx.ctx.outbox.flush(ws, { trigger: 'cli', waitMs: 30_000 });
    expect(r3).toMatchObject({ pending: 0, blocked: null });
    expect(f2!.attributes.status).toBe(status);
    expect(tagIdsOf(f2!)).toContain(tagNamed(fx, 'Storm')!.id);
    expect(fx.sim.requestLog.find({ operationId: 'update_flow', status: 429 })).toHaveLength(2);
    expect(fx.sim.requestLog.find({ operationId: 'tag_flows', status: 500 })).toHaveLength(1);
    const storm = fx.ctx.store.outbox.list({ workspaceId: ws }).find((r) => r.payloadJson.includes('Storm'))!;
    expect(storm.attempts).toBe(2);
    expect(simChangeLog(fx.sim.accounts[0]!.dataset).filter((c) => c.id === f2!.id)).toHaveLength(1);
  }, 60_000);
});
