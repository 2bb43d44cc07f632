import { startSimulator } from '../../../sim';
import { isoSeconds } from '../../../sim/dataset';
import { storePlatformOf, withMicros } from '../../../sim/quirks';
import type { SimResource, Simulator } from '../../../sim/types';
import type { Audit, EventPayload } from '../../../shared/contract';
import { DEMO_DEFAULTS } from '../service/demo';
import { deskOnSim, type DeskOnSim } from '../service/desk-on-sim';

const MICROS = /T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;

/**
 * The demo's generated account, with every quirk of a real one (the store platform's own metric names, a legacy
 * API "Placed Order", microsecond times beside whole seconds, an audience naming a deleted list …), synced by the
 * real sync through the service and audited from the store: the sync ends ok and the affected verdicts are right.
 */
describe('a generated account with real quirks, through the real sync', () => {
  let sim: Simulator;
  let d: DeskOnSim;
  let first: EventPayload<'sync:finished'>;
  let audit: Audit;
  const all = (type: string): SimResource[] => [...sim.accounts[0]!.dataset.resources.get(type)!.values()];

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, size: DEMO_DEFAULTS.size, seed: DEMO_DEFAULTS.seed, timeScale: 50 });
    d = await deskOnSim(sim, 'generated-quirks-');
    first = await d.sync();
    audit = (await d.call<Audit>('audit:get', { workspaceId: d.workspaceId }))!;
  }, 240_000);

  afterAll(async () => {
    await d.close();
    await sim.close();
  });

  const finding = (ruleId: string) => audit.findings.find((f) => f.ruleId === ruleId)!;

  it('the demo account syncs ok, and keeps every time as Klaviyo wrote it (microseconds included), in order', () => {
    expect(first.status).toBe('ok');
    const rows = d.desk.core.store.inventory.list({
      workspaceId: d.workspaceId,
      resourceType: 'campaigns',
      limit: 10_000,
      sort: { field: 'updatedAt', direction: 'asc' },
    });
    const served = new Map(all('campaign').map((c) => [c.id, c.attributes.updated_at as string]));
    expect(rows.length).toBe(served.size);
    expect(rows.filter((r) => MICROS.test(r.updatedAt ?? '')).length).toBeGreaterThan(0);
    for (const r of rows) expect(r.updatedAt).toBe(served.get(r.klaviyoId));
    // sorted by time, whether or not a time carries microseconds
    const times = rows.map((r) => Date.parse(r.updatedAt!));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
  });

  it('the checkout flow on the store’s own checkout metric has its role (F3), and M1 watches that metric', () => {
    const platform = storePlatformOf(DEMO_DEFAULTS.seed);
    expect(platform.checkout).toBe('Checkout Started');
    const metric = all('metric').find(
      (m) =>
        m.attributes.name === 'Checkout Started' && (m.attributes.integration as { key: string }).key === 'shopify',
    )!;
    const flows = all('flow').filter(
      (f) => (f.attributes.definition as { triggers: { id?: string }[] }).triggers[0]?.id === metric.id,
    );
    expect(flows.length).toBeGreaterThan(0);
    const live = flows.filter((f) => f.attributes.status === 'live' && f.attributes.archived !== true);
    const f3 = finding('F3');
    if (live.length) {
      expect(f3.message.key).not.toBe('F3.failNone');
      for (const f of live) expect(f3.evidence.items.map((i) => i.id)).toContain(f.id);
      expect(finding('M1').evidence.items.map((i) => i.id)).toContain(metric.id);
    } else expect(f3.status).toBe('fail');
  });

  it('two "Placed Order": the store’s stands for the account, and both are named with their integration', () => {
    const placed = all('metric').filter((m) => m.attributes.name === 'Placed Order');
    expect(placed).toHaveLength(2);
    const shopify = placed.find((m) => (m.attributes.integration as { key: string }).key === 'shopify')!;
    const items = finding('M1').evidence.items;
    const watched = items.filter((i) => i.name?.startsWith('Placed Order'));
    expect(watched.map((i) => i.id)).toEqual([shopify.id]);
    expect(watched[0]!.name).toBe('Placed Order (Shopify)');
  });

  it('a campaign whose audience names a deleted list is judged and named (C2), not dropped', () => {
    const known = new Set([...all('list'), ...all('segment')].map((x) => x.id));
    const campaign = all('campaign').find((c) =>
      (c.attributes.audiences as { included: string[] }).included.some((id) => !known.has(id)),
    )!;
    const c2 = finding('C2');
    expect(c2.status).not.toBe('unknown');
    const item = c2.evidence.items.find((i) => i.id === campaign.id);
    expect(item?.note).toBe('audience names a list or segment that no longer exists');
  });

  it('an edit written with microseconds in the second of the last read is picked up by the incremental sync', async () => {
    const c = all('campaign').find((x) => MICROS.test(x.attributes.updated_at as string))!;
    c.attributes.name = 'Renamed with microseconds';
    c.attributes.updated_at = withMicros(isoSeconds(Date.now()), 999_999);
    const again = await d.sync();
    expect(again.status).toBe('ok');
    const row = d.desk.core.store.inventory
      .list({ workspaceId: d.workspaceId, resourceType: 'campaigns', limit: 10_000 })
      .find((r) => r.klaviyoId === c.id)!;
    expect(row.name).toBe('Renamed with microseconds');
    expect(row.updatedAt).toBe(c.attributes.updated_at);
  }, 240_000);
});
