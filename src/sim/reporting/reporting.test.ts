import { operationTable } from '../../main/core/klaviyo/spec/operations';
import { baseFixture, IDS } from '../../main/core/audit/fixtures/accounts';
import { startSimulator } from '../index';
import { validateAgainstSchema } from '../spec-validator';
import type { Simulator } from '../types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- report bodies are checked against the spec's schemas instead
type Json = any;

const NOW = Date.parse('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const table = operationTable();

async function post(
  sim: Simulator,
  key: string,
  operationId: string,
  attributes: Record<string, unknown>,
  type: string,
) {
  const op = table.get(operationId);
  const res = await fetch(`${sim.baseUrl}${op.path}`, {
    method: 'POST',
    headers: {
      Authorization: `Klaviyo-API-Key ${key}`,
      revision: sim.revision,
      'content-type': 'application/vnd.api+json',
      accept: 'application/vnd.api+json',
    },
    body: JSON.stringify({ data: { type, attributes } }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, Json> };
}

describe('simulator Reporting API', () => {
  let gen: Simulator;
  let fix: Simulator;
  let clock = NOW;
  beforeAll(async () => {
    gen = await startSimulator({ size: 'small', seed: 7, timeScale: 1000, now: () => clock });
    fix = await startSimulator({
      timeScale: 1000,
      now: () => clock,
      accounts: [{ id: 'FIXACC', fixture: { id: 'FIXACC', resources: baseFixture(NOW).resources } }],
    });
  });
  afterAll(async () => {
    await gen.close();
    await fix.close();
  });
  beforeEach(() => {
    clock += 2000; // a fresh burst/steady window per test (time scale 1000: one minute = 60 ms)
  });

  const conv = (sim: Simulator) =>
    [...sim.accounts[0]!.dataset.resources.get('metric')!.values()].find((m) => m.attributes.name === 'Placed Order')!
      .id;

  it('answers every reporting operation in the shape of its response schema, deterministically', async () => {
    const key = gen.keys.full!;
    const calls: [string, string, Record<string, unknown>][] = [
      [
        'query_campaign_values',
        'campaign-values-report',
        {
          statistics: ['recipients', 'open_rate', 'conversion_value'],
          timeframe: { key: 'last_90_days' },
          conversion_metric_id: conv(gen),
        },
      ],
      [
        'query_flow_values',
        'flow-values-report',
        {
          statistics: ['recipients', 'click_rate', 'conversion_value'],
          timeframe: { key: 'last_30_days' },
          conversion_metric_id: conv(gen),
        },
      ],
      [
        'query_flow_series',
        'flow-series-report',
        {
          statistics: ['recipients'],
          timeframe: { key: 'last_30_days' },
          interval: 'daily',
          conversion_metric_id: conv(gen),
        },
      ],
      [
        'query_form_values',
        'form-values-report',
        { statistics: ['viewed_form', 'submits', 'submit_rate'], timeframe: { key: 'last_30_days' } },
      ],
      [
        'query_form_series',
        'form-series-report',
        { statistics: ['viewed_form'], timeframe: { key: 'last_7_days' }, interval: 'daily' },
      ],
      ['query_segment_values', 'segment-values-report', { statistics: ['total_members'], timeframe: { key: 'today' } }],
      [
        'query_segment_series',
        'segment-series-report',
        { statistics: ['total_members'], timeframe: { key: 'last_7_days' }, interval: 'daily' },
      ],
    ];
    for (const [op, type, attrs] of calls) {
      clock += 2000;
      const first = await post(gen, key, op, attrs, type);
      expect(first.status, `${op} ${JSON.stringify(first.body).slice(0, 300)}`).toBe(200);
      expect(validateAgainstSchema(table.get(op).responseSchema!, first.body), op).toEqual([]);
      expect(first.body.data.attributes.results.length, op).toBeGreaterThan(0);
      clock += 2000;
      const again = await post(gen, key, op, attrs, type);
      expect(again.body.data.attributes.results).toEqual(first.body.data.attributes.results);
    }
    clock += 2000;
    const agg = await post(
      gen,
      key,
      'query_metric_aggregates',
      {
        metric_id: conv(gen),
        measurements: ['count', 'sum_value'],
        interval: 'day',
        filter: [
          `greater-or-equal(datetime,${new Date(clock - 30 * DAY).toISOString().slice(0, 19)})`,
          `less-than(datetime,${new Date(clock).toISOString().slice(0, 19)})`,
        ],
      },
      'metric-aggregate',
    );
    expect(agg.status, JSON.stringify(agg.body).slice(0, 300)).toBe(200);
    expect(validateAgainstSchema('PostMetricAggregateResponse', agg.body)).toEqual([]);
    expect(agg.body.data.attributes.dates.length).toBe(agg.body.data.attributes.data[0].measurements.count.length);
  });

  it('keeps values and series consistent: 30-day flow values equal the sum of the daily series', async () => {
    const key = gen.keys.full!;
    const attrs = { timeframe: { key: 'last_30_days' }, conversion_metric_id: conv(gen) };
    const values = await post(
      gen,
      key,
      'query_flow_values',
      { ...attrs, statistics: ['recipients'] },
      'flow-values-report',
    );
    clock += 2000;
    const series = await post(
      gen,
      key,
      'query_flow_series',
      { ...attrs, statistics: ['recipients'], interval: 'daily' },
      'flow-series-report',
    );
    const sum = (rows: Json[], f: (r: Json) => number) => rows.reduce((a, r) => a + f(r), 0);
    const v = sum(values.body.data.attributes.results, (r) => r.statistics.recipients);
    const s = sum(series.body.data.attributes.results, (r) =>
      r.statistics.recipients.reduce((a: number, b: number) => a + b, 0),
    );
    expect(v).toBeGreaterThan(0);
    expect(Math.abs(v - s) / v).toBeLessThan(0.01);
  });

  it('attributes to flows and campaigns no more revenue than the generated orders bring in', async () => {
    const key = gen.keys.full!;
    const attrs = {
      timeframe: { key: 'last_90_days' },
      conversion_metric_id: conv(gen),
      statistics: ['conversion_value'],
    };
    const flows = await post(gen, key, 'query_flow_values', attrs, 'flow-values-report');
    clock += 2000;
    const campaigns = await post(gen, key, 'query_campaign_values', attrs, 'campaign-values-report');
    clock += 2000;
    const day = Math.floor(clock / DAY) * DAY;
    const orders = await post(
      gen,
      key,
      'query_metric_aggregates',
      {
        metric_id: conv(gen),
        measurements: ['sum_value'],
        interval: 'day',
        filter: [
          `greater-or-equal(datetime,${new Date(day - 90 * DAY).toISOString().slice(0, 19)})`,
          `less-than(datetime,${new Date(day).toISOString().slice(0, 19)})`,
        ],
      },
      'metric-aggregate',
    );
    const sum = (rows: Json[]) => rows.reduce((a, r) => a + r.statistics.conversion_value, 0);
    const attributed = sum(flows.body.data.attributes.results) + sum(campaigns.body.data.attributes.results);
    const store = (orders.body.data.attributes.data[0].measurements.sum_value as number[]).reduce((a, b) => a + b, 0);
    expect(store).toBeGreaterThan(0);
    expect(attributed).toBeGreaterThan(0);
    expect(attributed).toBeLessThanOrEqual(store * 0.5);
  });

  it('serves a fixture’s stated figures and filters by id', async () => {
    const key = fix.keys.full!;
    const r = await post(
      fix,
      key,
      'query_flow_values',
      {
        statistics: ['recipients', 'conversion_value'],
        timeframe: { key: 'last_30_days' },
        conversion_metric_id: IDS.metrics.placedOrder,
        filter: `contains-any(flow_id,["${IDS.flows.welcome}"])`,
      },
      'flow-values-report',
    );
    expect(r.status).toBe(200);
    const rows = r.body.data.attributes.results;
    expect(rows.map((x: Json) => x.groupings.flow_id)).toEqual([IDS.flows.welcome]);
    expect(rows[0].statistics.recipients).toBe(3000);
  });

  it('rejects bad requests with a JSON:API 400', async () => {
    const key = gen.keys.full!;
    const noConv = await post(
      gen,
      key,
      'query_flow_values',
      { statistics: ['recipients'], timeframe: { key: 'last_30_days' }, conversion_metric_id: 'NOPE' },
      'flow-values-report',
    );
    expect(noConv.status).toBe(400);
    clock += 2000;
    const badStat = await post(
      gen,
      key,
      'query_flow_values',
      { statistics: ['bogus'], timeframe: { key: 'last_30_days' }, conversion_metric_id: conv(gen) },
      'flow-values-report',
    );
    expect(badStat.status).toBe(400);
    clock += 2000;
    const tooLong = await post(
      gen,
      key,
      'query_flow_series',
      {
        statistics: ['recipients'],
        timeframe: { key: 'last_90_days' },
        interval: 'daily',
        conversion_metric_id: conv(gen),
      },
      'flow-series-report',
    );
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.errors[0].detail).toMatch(/60 days/);
  });
});
