import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simAppliedWrites } from '../../../sim';
import type { SimResource, Simulator } from '../../../sim/types';
import type { ImportResult } from '../../../shared/contract/imports';
import { runCli, useCliWorkspace } from '../../../cli/test-helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (f: string) => path.join(here, 'fixtures', f);

const profiles = (sim: Simulator): SimResource[] => [...sim.accounts[0]!.dataset.resources.get('profile')!.values()];

function placedOrders(sim: Simulator) {
  const ds = sim.accounts[0]!.dataset;
  const metric = [...ds.resources.get('metric')!.values()].find((m) => m.attributes.name === 'Placed Order')!;
  return ds.events.extra.filter((e) => (e.relationships!.metric!.data as { id: string }).id === metric.id);
}

/**
 * Any store's CSV through a column mapping (D1), end to end: the CLI reads it with `--mapping` (inline pairs, or a
 * JSON file), checks and de-duplicates it like Shopify's exports, queues it, and the outbox sends it.
 */
describe('generic CSVs with a column mapping, through the CLI, the outbox and the simulator', () => {
  const suite = useCliWorkspace({ name: 'Store', sim: { size: 'tiny', seed: 6 }, timeScale: 200 });
  let sim: Simulator;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => ({ sim, env } = suite()));

  it('profiles with a duplicate email, a duplicate external id, a bad email and no identifier: the right profiles arrive, each bad row reported with its line and reason', async () => {
    const before = new Set(profiles(sim).map((p) => p.id));
    const mapping =
      'Mail=email,Client no=external_id,Given name=first_name,Family name=last_name,Mobile=phone_number,Town=city';
    const run = await runCli(
      [
        'import',
        'profiles',
        '--workspace',
        'Store',
        '--file',
        fixture('generic-profiles.csv'),
        '--mapping',
        mapping,
        '--json',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as ImportResult;
    expect(r).toMatchObject({ kind: 'customers', rows: 8, accepted: 4, rejected: 4, queuedItems: 1 });
    expect(r.problems.map((p) => [p.line, p.reason, p.severity, p.relatedLine])).toEqual([
      [4, 'duplicate_email', 'rejected', 2],
      [5, 'bad_email', 'rejected', null],
      [6, 'duplicate_external_id', 'rejected', 3],
      [7, 'missing_identifier', 'rejected', null],
      [9, 'bad_phone', 'warning', null],
    ]);
    expect(r.problems[2]!.message).toBe('The external id C-2 already appeared on line 3; the first one is imported.');

    const flush = await runCli(['outbox', 'flush', '--workspace', 'Store', '--json'], env);
    expect(flush.code, flush.stderr).toBe(0);
    expect(JSON.parse(flush.stdout)).toMatchObject({ done: 1, rejected: 0, pending: 0 });
    const imported = profiles(sim).filter((p) => !before.has(p.id));
    expect(imported.map((p) => p.attributes.external_id).sort()).toEqual(['C-1', 'C-10', 'C-2', 'C-9']);
    const ana = imported.find((p) => p.attributes.external_id === 'C-1')!;
    expect(ana.attributes).toMatchObject({
      email: 'ana@example.com',
      first_name: 'Ana',
      last_name: 'Nowak',
      phone_number: '+48601234567',
      location: { city: 'Warszawa' },
    });
    expect(imported.find((p) => p.attributes.external_id === 'C-9')!.attributes.email ?? null).toBeNull();
  }, 300_000);

  it('orders with a mapping file: line items kept, a duplicate order, a bad email and a bad date reported by line; one "Placed Order" per good order', async () => {
    const run = await runCli(
      [
        'import',
        'orders',
        '--workspace',
        'Store',
        '--file',
        fixture('generic-orders.csv'),
        '--mapping',
        fixture('generic-orders.mapping.json'),
        '--json',
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as ImportResult;
    expect(r).toMatchObject({ kind: 'orders', rows: 6, accepted: 2, rejected: 3, queuedItems: 1 });
    expect(r.problems.map((p) => [p.line, p.reason, p.value, p.relatedLine])).toEqual([
      [4, 'bad_date', '2024-02-30', null],
      [5, 'bad_email', 'not-an-email', null],
      [7, 'duplicate_order', 'A-1', 2],
    ]);
    const flush = await runCli(['outbox', 'flush', '--workspace', 'Store', '--json'], env);
    expect(JSON.parse(flush.stdout), flush.stdout).toMatchObject({ done: 1, rejected: 0, pending: 0 });
    const events = placedOrders(sim);
    const byOrder = new Map(events.map((e) => [(e.attributes.event_properties as { OrderId: string }).OrderId, e]));
    expect([...byOrder.keys()].sort()).toEqual(['A-1', 'A-4']);
    const a1 = byOrder.get('A-1')!;
    expect(Date.parse(String(a1.attributes.datetime))).toBe(Date.parse('2024-03-05T00:00:00Z'));
    expect(a1.attributes.event_properties).toMatchObject({
      $value: 30,
      ItemNames: ['Mug', 'Tea'],
      Items: [
        { ProductName: 'Mug', Quantity: 1 },
        { ProductName: 'Tea', Quantity: 2 },
      ],
      Source: 'CSV import',
    });
    expect(simAppliedWrites(sim.accounts[0]!.dataset)).toEqual([]);
  }, 300_000);

  it('refuses a mapping that names no field, or leaves out what orders need, with the columns in the message', async () => {
    const bad = await runCli(
      [
        'import',
        'orders',
        '--workspace',
        'Store',
        '--file',
        fixture('generic-orders.csv'),
        '--mapping',
        'Order=orderid',
      ],
      env,
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('"orderid" (for column "Order") is not a field');
    const short = await runCli(
      [
        'import',
        'orders',
        '--workspace',
        'Store',
        '--file',
        fixture('generic-orders.csv'),
        '--mapping',
        'Order=order_id',
      ],
      env,
    );
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('The column mapping leaves out "email", "date", "value"');
    expect(short.stderr).toContain('"Customer mail"');
  }, 120_000);
});
