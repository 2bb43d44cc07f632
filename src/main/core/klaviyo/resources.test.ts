import { randomBytes } from 'node:crypto';
import { startSimulator } from '../../../sim/index';
import type { Simulator } from '../../../sim/index';
import { createKlaviyoClient } from './client';
import { alignedOperationFloorMs, operationFloorMs, runFloorMs } from './floor';
import { RateLimiter } from './limiter';
import {
  RESOURCE_DEFS,
  RESOURCE_NAMES,
  columnsOf,
  estimateListing,
  estimateRequests,
  partitionsOf,
  validateResourceDefs,
} from './resources';
import { crawlAccount, listQuery, listResource, type ResourcePage } from './runner';
import { startTestServer, sendJson } from './test-server';

describe('resource definitions', () => {
  it('are consistent with the spec operation table (ops, page sizes, partitions, includes, additional fields)', () => {
    expect(validateResourceDefs()).toEqual([]);
    expect(Object.keys(RESOURCE_DEFS).sort()).toEqual([...RESOURCE_NAMES].sort());
  });

  it('partition campaigns by channel × archived and build filters the operation accepts', () => {
    const c = createKlaviyoClient({
      baseUrl: 'http://127.0.0.1:9',
      apiKey: 'pk_' + randomBytes(10).toString('hex'),
      requestId: 'r',
    });
    const parts = partitionsOf(RESOURCE_DEFS.campaigns);
    expect(parts.map((p) => p.key)).toEqual([
      'channel=email;archived=false',
      'channel=email;archived=true',
      'channel=sms;archived=false',
      'channel=sms;archived=true',
      'channel=mobile_push;archived=false',
      'channel=mobile_push;archived=true',
    ]);
    expect(listQuery(c, RESOURCE_DEFS.campaigns, parts[2]!.values)).toEqual({
      'page[size]': 100,
      filter: "and(equals(messages.channel,'sms'),equals(archived,false))",
      include: 'campaign-messages,tags',
    });
    // incremental: the strictest newer-than operator each operation has, datetimes unquoted
    expect(listQuery(c, RESOURCE_DEFS.campaigns, parts[0]!.values, '2024-01-01T00:00:00Z').filter).toBe(
      "and(equals(messages.channel,'email'),equals(archived,false),greater-or-equal(updated_at,2024-01-01T00:00:00Z))",
    );
    expect(listQuery(c, RESOURCE_DEFS.lists, {}, new Date('2024-01-01T00:00:00Z')).filter).toBe(
      'greater-than(updated,2024-01-01T00:00:00Z)',
    );
    expect(listQuery(c, RESOURCE_DEFS.metrics, {}, '2024-01-01T00:00:00Z')).toEqual({}); // no server filter, no page size
    expect(listQuery(c, RESOURCE_DEFS.templates, {})['page[size]']).toBe(10);
  });

  it('extracts typed columns from attributes, parents and partitions', () => {
    const campaign = {
      type: 'campaign',
      id: 'c1',
      attributes: { name: 'Spring', status: 'Sent', archived: false, send_time: null },
    };
    expect(
      columnsOf(RESOURCE_DEFS.campaigns, campaign, { partition: { channel: 'sms', archived: false } }),
    ).toMatchObject({
      name: 'Spring',
      status: 'Sent',
      archived: false,
      channel: 'sms',
      send_time: null,
    });
    const action = {
      type: 'flow-action',
      id: 'a1',
      attributes: { definition: { type: 'send-email', data: { status: 'live' } } },
    };
    expect(columnsOf(RESOURCE_DEFS['flow-actions'], action, { parentId: 'f1' })).toMatchObject({
      flow_id: 'f1',
      action_type: 'send-email',
      status: 'live',
    });
  });

  it('estimates requests and the rate-limit floor from item counts', () => {
    const counts = {
      flows: 100,
      'flow-actions': 400,
      'flow-messages': 225,
      campaigns: 5000,
      templates: 500,
      forms: 75,
      'form-versions': 120,
    };
    const req = estimateRequests(counts);
    expect(req.get_flows).toBe(3); // 2 partitions, 100 flows at 50 a page
    expect(req.get_flow).toBe(100); // one detail call per flow
    expect(req.get_actions_for_flow).toBe(100);
    expect(req.get_flow_action_messages).toBe(225);
    expect(req.get_campaigns).toBe(55); // 50 pages + 5 more partitions
    expect(req.get_templates).toBe(50);
    expect(req.get_versions_for_form).toBe(75);
    expect(req.get_messages_for_campaign).toBeUndefined(); // they come included with the campaigns
    const est = estimateListing(counts, 120);
    expect(est.slowestOperation).toBe('get_flow_action_messages');
    expect(est.floorMs).toBeCloseTo(operationFloorMs(225, { burstPerSecond: 3, steadyPerMinute: 60 }, 120), 6);
  });

  it('computes the floor from full steady windows plus the burst windows of the last batch', () => {
    const s = { burstPerSecond: 3, steadyPerMinute: 60 };
    expect(operationFloorMs(1, s)).toBe(0);
    expect(operationFloorMs(3, s)).toBe(0);
    expect(operationFloorMs(4, s)).toBe(1000);
    expect(operationFloorMs(60, s)).toBe(19_000);
    expect(operationFloorMs(61, s)).toBe(60_000);
    expect(operationFloorMs(225, s, 120)).toBeCloseTo(3 * 500 + 14 * (1000 / 120), 6);
    // burst-bound when the steady window is generous
    expect(operationFloorMs(100, { burstPerSecond: 1, steadyPerMinute: 1000 })).toBe(99_000);
    expect(runFloorMs({ a: { requests: 61, limit: s }, b: { requests: 10, limit: s } })).toEqual({
      floorMs: 60_000,
      slowestKey: 'a',
    });
    // knowing the windows: starting 1 s before a minute ends, 3 go now, 60 in the next minute, the rest after
    const t0 = 10 * 60_000 - 1000;
    expect(alignedOperationFloorMs(63, s, 1, t0)).toBe(1000 + 19_000);
    expect(alignedOperationFloorMs(64, s, 1, t0)).toBe(61_000);
    // starting on a boundary it equals the alignment-agnostic floor
    expect(alignedOperationFloorMs(225, s, 1, 60_000 * 7)).toBe(operationFloorMs(225, s));
  });
});

describe('generic runner backpressure', () => {
  it('does not run ahead of a slow consumer, and stops requesting when the consumer stops', async () => {
    let base = '';
    const server = await startTestServer((req, res) => {
      const n = Number(new URL(req.url!, base).searchParams.get('page[cursor]') ?? 0);
      sendJson(res, 200, {
        data: Array.from({ length: 10 }, (_, i) => ({ type: 'template', id: `t${n * 10 + i}`, attributes: {} })),
        links: { self: base, next: `${base}/api/templates?page%5Bcursor%5D=${n + 1}` }, // never ends
      });
    });
    base = server.baseUrl;
    try {
      const c = createKlaviyoClient({
        baseUrl: base,
        apiKey: 'pk_' + randomBytes(10).toString('hex'),
        requestId: 'bp',
        limiter: new RateLimiter(),
      });
      let consumed = 0;
      for await (const _ of listResource(c, RESOURCE_DEFS.templates, { buffer: 2 })) {
        consumed++;
        if (consumed === 3) {
          await new Promise((r) => setTimeout(r, 300));
          // one page in the consumer's hands, two buffered, one being pushed: nothing more
          expect(server.seen.length).toBeLessThanOrEqual(consumed + 2 + 1);
        }
        if (consumed === 5) break;
      }
      await new Promise((r) => setTimeout(r, 50)); // a request already on the wire may still land
      const after = server.seen.length;
      await new Promise((r) => setTimeout(r, 200));
      expect(server.seen.length).toBe(after);
      expect(after).toBeLessThanOrEqual(5 + 2 + 1);
    } finally {
      await server.close();
    }
  });
});

describe('generic runner against the simulator', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'small', timeScale: 120, seed: 3 });
  });
  afterAll(async () => {
    await sim.close();
  });

  const client = () =>
    createKlaviyoClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.keys.full!,
      requestId: 'crawl-1',
      timeScale: 120,
      limiter: new RateLimiter({ timeScale: 120 }),
    });

  it('lists every resource, item for item, with each child tagged with its parent', async () => {
    const c = client();
    const seen = new Map<string, Map<string, string | null>>();
    const res = await crawlAccount(c, {
      onPage: (page: ResourcePage) => {
        const m = seen.get(page.type) ?? new Map<string, string | null>();
        page.items.forEach((it, i) => m.set(it.id, page.parentIds[i] ?? null));
        seen.set(page.type, m);
      },
    });
    expect(Object.values(res.outcomes).every((o) => o!.status === 'ok')).toBe(true);
    const ds = sim.accounts[0]!.dataset;
    for (const name of RESOURCE_NAMES) {
      const type = RESOURCE_DEFS[name].type;
      const expected = [...(ds.resources.get(type)?.keys() ?? [])].sort();
      expect([...(seen.get(type)?.keys() ?? [])].sort(), type).toEqual(expected);
    }
    // parents: a flow action's flow, a flow message's action, a campaign message's campaign, a form version's form
    const parentRel: Array<[string, string]> = [
      ['flow-action', 'flow'],
      ['flow-message', 'flow-action'],
      ['campaign-message', 'campaign'],
      ['form-version', 'form'],
    ];
    for (const [type, rel] of parentRel) {
      for (const [id, parentId] of seen.get(type)!) {
        const r = ds.resources.get(type)!.get(id)!;
        const own = (r.relationships?.[rel]?.data as { id: string } | null)?.id;
        if (own) expect(parentId, `${type} ${id}`).toBe(own);
        else expect(parentId).not.toBeNull();
      }
    }
    // the flow definition came from the detail call
    const flows = [...ds.resources.get('flow')!.values()];
    expect(flows.length).toBeGreaterThan(0);
    const log = sim.requestLog.entries().filter((e) => e.operationId === 'get_flow');
    expect(log.length).toBe(flows.length);
    expect(log.every((e) => e.url.includes('additional-fields%5Bflow%5D=definition'))).toBe(true);
    // delays and splits have no message: no calls for them
    const messageCalls = sim.requestLog.entries().filter((e) => e.operationId === 'get_flow_action_messages').length;
    expect(messageCalls).toBe(ds.resources.get('flow-message')!.size);
    expect(c.counters().total.failed).toBe(0);
  });

  it('takes children from included at any depth: flow actions from the flow listing, their messages per send action', async () => {
    const c = client();
    sim.clearLog();
    const seen = new Map<string, Map<string, string | null>>();
    const res = await crawlAccount(c, {
      resources: ['flows', 'flow-actions', 'flow-messages'],
      defs: {
        flows: { ...RESOURCE_DEFS.flows, include: ['flow-actions'] },
        'flow-actions': {
          ...RESOURCE_DEFS['flow-actions'],
          parent: { resource: 'flows', fromIncluded: { relationship: 'flow-actions' } },
        },
      },
      onPage: (page) => {
        const m = seen.get(page.type) ?? new Map<string, string | null>();
        page.items.forEach((it, i) => m.set(it.id, page.parentIds[i] ?? null));
        seen.set(page.type, m);
      },
    });
    expect(Object.values(res.outcomes).map((o) => o!.status)).toEqual(['ok', 'ok', 'ok']);
    const ds = sim.accounts[0]!.dataset;
    for (const type of ['flow', 'flow-action', 'flow-message']) {
      expect([...seen.get(type)!.keys()].sort(), type).toEqual([...ds.resources.get(type)!.keys()].sort());
    }
    for (const [id, parentId] of seen.get('flow-action')!) {
      expect(parentId).toBe((ds.resources.get('flow-action')!.get(id)!.relationships!.flow!.data as { id: string }).id);
    }
    expect(sim.requestLog.count({ operationId: 'get_actions_for_flow' })).toBe(0);
  });

  it('resumes a partition from a saved links.next and skips partitions already complete', async () => {
    const c = client();
    const first: ResourcePage[] = [];
    for await (const p of listResource(c, RESOURCE_DEFS.templates, {})) first.push(p);
    expect(first.length).toBeGreaterThan(1);
    const checkpoint = first[0]!.next!;
    const resumed: string[] = [];
    for await (const p of listResource(c, RESOURCE_DEFS.templates, { resume: { '': checkpoint } })) {
      resumed.push(...p.items.map((i) => i.id));
    }
    expect(resumed).toEqual(first.slice(1).flatMap((p) => p.items.map((i) => i.id)));
    let none = 0;
    for await (const _ of listResource(c, RESOURCE_DEFS.templates, { resume: { '': null } })) none++;
    expect(none).toBe(0);
  });

  it('marks a resource forbidden when the key lacks its scope, and the rest still completes', async () => {
    const c = createKlaviyoClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.keys.noForms!,
      requestId: 'crawl-2',
      timeScale: 120,
    });
    const res = await crawlAccount(c, { resources: ['forms', 'form-versions', 'tags'], onPage: () => undefined });
    expect(res.outcomes.forms).toMatchObject({ status: 'failed', error: { code: 'forbidden', requestId: 'crawl-2' } });
    expect(res.outcomes.forms!.error!.details.missingScopes).toEqual(['forms:read']);
    expect(res.outcomes['form-versions']).toMatchObject({ status: 'failed', error: { code: 'forbidden' } });
    expect(res.outcomes.tags).toMatchObject({ status: 'ok' });
    expect(res.authError).toBeUndefined();
  });

  it('lists incrementally with a server-side filter on the cursor field', async () => {
    const c = client();
    const flows = [...sim.accounts[0]!.dataset.resources.get('flow')!.values()];
    const stamps = flows.map((f) => String(f.attributes.updated)).sort();
    const since = stamps[Math.floor(stamps.length / 2)]!;
    const ids: string[] = [];
    for await (const p of listResource(c, { ...RESOURCE_DEFS.flows, detail: undefined }, { since }))
      ids.push(...p.items.map((i) => i.id));
    const expected = flows.filter((f) => String(f.attributes.updated) >= since).map((f) => f.id);
    expect(ids.sort()).toEqual(expected.sort());
    expect(ids.length).toBeLessThan(flows.length);
  });

  it('reports a missing campaign channel filter as invalid with the parameter', async () => {
    const c = client();
    await expect(c.request('get_campaigns')).rejects.toMatchObject({
      code: 'invalid',
      details: { parameter: 'filter', status: 400 },
    });
  });

  it('stops everything on an auth failure', async () => {
    const c = createKlaviyoClient({
      baseUrl: sim.baseUrl,
      apiKey: sim.keys.revoked!,
      requestId: 'crawl-3',
      timeScale: 120,
    });
    const res = await crawlAccount(c, { onPage: () => undefined });
    expect(res.authError).toMatchObject({ code: 'auth', requestId: 'crawl-3' });
    expect(Object.values(res.outcomes).every((o) => o!.status !== 'ok')).toBe(true);
  });
});
