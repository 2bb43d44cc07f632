import { generateDataset, SIZES } from './generate';
import { LazyEvents } from './events';
import { storePlatformOf } from './quirks';
import type { SimDataset } from './types';

const anchor = Date.UTC(2026, 10, 24);
const count = (ds: SimDataset, type: string): number => ds.resources.get(type)?.size ?? 0;

describe('seeded generator', () => {
  it('is deterministic for (size, seed, anchor) and differs across seeds', () => {
    const a = generateDataset({ size: 'small', seed: 7, anchor }).dataset;
    const b = generateDataset({ size: 'small', seed: 7, anchor }).dataset;
    const c = generateDataset({ size: 'small', seed: 8, anchor }).dataset;
    const dump = (ds: SimDataset) => JSON.stringify([...ds.resources].map(([t, m]) => [t, [...m.values()]]));
    expect(dump(a)).toBe(dump(b));
    expect(dump(a)).not.toBe(dump(c));
    expect(JSON.stringify(a.events.at(123))).toBe(JSON.stringify(b.events.at(123)));
  });

  it('xl has the advertised volumes with lazy events; medium ≈ 1/20 and large ≈ 1/4 of it', () => {
    const { dataset } = generateDataset({ size: 'xl', seed: 1, anchor });
    expect(count(dataset, 'flow')).toBe(400);
    expect(count(dataset, 'campaign')).toBe(20_000);
    expect(count(dataset, 'campaign-message')).toBe(20_000);
    expect(count(dataset, 'template')).toBe(2_000);
    expect(count(dataset, 'form')).toBe(300);
    expect(count(dataset, 'list') + count(dataset, 'segment')).toBe(500);
    expect(count(dataset, 'metric')).toBe(150);
    expect(dataset.events.count).toBe(1_000_000);
    expect(dataset.events).toBeInstanceOf(LazyEvents);
    expect(dataset.events.indexOf(dataset.events.at(999_999).id)).toBe(999_999);
    expect(SIZES.medium.campaigns * 20).toBe(SIZES.xl.campaigns);
    expect(SIZES.large.campaigns * 4).toBe(SIZES.xl.campaigns);
    const channels = new Map<string, number>();
    for (const m of dataset.resources.get('campaign-message')!.values()) {
      const ch = (m.attributes.definition as { channel: string }).channel;
      channels.set(ch, (channels.get(ch) ?? 0) + 1);
    }
    expect([...channels.keys()].sort()).toEqual(['email', 'mobile_push', 'sms']);
  });

  it('produces realistic, internally consistent data', () => {
    const { dataset: ds } = generateDataset({ size: 'medium', seed: 3, anchor });
    const metrics = [...ds.resources.get('metric')!.values()];
    // the store's metrics carry its integration (seed 3 is a Magento 2 store: its checkout is "Started Checkout")
    const platform = storePlatformOf(3);
    for (const name of ['Placed Order', platform.checkout, 'Added to Cart', 'Viewed Product', 'Active on Site']) {
      const m = metrics.find((x) => x.attributes.name === name);
      expect(m?.attributes.integration).toMatchObject({ name: platform.integration.name });
    }
    // audiences point at real lists and segments, except the one list deleted since (a real quirk)
    const audiences = new Set([...ds.resources.get('list')!.keys(), ...ds.resources.get('segment')!.keys()]);
    const gone = new Set<string>();
    for (const c of ds.resources.get('campaign')!.values()) {
      const a = c.attributes.audiences as { included: string[]; excluded: string[] };
      for (const id of [...a.included, ...a.excluded]) if (!audiences.has(id)) gone.add(id);
    }
    expect(gone.size).toBe(1);
    const statuses = new Set<string>();
    for (const f of ds.resources.get('flow')!.values()) {
      statuses.add(f.attributes.status as string);
      const def = f.attributes.definition as {
        actions: { id: string; type: string; data?: { message?: { id: string } } }[];
      };
      const actionIds = (f.relationships!['flow-actions']!.data as { id: string }[]).map((x) => x.id);
      expect(def.actions.map((x) => x.id)).toEqual(actionIds);
      for (const act of def.actions) {
        expect(ds.resources.get('flow-action')!.get(act.id)).toBeDefined();
        if (act.data?.message) expect(ds.resources.get('flow-message')!.get(act.data.message.id)).toBeDefined();
      }
    }
    expect([...statuses].sort()).toEqual(['draft', 'live', 'manual']);
    for (const type of ['list', 'segment']) {
      const all = [...ds.resources.get(type)!.values()];
      for (const g of all)
        expect((g.relationships!.profiles!.data as unknown[]).length).toBe(g.attributes.profile_count);
      expect(all.some((g) => g.attributes.profile_count === 0)).toBe(true);
      expect(all.some((g) => (g.attributes.profile_count as number) > 0)).toBe(true);
    }
    const groups = [...ds.resources.get('tag-group')!.values()];
    expect(groups.filter((g) => g.attributes.default === true)).toHaveLength(1);
    const updated = [...ds.resources.get('flow')!.values()].map((f) => f.attributes.updated as string);
    expect(updated.some((u) => Date.parse(u) > anchor)).toBe(true); // clock skew: a few in the future
    expect(new Set(updated).size).toBeLessThan(updated.length); // same-second updates exist
    const ev = ds.events as LazyEvents;
    for (let i = 1; i < 2000; i++) expect(ev.timeAt(i)).toBeGreaterThanOrEqual(ev.timeAt(i - 1));
  });

  it('every fourth seed has a trigger metric that stopped recording ten days ago (audit rule M1)', () => {
    const viewedCounts = (seed: number): { before: number; recent: number } => {
      const { dataset: ds } = generateDataset({ size: 'small', seed, anchor });
      const ev = ds.events as LazyEvents;
      const viewed = [...ds.resources.get('metric')!.values()].find((m) => m.attributes.name === 'Viewed Product')!.id;
      const recent = ev.lowerBound(anchor - 10 * 86_400_000);
      const out = { before: 0, recent: 0 };
      for (let i = Math.max(0, recent - 1000); i < ev.count; i++) {
        if (ev.metricAt(i).metricId !== viewed) continue;
        if (i >= recent) out.recent++;
        else out.before++;
      }
      return out;
    };
    const stalled = viewedCounts(5);
    expect(stalled.before).toBeGreaterThan(0);
    expect(stalled.recent).toBe(0);
    expect(viewedCounts(6).recent).toBeGreaterThan(0);
  });
});
