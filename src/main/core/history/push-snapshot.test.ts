import type { SimResource } from '../../../sim/types';
import type { HandlerContext } from '../service/handler-context';
import { historyHandlers } from '../service/handlers/history';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';
import { chunker } from '../imports/chunks';
import { FAST_GZIP_ABOVE_BYTES } from './snapshot-codec';
import { pushSnapshotsOfRun } from './index';

describe('push runs keep what they sent and what Klaviyo answered; an item leads to every run that saw or sent it', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('per pushed item: the change, its end and the answer or error; history:item and the runs filter find them', async () => {
    fx = await syncFixture({ size: 'tiny', seed: 21, timeScale: 200 });
    const ws = await fx.addWorkspace('Push');
    const first = await fx.ctx.sync.run({ workspaceId: ws });
    expect(first.status).toBe('ok');
    const [f1, f2] = [...fx.sim.accounts[0]!.dataset.resources.get('flow')!.values()] as SimResource[];
    const status = f2!.attributes.status === 'live' ? 'manual' : 'live';
    fx.ctx.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: [f1!.id, 'NOSUCH'], tag: 'VIP' });
    fx.ctx.outbox.queue(ws, { kind: 'flow_status', targetIds: [f2!.id], status });
    const pushed = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(pushed).toMatchObject({ done: 2, rejected: 1 });
    const pushRun = Number(pushed.runId);
    const second = await fx.ctx.sync.run({ workspaceId: ws });
    const store = fx.ctx.store;

    const sent = pushSnapshotsOfRun(store, pushRun);
    expect(sent.map((s) => [s.target.id, s.change, s.state])).toEqual([
      [f1!.id, 'tag_add', 'done'],
      ['NOSUCH', 'tag_add', 'rejected'],
      [f2!.id, 'flow_status', 'done'],
    ]);
    expect(sent[0]).toMatchObject({ payload: { tag: 'VIP' }, answer: { operationId: 'tag_flows', status: 204 } });
    expect(sent[1]).toMatchObject({ answer: null, error: { code: 'not_found' } });
    expect(sent[2]!.answer).toMatchObject({ status: expect.any(Number) });
    // every item's snapshot carries the version its change was based on: the one the first pull saw
    const seenHash = store.history.itemRuns(ws, f1!.id).find((r) => r.runId === first.runId)!.versionHash!;
    expect(sent[0]!.baseVersion).toBe(seenHash);

    const ctx = {
      store,
      deps: {},
      now: () => new Date(),
      workspaceRow: (id: string) => store.workspaces.get(id)!,
    } as unknown as HandlerContext;
    const item = await historyHandlers(ctx)['history:item'](
      { workspaceId: ws, item: f1!.id },
      { requestId: 'r', logger: undefined as never },
    );
    expect(item.runs.map((r) => [Number(r.runId), r.direction])).toEqual([
      [first.runId, 'pull'],
      [pushRun, 'push'],
      [second.runId, 'pull'],
    ]);
    expect(item.runs[1]!.sent).toMatchObject({
      change: 'tag_add',
      state: 'done',
      answer: { operationId: 'tag_flows' },
    });
    expect(item.runs[0]!.sent).toBeNull();
    // the tag changed the flow: the second pull saw a new version, the push was based on the first
    expect(item.runs[2]!.versionHash).not.toBe(seenHash);
    const ofVersion = await historyHandlers(ctx)['history:item'](
      { workspaceId: ws, item: f1!.id, versionHash: seenHash },
      { requestId: 'r', logger: undefined as never },
    );
    expect(ofVersion.runs.map((r) => Number(r.runId))).toEqual([first.runId, pushRun]);

    // the history's item filter finds the push run too, and the rejected item (never pulled) only there
    const ids = (itemId: string) =>
      store.runs.page({ workspaceId: ws, item: itemId, sort: 'asc', offset: 0, limit: 10 }).rows.map((r) => r.id);
    expect(ids(f1!.id)).toEqual([first.runId, pushRun, second.runId]);
    expect(ids('NOSUCH')).toEqual([pushRun]);
  }, 120_000);

  it('an import item keeps its whole request body, as queued, even above the size compressed at the fastest level', async () => {
    fx = await syncFixture({ size: 'tiny', seed: 22, timeScale: 200 });
    const ws = await fx.addWorkspace('Import');
    const out = chunker('events');
    const note = 'x'.repeat(1500);
    for (let i = 0; i < 900; i++)
      out.add(i + 2, {
        email: `c${i}@shop.example.com`,
        event: {
          properties: { OrderId: `#${i}`, Note: note },
          time: '2025-03-01T10:00:00Z',
          value: 10,
          unique_id: `#${i}`,
          metric: { data: { type: 'metric', attributes: { name: 'Placed Order' } } },
        },
      });
    const [chunk] = out.end();
    expect(chunk!.body.length).toBeGreaterThan(FAST_GZIP_ABOVE_BYTES);
    const [row] = fx.ctx.outbox.queueImport(ws, {
      kind: 'event_import',
      importId: 'imp1',
      fileName: 'orders.csv',
      chunks: [{ ...chunk!, body: Buffer.from(chunk!.body) }],
    });
    const pushed = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(pushed).toMatchObject({ done: 1 });
    const [sent] = pushSnapshotsOfRun(fx.ctx.store, Number(pushed.runId));
    expect(sent).toMatchObject({
      outboxItemId: row!.id,
      change: 'event_import',
      target: { type: 'event-bulk-create-job', id: 'imp1-1' },
      state: 'done',
      answer: { operationId: 'bulk_create_events', records: 900 },
      error: null,
    });
    expect(sent!.payload).toEqual({
      importId: 'imp1',
      fileName: 'orders.csv',
      chunk: 1,
      of: 1,
      records: 900,
      lines: chunk!.lines,
      body: JSON.parse(chunk!.body),
    });
  }, 120_000);

  it('a done item is recorded when it settles, not only at the run end, and every item of the run exactly once', async () => {
    fx = await syncFixture({ size: 'tiny', seed: 23, timeScale: 200 });
    const ws = await fx.addWorkspace('Settle');
    const flows = [...fx.sim.accounts[0]!.dataset.resources.get('flow')!.keys()];
    expect(flows.length).toBeGreaterThan(1);
    // two tags: two batches, one after the other's creation (one wave each is sent concurrently; the first
    // progress report comes after the first batch settles, while the second is still to be reported)
    for (const tag of ['Settle A', 'Settle B'])
      fx.ctx.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: flows, tag });
    fx.ctx.outbox.queue(ws, { kind: 'tag_add', targetType: 'flow', targetIds: ['NOSUCH'], tag: 'Settle A' });
    const store = fx.ctx.store;
    const seen: { runId: string; settled: number; done: number; recorded: number }[] = [];
    const off = fx.ctx.outbox.onProgress((p) =>
      seen.push({
        runId: p.runId,
        settled: p.settled,
        done: p.done,
        recorded: pushSnapshotsOfRun(store, Number(p.runId)).filter((x) => x.state === 'done').length,
      }),
    );
    const pushed = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    off();
    expect(pushed).toMatchObject({ done: flows.length * 2, rejected: 1 });
    expect(seen.length).toBeGreaterThan(0);
    // while the run was under way, its done items were already in its history
    for (const p of seen) expect(p.recorded).toBe(p.done);
    expect(seen.some((p) => p.done > 0 && p.runId === pushed.runId)).toBe(true);
    const sent = pushSnapshotsOfRun(store, Number(pushed.runId));
    const items = store.outbox.byRun(Number(pushed.runId));
    expect(sent.map((x) => [x.outboxItemId, x.state])).toEqual(items.map((i) => [i.id, i.state]));
    expect(sent.filter((x) => x.state === 'rejected').map((x) => x.target.id)).toEqual(['NOSUCH']);
  }, 120_000);
});
