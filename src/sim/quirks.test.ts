import { startSimulator } from './index';
import { generateDataset } from './generate';
import { DEMO_DEFAULTS } from '../main/core/service/demo';
import { storePlatformOf } from './quirks';
import { loadOpenApiDocument } from '../main/core/klaviyo/spec/load-spec';
import { simCall, simPages, type LooseJson } from './testing';
import type { SimDataset, SimResource, Simulator } from './types';

const anchor = Date.UTC(2026, 10, 24);
const all = (ds: SimDataset, type: string): SimResource[] => [...(ds.resources.get(type)?.values() ?? [])];
const SPEC_SCHEMAS = (
  loadOpenApiDocument() as unknown as {
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  }
).components.schemas;
const MICROS = /T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;
const SECONDS = /T\d{2}:\d{2}:\d{2}\+00:00$/;

function metricConditions(node: unknown, out: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const n of node) metricConditions(n, out);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'profile-metric') out.push(o);
    for (const v of Object.values(o)) metricConditions(v, out);
  }
  return out;
}

/** Every quirk a real account shows, checked on one generated account. */
function expectQuirks(ds: SimDataset, seed: number): void {
  const platform = storePlatformOf(seed);
  const metrics = all(ds, 'metric');
  const integ = (m: SimResource) => (m.attributes.integration as { key: string } | null)?.key;
  // the store's own vocabulary, and a second metric of the same name from an old API integration
  const placed = metrics.filter((m) => m.attributes.name === 'Placed Order');
  expect(placed.map(integ).sort()).toEqual(['api', platform.key].sort());
  const checkout = metrics.filter((m) => m.attributes.name === platform.checkout && integ(m) === platform.key);
  expect(checkout).toHaveLength(1);
  if (platform.key === 'shopify')
    expect(metrics.filter((m) => m.attributes.name === 'Started Checkout').map(integ)).toEqual(['api']);
  // the checkout flow is triggered by the store's checkout metric
  const flow = all(ds, 'flow').find((f) => f.attributes.name === 'Abandoned Checkout')!;
  const trigger = (flow.attributes.definition as { triggers: { id: string }[] }).triggers[0]!;
  expect(trigger.id).toBe(checkout[0]!.id);
  // duplicate list names
  const names = all(ds, 'list').map((l) => l.attributes.name);
  expect(new Set(names).size).toBeLessThan(names.length);
  // a campaign audience naming a list that no longer exists
  const known = new Set([...all(ds, 'list'), ...all(ds, 'segment')].map((x) => x.id));
  const gone = all(ds, 'campaign').flatMap((c) =>
    (c.attributes.audiences as { included: string[] }).included.filter((id) => !known.has(id)),
  );
  expect(gone).toHaveLength(1);
  // campaign times with and without microseconds; send options only with the spec's fields; local sends
  const campaigns = all(ds, 'campaign');
  const stamps = campaigns.map((c) => c.attributes.updated_at as string);
  expect(stamps.some((s) => MICROS.test(s))).toBe(true);
  expect(stamps.some((s) => SECONDS.test(s))).toBe(true);
  const sendOptionFields = new Set(
    ['EmailSendOptions', 'SMSSendOptions', 'PushSendOptions'].flatMap((n) =>
      Object.keys(SPEC_SCHEMAS[n]?.properties ?? {}),
    ),
  );
  expect(sendOptionFields.has('use_smart_sending')).toBe(true);
  const so = campaigns.map((c) => c.attributes.send_options as Record<string, unknown>);
  expect(so.flatMap((o) => Object.keys(o)).filter((k) => !sendOptionFields.has(k))).toEqual([]);
  const local = campaigns.filter(
    (c) => (c.attributes.send_strategy as { options?: { is_local?: boolean } }).options?.is_local === true,
  );
  expect(local.length).toBeGreaterThan(0);
  // metric conditions: metric_filters null on some, a list on others
  const conds = [...all(ds, 'flow'), ...all(ds, 'segment')].flatMap((x) => metricConditions(x.attributes.definition));
  expect(conds.some((c) => c.metric_filters === null)).toBe(true);
  expect(conds.some((c) => Array.isArray(c.metric_filters) && c.metric_filters.length > 0)).toBe(true);
  // delays in the profile's time zone
  const delays = all(ds, 'flow-action')
    .map((a) => a.attributes.definition as { type: string; data: { timezone?: string } })
    .filter((d) => d.type === 'time-delay');
  expect(delays.length).toBeGreaterThan(0);
  expect(delays.every((d) => d.data.timezone === 'profile')).toBe(true);
}

describe('generated accounts carry the quirks of real ones', () => {
  it('the demo account and the bench datasets (each store platform) carry every quirk', () => {
    const seeds = [DEMO_DEFAULTS.seed, 3, 11, 42, 4, 5];
    expect(new Set(seeds.map((s) => storePlatformOf(s).key)).size).toBe(4);
    for (const seed of seeds) {
      const size = seed === DEMO_DEFAULTS.seed ? DEMO_DEFAULTS.size : 'small';
      expectQuirks(generateDataset({ size, seed, anchor }).dataset, seed);
    }
    expect(storePlatformOf(DEMO_DEFAULTS.seed).checkout).toBe('Checkout Started');
  });

  it('xl (the bench size) carries them too', () => {
    expectQuirks(generateDataset({ size: 'xl', seed: 3, anchor }).dataset, 3);
  });

  describe('as served', () => {
    let sim: Simulator;
    beforeAll(async () => {
      sim = await startSimulator({ size: DEMO_DEFAULTS.size, seed: DEMO_DEFAULTS.seed, timeScale: 1000 });
    });
    afterAll(async () => {
      await sim.close();
    });

    it('to-many tags come as links only unless included; the deleted list answers 404', async () => {
      const flows: LooseJson[] = (await simPages(sim, '/api/flows')).flatMap((p) => p.data);
      for (const f of flows) {
        expect(f.relationships.tags.links.related).toContain(`/api/flows/${f.id}/tags`);
        expect(f.relationships.tags).not.toHaveProperty('data');
      }
      const withTags = await simCall(sim, '/api/flows?include=tags', { retries429: 20 });
      expect(Array.isArray(withTags.body.data[0].relationships.tags.data)).toBe(true);
      const campaigns: LooseJson[] = (
        await simPages(sim, "/api/campaigns?filter=equals(messages.channel,'email')")
      ).flatMap((p) => p.data);
      for (const c of campaigns) expect(c.relationships.tags).not.toHaveProperty('data');
      const known = new Set(sim.accounts[0]!.dataset.resources.get('list')!.keys());
      const gone = campaigns
        .flatMap((c) => c.attributes.audiences.included as string[])
        .find((id) => !known.has(id) && !sim.accounts[0]!.dataset.resources.get('segment')!.has(id));
      expect(gone).toBeDefined();
      const r = await simCall(sim, `/api/lists/${gone}`, { retries429: 20 });
      expect(r.status).toBe(404);
    });
  });
});
