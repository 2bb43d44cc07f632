import { RESOURCE_DEFS } from '../klaviyo/resources';
import { syncFixture, type SyncFixture } from './test-helpers';

type Row = {
  klaviyo_id: string;
  status: string | null;
  action_type: string | null;
  columns_json: string | null;
  attributes_json: string;
};

/**
 * Every typed column a resource definition declares is filled by the sync: a generated account (with the quirks of
 * real ones) synced for real, then each declared column has a value on the items of its resource, and a flow
 * action's kind and status sit in their own columns.
 */
describe('the sync fills every declared typed column', () => {
  let fx: SyncFixture;
  afterAll(async () => {
    await fx?.close();
  });

  it('from a realistic account: each declared column of each resource has values; flow actions carry kind and status', async () => {
    fx = await syncFixture({ size: 'small', timeScale: 500 });
    const ws = await fx.addWorkspace('Columns');
    const res = await fx.ctx.sync.run({ workspaceId: ws, trigger: 'cli' });
    expect(res.status).toBe('ok');
    const rows = (type: string) =>
      fx.ctx.store.database.sqlite
        .prepare(
          'SELECT klaviyo_id, status, action_type, columns_json, attributes_json FROM inventory_items WHERE workspace_id = ? AND resource_type = ?',
        )
        .all(ws, type) as Row[];

    // Flow actions and messages are read out of their flow's definition, which carries no timestamps per action or
    // message (the spec's flow definition has none): their created/updated stay empty until they are listed
    const notInDefinitions = [
      'flow-actions.created',
      'flow-actions.updated',
      'flow-messages.created',
      'flow-messages.updated',
    ];
    const empty: string[] = [];
    for (const def of Object.values(RESOURCE_DEFS)) {
      const items = rows(def.name);
      expect(items.length, def.name).toBeGreaterThan(0);
      const declared = items.map((r) => JSON.parse(r.columns_json ?? 'null') as Record<string, unknown> | null);
      expect(
        declared.every((d) => d !== null),
        `${def.name}: columns_json`,
      ).toBe(true);
      for (const col of def.columns)
        if (!declared.some((d) => d![col.name] !== null && d![col.name] !== undefined))
          empty.push(`${def.name}.${col.name}`);
    }
    expect(empty.filter((c) => !notInDefinitions.includes(c))).toEqual([]);

    const actions = rows('flow-actions');
    for (const a of actions) {
      const def = (JSON.parse(a.attributes_json) as { definition?: { type?: string; data?: { status?: string } } })
        .definition;
      expect(a.action_type, a.klaviyo_id).toBe(def?.type);
      expect(a.status, a.klaviyo_id).toBe(def?.data?.status ?? null);
    }
    expect(new Set(actions.map((a) => a.action_type)).size).toBeGreaterThan(2);
    expect(actions.some((a) => a.status !== null)).toBe(true);
  }, 180_000);
});
