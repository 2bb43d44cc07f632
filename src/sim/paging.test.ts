import { startSimulator } from './index';
import { simCall, simPages } from './testing';
import type { Simulator } from './types';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ size: 'medium', seed: 5, timeScale: 500 });
});
afterAll(async () => {
  await sim.close();
});

const ds = () => sim.accounts[0]!.dataset;
const all = (type: string) => [...ds().resources.get(type)!.values()];

describe('cursor paging', () => {
  it('follows links.next across every page of templates at the default size, each item once', async () => {
    const pages = await simPages(sim, '/api/templates');
    expect(pages.length).toBe(Math.ceil(all('template').length / 10));
    for (const p of pages.slice(0, -1)) expect(p.data).toHaveLength(10);
    const ids = pages.flatMap((p) => p.data.map((d: { id: string }) => d.id));
    expect(new Set(ids).size).toBe(all('template').length);
    expect(pages.at(-1).links.next).toBeUndefined();
    const next = new URL(pages[0].links.next);
    expect(next.origin).toBe(sim.baseUrl);
    expect(next.searchParams.get('page[cursor]')).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(pages[1].links.prev).toBeDefined();
    expect(pages[0].links.self).toBe(`${sim.baseUrl}/api/templates`);
  });

  it('keeps filter and sort in links.next and honours page[size] up to the operation maximum', async () => {
    const pages = await simPages(
      sim,
      "/api/campaigns?filter=equals(messages.channel,'sms')&sort=-created_at&page[size]=37",
    );
    const ids = pages.flatMap((p) =>
      p.data.map((d: { attributes: { created_at: string } }) => d.attributes.created_at),
    );
    expect(pages[0].data).toHaveLength(37);
    expect([...ids].sort().reverse()).toEqual(ids);
    const next = new URL(pages[0].links.next);
    expect(next.searchParams.get('filter')).toBe("equals(messages.channel,'sms')");
    expect(next.searchParams.get('sort')).toBe('-created_at');
  });

  it.each([
    ['/api/flows?page[size]=51', 50],
    ['/api/flows?page[size]=0', 50],
    ['/api/tag-groups?page[size]=26', 25],
    ['/api/events?page[size]=1001', 1000],
    ['/api/lists?page[size]=abc', 10],
  ])('rejects %s outside the bounds (max %d) with 400 on page[size]', async (path) => {
    const r = await simCall(sim, path);
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ code: 'invalid', source: { parameter: 'page[size]' } });
  });

  it('accepts the maxima', async () => {
    expect((await simCall(sim, '/api/flows?page[size]=50')).status).toBe(200);
    const ev = await simCall(sim, '/api/events?page[size]=1000');
    expect(ev.body.data).toHaveLength(1000);
  });

  it('rejects a forged or foreign cursor with "Invalid cursor provided."', async () => {
    const r = await simCall(sim, '/api/flows?page[cursor]=bm90LWEtY3Vyc29y');
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ code: 'invalid', detail: 'Invalid cursor provided.' });
    const first = await simCall(sim, '/api/templates');
    const cursor = new URL(first.body.links.next).searchParams.get('page[cursor]')!;
    const foreign = await simCall(sim, `/api/templates?sort=name&page[cursor]=${cursor}`);
    expect(foreign.status).toBe(400);
  });

  it('pages events lazily in datetime order, and descending with sort=-datetime', async () => {
    const asc = await simCall(sim, '/api/events?page[size]=50&sort=datetime');
    const times = asc.body.data.map((d: { attributes: { timestamp: number } }) => d.attributes.timestamp);
    expect([...times].sort((a: number, b: number) => a - b)).toEqual(times);
    const desc = await simCall(sim, '/api/events?page[size]=50&sort=-datetime');
    expect(desc.body.data[0].attributes.timestamp).toBeGreaterThanOrEqual(desc.body.data[49].attributes.timestamp);
    expect(desc.body.data[0].id).toBe(ds().events.at(ds().events.count - 1).id);
  });

  it('filters events by metric and a datetime window, page after page', async () => {
    const placed = all('metric').find((m) => m.attributes.name === 'Placed Order')!;
    const start = '2025-01-01T00:00:00Z';
    const pages = await simPages(
      sim,
      `/api/events?filter=and(equals(metric_id,'${placed.id}'),greater-or-equal(datetime,${start}))&page[size]=200`,
    );
    const got = pages.flatMap((p) => p.data);
    const ev = ds().events;
    let expected = 0;
    for (let i = 0; i < ev.count; i++) {
      const e = ev.at(i);
      if (
        (e.relationships!.metric!.data as { id: string }).id === placed.id &&
        Date.parse(e.attributes.datetime as string) >= Date.parse(start)
      )
        expected++;
    }
    expect(got.length).toBe(expected);
    expect(
      got.every(
        (e: { relationships: { metric: { data: { id: string } } } }) => e.relationships.metric.data.id === placed.id,
      ),
    ).toBe(true);
  });
});

describe('query parameters', () => {
  it('answers 400 for an unknown query parameter', async () => {
    const r = await simCall(sim, '/api/flows?foo=bar');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].source.parameter).toBe('foo');
  });

  it('answers 400 for a sort field outside the enum', async () => {
    const r = await simCall(sim, '/api/flows?sort=archived');
    expect(r.status).toBe(400);
    expect(r.body.errors[0].source.parameter).toBe('sort');
  });

  it('returns included[] for include= and strips unrequested additional fields', async () => {
    const r = await simCall(sim, '/api/flows?include=tags,flow-actions');
    expect(r.body.included.length).toBeGreaterThan(0);
    expect(new Set(r.body.included.map((x: { type: string }) => x.type))).toEqual(new Set(['tag', 'flow-action']));
    expect(r.body.data[0].attributes.definition).toBeUndefined();
    const flow = all('flow')[0]!;
    const one = await simCall(sim, `/api/flows/${flow.id}?additional-fields[flow]=definition`);
    expect(one.body.data.attributes.definition.actions.length).toBeGreaterThan(0);
    const list = all('list')[0]!;
    const plain = await simCall(sim, `/api/lists/${list.id}`);
    expect(plain.body.data.attributes.profile_count).toBeUndefined();
    const counted = await simCall(sim, `/api/lists/${list.id}?additional-fields[list]=profile_count`);
    expect(counted.body.data.attributes.profile_count).toBe(list.attributes.profile_count);
  });

  it('applies sparse fieldsets', async () => {
    const r = await simCall(sim, '/api/flows?fields[flow]=name,status');
    expect(Object.keys(r.body.data[0].attributes).sort()).toEqual(['name', 'status']);
  });

  it('answers 404 for an unknown id and for an unknown path', async () => {
    const r = await simCall(sim, '/api/flows/NOPE00');
    expect(r.status).toBe(404);
    expect(r.body.errors[0].code).toBe('not_found');
    expect((await simCall(sim, '/api/nothing-here')).status).toBe(404);
  });

  it('leaves archived flows and campaigns out unless asked with equals(archived,true)', async () => {
    const flows = await simPages(sim, '/api/flows');
    const live = flows.flatMap((p) => p.data);
    expect(live.length).toBe(all('flow').filter((f) => f.attributes.archived !== true).length);
    const archived = (await simPages(sim, '/api/flows?filter=equals(archived,true)')).flatMap((p) => p.data);
    expect(archived.length).toBe(all('flow').filter((f) => f.attributes.archived === true).length);
    expect(archived.length).toBeGreaterThan(0);
    const camp = (
      await simPages(sim, "/api/campaigns?filter=and(equals(messages.channel,'email'),equals(archived,true))")
    ).flatMap((p) => p.data);
    expect(camp.length).toBeGreaterThan(0);
    expect(camp.every((c: { attributes: { archived: boolean } }) => c.attributes.archived)).toBe(true);
  });

  it('serves child collections consistent with the parent (flow → actions → messages, campaign → messages)', async () => {
    const flow = all('flow').find((f) => (f.relationships!['flow-actions']!.data as unknown[]).length > 2)!;
    const actions = (await simPages(sim, `/api/flows/${flow.id}/flow-actions`)).flatMap((p) => p.data);
    const def = flow.attributes.definition as { actions: { id: string; type: string }[] };
    expect(actions.map((a: { id: string }) => a.id).sort()).toEqual(def.actions.map((a) => a.id).sort());
    const send = actions.find((a: { attributes: { definition: { type: string } } }) =>
      a.attributes.definition.type.startsWith('send-'),
    );
    const msgs = await simCall(sim, `/api/flow-actions/${send.id}/flow-messages`);
    expect(msgs.body.data).toHaveLength(1);
    expect(msgs.body.data[0].id).toBe(send.attributes.definition.data.message.id);
  });
});

describe('events created through the API', () => {
  it('are merged into datetime order with the generated ones, page after page, each once', async () => {
    const s = await startSimulator({ size: 'tiny', seed: 21, timeScale: 1000 });
    try {
      const ev = s.accounts[0]!.dataset.events;
      const mid = Date.parse(ev.at(100).attributes.datetime as string);
      const times = [mid + 1500, mid - 86_400_000, mid + 2500, Date.now()];
      for (const [n, t] of times.entries()) {
        const r = await simCall(s, '/api/events', {
          method: 'POST',
          body: {
            data: {
              type: 'event',
              attributes: {
                properties: { n },
                time: new Date(t).toISOString(),
                metric: { data: { type: 'metric', attributes: { name: 'Imported' } } },
                profile: { data: { type: 'profile', attributes: { email: `p${n}@example.com` } } },
              },
            },
          },
        });
        expect(r.status).toBe(202);
      }
      for (const sort of ['datetime', '-datetime']) {
        const pages = await simPages(s, `/api/events?sort=${sort}&page[size]=7`);
        const all = pages.flatMap((p) => p.data);
        expect(all).toHaveLength(ev.count + 4);
        expect(new Set(all.map((e: { id: string }) => e.id)).size).toBe(all.length);
        const ts = all.map((e: { attributes: { timestamp: number } }) => e.attributes.timestamp);
        const sorted = [...ts].sort((a, b) => (sort === 'datetime' ? a - b : b - a));
        expect(ts).toEqual(sorted);
      }
      const imported = s.accounts[0]!.dataset.resources.get('metric')!;
      const metricId = [...imported.values()].find((m) => m.attributes.name === 'Imported')!.id;
      const window = await simCall(
        s,
        `/api/events?filter=and(equals(metric_id,'${metricId}'),greater-or-equal(datetime,${new Date(mid).toISOString().slice(0, 19)}Z))`,
      );
      expect(
        window.body.data.map(
          (e: { attributes: { event_properties: { n: number } } }) => e.attributes.event_properties.n,
        ),
      ).toEqual([0, 2, 3]);
    } finally {
      await s.close();
    }
  });
});
