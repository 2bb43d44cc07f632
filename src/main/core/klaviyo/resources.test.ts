import { randomBytes } from 'node:crypto';
import { startSimulator } from '../../../sim/index';
import { SIZES } from '../../../sim/generate';
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
import { listQuery } from './list-query';

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
    // actions and messages are read out of the definitions: no listing of either
    expect(req.get_actions_for_flow).toBeUndefined();
    expect(req.get_flow_action_messages).toBeUndefined();
    expect(req.get_campaigns).toBe(55); // 50 pages + 5 more partitions
    expect(req.get_templates).toBe(50);
    expect(req.get_versions_for_form).toBe(75);
    expect(req.get_messages_for_campaign).toBeUndefined(); // they come included with the campaigns
    const est = estimateListing(counts, 120);
    expect(est.slowestOperation).toBe('get_flow');
    expect(est.floorMs).toBeCloseTo(operationFloorMs(100, { burstPerSecond: 3, steadyPerMinute: 60 }, 120), 6);
  });

  it('lists lists and segments on their own limits: no size (profile_count) call, so at xl they do not set the floor', () => {
    const xl = SIZES.xl;
    const counts = {
      flows: xl.flows,
      campaigns: xl.campaigns,
      templates: xl.templates,
      forms: xl.forms,
      lists: xl.lists,
      segments: xl.segments,
      metrics: xl.metrics,
      tags: xl.tags,
      'tag-groups': xl.tagGroups,
    };
    const est = estimateListing(counts);
    expect(est.requests.get_list).toBeUndefined();
    expect(est.requests.get_segment).toBeUndefined();
    for (const def of [RESOURCE_DEFS.lists, RESOURCE_DEFS.segments]) {
      expect(def.detail).toBeUndefined();
      expect(JSON.stringify(def)).not.toContain('profile_count');
    }
    // 300 lists and 200 segments are 30 and 20 listing pages: the floor is the same as with none of them
    const without = estimateListing({ ...counts, lists: 0, segments: 0 });
    expect(est.floorMs).toBe(without.floorMs);
    expect(est.slowestOperation).toBe('get_flow');
    // the plan with a size asked per list and segment (at 1/s, 15/m) for comparison: about three times as slow
    const sizeLimit = { burstPerSecond: 1, steadyPerMinute: 15 };
    const withSizes = Math.max(
      est.floorMs,
      operationFloorMs(xl.lists, sizeLimit),
      operationFloorMs(xl.segments, sizeLimit),
    );
    console.log(
      `full xl sync plan floor: ${Math.round(est.floorMs / 1000)} s (slowest ${est.slowestOperation}); ` +
        `with a size per list as a detail call: ${Math.round(withSizes / 1000)} s`,
    );
    expect(est.floorMs / withSizes).toBeLessThanOrEqual(0.5);
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

describe('list queries against the simulator', () => {
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

  it('lists incrementally with a server-side filter on the cursor field', async () => {
    const c = client();
    const flows = [...sim.accounts[0]!.dataset.resources.get('flow')!.values()];
    const stamps = flows.map((f) => String(f.attributes.updated)).sort();
    const since = stamps[Math.floor(stamps.length / 2)]!;
    const ids: string[] = [];
    // every partition (archived or not) with the newer-than term the sync's listings are built with
    for (const part of partitionsOf(RESOURCE_DEFS.flows)) {
      const pages = c.paginate('get_flows', { query: listQuery(c, RESOURCE_DEFS.flows, part.values, since) });
      for await (const p of pages) ids.push(...p.data.map((i) => i.id));
    }
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
});
