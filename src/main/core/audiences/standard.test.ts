import type { StandardThresholds } from '../../../shared/contract/audiences';
import type { SimResource } from '../../../sim/types';
import { validateAgainstSchema } from '../../../sim/spec-validator';
import { captureSentBodies } from '../outbox/test-helpers';
import { syncFixture, type SyncFixture } from '../sync/test-helpers';
import { chooseStandard, creationCaps, standardPlan } from '.';

const TIME_SCALE = 200;
const STANDARD = ['All Customers', 'New Subscribers', 'VIP', 'Active'];
const THRESHOLDS: StandardThresholds = { vipOrders: 5, vipRevenue: 750, activeDays: 60, newSubscriberDays: 14 };

function segments(fx: SyncFixture): SimResource[] {
  return [...fx.sim.accounts[0]!.dataset.resources.get('segment')!.values()];
}

function metricId(fx: SyncFixture, name: string): string {
  return [...fx.sim.accounts[0]!.dataset.resources.get('metric')!.values()].find((m) => m.attributes.name === name)!.id;
}

async function sync(fx: SyncFixture, ws: string): Promise<void> {
  const h = await fx.ctx.sync.start({ workspaceId: ws, trigger: 'cli' });
  expect((await h.result).status).toBe('ok');
}

/** what the audiences:queueStandard handler does: plan, choose within the cap, queue in one transaction */
function queueStandard(fx: SyncFixture, ws: string, t: StandardThresholds) {
  const plan = standardPlan(fx.ctx.store, ws, t);
  const chosen = chooseStandard(
    plan,
    plan.map((p) => p.key),
    creationCaps(fx.ctx.store, ws, Date.now()).segments.left,
  );
  return { ...chosen, rows: chosen.changes.length ? fx.ctx.outbox.queueCreations(ws, chosen.changes) : [] };
}

/** `n` segments created in Klaviyo by someone else, through its API (so its daily counter counts them too) */
async function createElsewhere(fx: SyncFixture, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${fx.sim.baseUrl}/api/segments`, {
      method: 'POST',
      headers: {
        Authorization: `Klaviyo-API-Key ${fx.sim.keys.full!}`,
        revision: '2026-07-15',
        'Content-Type': 'application/vnd.api+json',
        Accept: 'application/vnd.api+json',
      },
      body: JSON.stringify({
        data: {
          type: 'segment',
          attributes: {
            name: `Elsewhere ${i}`,
            definition: {
              condition_groups: [
                {
                  conditions: [
                    {
                      type: 'profile-marketing-consent',
                      consent: {
                        channel: 'email',
                        can_receive_marketing: true,
                        consent_status: { subscription: 'any' },
                      },
                    },
                  ],
                },
              ],
            },
          },
        },
      }),
    });
    if (res.status === 429) {
      i--;
      await new Promise((r) => setTimeout(r, 20));
      continue;
    }
    expect(res.status).toBe(201);
  }
}

describe('standard audiences against the simulator', () => {
  let fx: SyncFixture;
  let ws: string;
  beforeEach(async () => {
    fx = await syncFixture({ size: 'tiny', seed: 21, timeScale: TIME_SCALE });
    // the generated account has some of the standard names already: start from one without them
    const ds = fx.sim.accounts[0]!.dataset;
    for (const s of segments(fx))
      if (STANDARD.includes(String(s.attributes.name))) ds.resources.get('segment')!.delete(s.id);
    // and with Klaviyo's own email metrics, which the smallest generated account lacks
    const metrics = ds.resources.get('metric')!;
    const model = [...metrics.values()][0]!;
    for (const [id, name] of [
      ['OpnEml', 'Opened Email'],
      ['ClkEml', 'Clicked Email'],
    ] as const)
      metrics.set(id, {
        ...structuredClone(model),
        id,
        attributes: {
          ...structuredClone(model.attributes),
          name,
          integration: { object: 'integration', id: '0rG4eQ', key: 'klaviyo', name: 'Klaviyo', category: 'Internal' },
        },
      });
    ws = await fx.addWorkspace('Audiences');
    await sync(fx, ws);
  }, 60_000);
  afterEach(async () => {
    await fx.close();
  });

  it('creates the four segments with definitions the spec accepts and the thresholds as edited; a second run creates none', async () => {
    const q = queueStandard(fx, ws, THRESHOLDS);
    expect(q.skipped).toEqual([]);
    expect(q.rows.map((r) => r.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(creationCaps(fx.ctx.store, ws, Date.now()).segments).toMatchObject({ used: 4, left: 96 });

    const bodies = captureSentBodies();
    const r = await fx.ctx.outbox.flush(ws, { trigger: 'cli' }).finally(bodies.restore);
    expect(r, fx.ctx.store.outbox.list({ workspaceId: ws })[0]!.errorJson ?? '').toMatchObject({
      done: 4,
      requests: 4,
      rejected: 0,
      pending: 0,
    });
    const posts = bodies.sent.filter((b) => b.method === 'POST' && b.path === '/api/segments');
    expect(posts).toHaveLength(4);
    for (const p of posts) expect(validateAgainstSchema('SegmentCreateQuery', p.body)).toEqual([]);

    const byName = new Map(segments(fx).map((s) => [String(s.attributes.name), s]));
    for (const name of STANDARD) expect(byName.has(name), name).toBe(true);
    const conditions = (name: string) =>
      (byName.get(name)!.attributes.definition as { condition_groups: { conditions: Record<string, unknown>[] }[] })
        .condition_groups;
    const placed = metricId(fx, 'Placed Order');
    expect(conditions('VIP')).toEqual([
      {
        conditions: [
          expect.objectContaining({
            metric_id: placed,
            measurement: 'count',
            measurement_filter: expect.objectContaining({ value: 5 }),
          }),
          expect.objectContaining({
            metric_id: placed,
            measurement: 'sum',
            measurement_filter: expect.objectContaining({ value: 750 }),
          }),
        ],
      },
    ]);
    expect(
      conditions('Active')[0]!.conditions.map((c) => [
        c.metric_id,
        (c.timeframe_filter as { quantity: number }).quantity,
      ]),
    ).toEqual([
      [metricId(fx, 'Opened Email'), 60],
      [metricId(fx, 'Clicked Email'), 60],
    ]);
    expect(JSON.stringify(conditions('New Subscribers'))).toContain('"quantity":14');
    expect(conditions('All Customers')[0]!.conditions[0]).toMatchObject({
      metric_id: placed,
      measurement_filter: { value: 1 },
    });

    // a second run, before and after the next sync: every name exists, nothing is queued or sent
    expect(queueStandard(fx, ws, THRESHOLDS).skipped.map((s) => s.reason)).toEqual([
      'queued',
      'queued',
      'queued',
      'queued',
    ]);
    await sync(fx, ws);
    const again = queueStandard(fx, ws, THRESHOLDS);
    expect(again.rows).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual(['exists', 'exists', 'exists', 'exists']);
    expect((await fx.ctx.outbox.flush(ws, { trigger: 'cli' })).runId).toBeNull();
    expect(fx.sim.requestLog.find({ operationId: 'create_segment' })).toHaveLength(4);
  }, 120_000);

  it('with 99 segments created today elsewhere, only one is created and the others are refused in words, never sent', async () => {
    // made after the sync: the app does not know of them until the flush asks Klaviyo
    await createElsewhere(fx, 99);
    const before = segments(fx).length;
    const q = queueStandard(fx, ws, THRESHOLDS);
    expect(q.rows).toHaveLength(4);
    const sentBefore = fx.sim.requestLog.find({ operationId: 'create_segment' }).length;

    const r = await fx.ctx.outbox.flush(ws, { trigger: 'cli' });
    expect(r).toMatchObject({ done: 1, rejected: 3, pending: 0 });
    expect(segments(fx).length).toBe(before + 1);
    // exactly one more create request reached Klaviyo: none was sent past the cap
    expect(fx.sim.requestLog.find({ operationId: 'create_segment' }).length - sentBefore).toBe(1);
    expect(fx.sim.dailyUsed(fx.sim.accounts[0]!.id, 'create_segment')).toBe(100);
    const rejected = fx.ctx.store.outbox.list({ workspaceId: ws, states: ['rejected'] });
    expect(rejected).toHaveLength(3);
    for (const row of rejected)
      expect(JSON.parse(row.errorJson!)).toMatchObject({
        code: 'throttled',
        message: expect.stringMatching(/lets an account create 100 segments a day/),
        details: { reason: 'daily_cap' },
      });

    // after a sync the app knows: nothing is left to queue, and the screens say so before anything is sent
    await sync(fx, ws);
    expect(creationCaps(fx.ctx.store, ws, Date.now()).segments).toMatchObject({ left: 0 });
    const later = queueStandard(fx, ws, THRESHOLDS);
    expect(later.rows).toEqual([]);
    expect(later.skipped.filter((s) => s.reason === 'daily_cap')).toHaveLength(3);
    expect(() =>
      fx.ctx.outbox.queue(ws, {
        kind: 'segment_create',
        name: 'One more',
        definition: { condition_groups: [{ conditions: [{ type: 'profile-marketing-consent' }] }] },
      }),
    ).toThrow(/lets an account create 100 segments a day; 0 are left/);
  }, 180_000);

  it('a creation whose answer was lost is found by name, not made again', async () => {
    fx.ctx.outbox.queue(ws, { kind: 'list_create', name: 'Lost answer list' });
    queueStandard(fx, ws, THRESHOLDS);
    // Klaviyo creates the first two, their answers never arrive (the five go out at once)
    fx.sim.setFaults([{ kind: 'lose-answer', operations: ['create_list', 'create_segment'], count: 2 }]);
    expect((await fx.ctx.outbox.flush(ws, { trigger: 'cli' })).blocked).toBe('offline');
    fx.sim.setFaults([]);
    for (let i = 0; i < 5; i++) if ((await fx.ctx.outbox.flush(ws, { trigger: 'cli' })).pending === 0) break;
    const lists = [...fx.sim.accounts[0]!.dataset.resources.get('list')!.values()];
    expect(lists.filter((l) => l.attributes.name === 'Lost answer list')).toHaveLength(1);
    for (const name of STANDARD)
      expect(
        segments(fx).filter((s) => s.attributes.name === name),
        name,
      ).toHaveLength(1);
    const items = fx.ctx.store.outbox.list({ workspaceId: ws });
    expect(items.map((i) => i.state)).toEqual(['done', 'done', 'done', 'done', 'done']);
    expect(items.filter((i) => JSON.parse(i.resultJson!).alreadyApplied)).toHaveLength(2);
    expect(fx.sim.requestLog.find({ operationId: 'create_list' })).toHaveLength(1);
    expect(fx.sim.requestLog.find({ operationId: 'create_segment' })).toHaveLength(4);
  }, 120_000);
});
