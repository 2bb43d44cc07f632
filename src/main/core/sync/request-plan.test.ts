import { runCli } from '../../../cli/test-helpers';
import { inventoryDiff, syncFixture, type SyncFixture } from './test-helpers';

/** requests the simulator answered since `seq`, per operation */
function requestsSince(fx: SyncFixture, seq: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of fx.sim.requestLog.entries().slice(seq))
    if (e.operationId) out[e.operationId] = (out[e.operationId] ?? 0) + 1;
  return out;
}

describe('the request plan: flow actions and messages read out of the flow definitions', () => {
  let fx: SyncFixture;
  afterEach(async () => {
    await fx?.close();
  });

  it('lists no flow action or message, keeps every one of them, and names each resource’s requests in the run record', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 200 });
    const ws = await fx.addWorkspace('Plan');
    const seq = fx.sim.requestLog.entries().length;
    const res = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
    expect(res.status).toBe('ok');
    const asked = requestsSince(fx, seq);
    const flows = fx.sim.accounts[0]!.dataset.resources.get('flow')!.size;
    expect(asked.get_actions_for_flow ?? 0).toBe(0);
    expect(asked.get_flow_action_messages ?? 0).toBe(0);
    expect(asked.get_flow).toBe(flows);
    // the same actions and messages as the listings would have given (their own timestamps aside)
    expect(inventoryDiff(fx.ctx.store, ws, fx.sim)).toEqual([]);
    const counts = fx.ctx.store.inventory.counts(ws);
    expect(counts['flow-actions']).toBeGreaterThan(flows);
    expect(counts['flow-messages']).toBeGreaterThan(0);

    // the run record: each resource's requests per operation, equal to what the server answered
    const rows = new Map(fx.ctx.store.runs.resources(res.runId).map((r) => [r.resource, r]));
    const byOp = (resource: string) =>
      JSON.parse(rows.get(resource)!.requestsByOperationJson) as Record<string, number>;
    expect(byOp('flows')).toEqual({ get_flows: asked.get_flows, get_flow: asked.get_flow });
    expect(byOp('flow-actions')).toEqual({});
    expect(byOp('flow-messages')).toEqual({});
    expect(byOp('campaigns')).toEqual({ get_campaigns: asked.get_campaigns });
    // no size (profile_count) is asked by the sync: lists and segments cost their listing pages alone, on their own
    // limits (sizes are asked after the sync, sizes/)
    expect(byOp('lists')).toEqual({ get_lists: asked.get_lists });
    expect(byOp('segments')).toEqual({ get_segments: asked.get_segments });
    expect(asked.get_list ?? 0).toBe(0);
    expect(asked.get_segment ?? 0).toBe(0);
    expect(
      fx.sim.requestLog
        .entries()
        .slice(seq)
        .filter((e) => e.url.includes('profile_count')),
    ).toEqual([]);
    const recorded: Record<string, number> = {};
    for (const r of rows.values())
      for (const [op, n] of Object.entries(JSON.parse(r.requestsByOperationJson) as Record<string, number>))
        recorded[op] = (recorded[op] ?? 0) + n;
    expect(recorded).toEqual(asked);

    // …as the Runs tab and the CLI read it
    const env = { ...process.env, AUDIT_DESK_DATA_DIR: fx.dir, AUDIT_DESK_LOG_LEVEL: 'warn' };
    const json = await runCli(['runs', '--workspace', 'Plan', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const run = (JSON.parse(json.stdout) as { resources: { resource: string; requestsByOperation: object }[] }[])[0]!;
    expect(run.resources.find((r) => r.resource === 'flows')!.requestsByOperation).toEqual(byOp('flows'));
    const text = await runCli(['runs', '--workspace', 'Plan', '--resources'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(
      new RegExp(
        `flows\\s+ok\\s+${asked.get_flows! + asked.get_flow!}\\s+get_flows ${asked.get_flows}, get_flow ${asked.get_flow}`,
      ),
    );
    expect(text.stdout).toMatch(/flow-actions\s+ok\s+0\s+none/);
  }, 120_000);

  it('lists the actions of a flow whose definition cannot tell (an action without its id), and only of that flow', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 200 });
    const ds = fx.sim.accounts[0]!.dataset;
    const flow = [...ds.resources.get('flow')!.values()].find(
      (f) => ((f.attributes.definition as { actions: unknown[] } | undefined)?.actions.length ?? 0) > 1,
    )!;
    const actions = (flow.attributes.definition as { actions: Record<string, unknown>[] }).actions;
    const ids = actions.map((a) => String(a.id));
    delete actions[0]!.id;
    const ws = await fx.addWorkspace('Fallback');
    const seq = fx.sim.requestLog.entries().length;
    expect((await fx.ctx.sync.run({ workspaceId: ws })).status).toBe('ok');
    const asked = requestsSince(fx, seq);
    expect(asked.get_actions_for_flow).toBe(1);
    const stored = fx.ctx.store.inventory
      .list({ workspaceId: ws, resourceType: 'flow-actions', limit: 100_000 })
      .filter((r) => r.parentId === flow.id);
    expect(stored.map((r) => r.klaviyoId).sort()).toEqual([...ids].sort());
    // listed actions carry their own timestamps, derived ones cannot
    expect(stored.every((r) => r.attributes.created !== undefined)).toBe(true);
  }, 120_000);
});
