import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { simAppliedWrites } from '../../../sim';
import type { SimResource, Simulator } from '../../../sim/types';
import type { ImportResult } from '../../../shared/contract/imports';
import { runCli, useCliWorkspace } from '../../../cli/test-helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (f: string) => path.join(here, 'fixtures', f);

function profiles(sim: Simulator): SimResource[] {
  return [...sim.accounts[0]!.dataset.resources.get('profile')!.values()];
}

function placedOrders(sim: Simulator) {
  const ds = sim.accounts[0]!.dataset;
  const metric = [...ds.resources.get('metric')!.values()].find((m) => m.attributes.name === 'Placed Order')!;
  return ds.events.extra.filter((e) => (e.relationships!.metric!.data as { id: string }).id === metric.id);
}

function emailOf(sim: Simulator, profileId: string): unknown {
  return sim.accounts[0]!.dataset.resources.get('profile')!.get(profileId)!.attributes.email;
}

describe('Shopify exports imported through the CLI, the outbox and the simulator', () => {
  const suite = useCliWorkspace({ name: 'Shop', sim: { size: 'tiny', seed: 5 }, timeScale: 200 });
  let sim: Simulator;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => ({ sim, env } = suite()));

  it('customers with duplicates, bad emails and a bad phone: the right profiles arrive, each bad row is reported with its line and reason (en and pl)', async () => {
    const before = new Set(profiles(sim).map((p) => p.attributes.email));
    const run = await runCli(
      ['import', 'customers', '--workspace', 'Shop', '--file', fixture('shopify-customers.csv'), '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as ImportResult;
    expect(r).toMatchObject({ kind: 'customers', rows: 8, accepted: 4, rejected: 4, queuedItems: 1 });
    // lines as the file has them: the first customer's note spans lines 2–3, so Bob is on line 4
    expect(r.problems.map((p) => [p.line, p.reason, p.severity, p.relatedLine])).toEqual([
      [5, 'duplicate_email', 'rejected', 2],
      [6, 'bad_email', 'rejected', null],
      [7, 'missing_identifier', 'rejected', null],
      [8, 'bad_phone', 'warning', null],
      [9, 'bad_email', 'rejected', null],
    ]);
    expect(r.problems[1]!.message).toBe('The email address "carol@@example.com" is not valid.');
    // nothing has reached Klaviyo yet: the rows are queued
    expect(profiles(sim).some((p) => p.attributes.email === 'frank@example.com')).toBe(false);

    const flush = await runCli(['outbox', 'flush', '--workspace', 'Shop', '--json'], env);
    expect(flush.code, flush.stderr).toBe(0);
    expect(JSON.parse(flush.stdout)).toMatchObject({ done: 1, rejected: 0, pending: 0 });
    const imported = profiles(sim).filter((p) => !before.has(p.attributes.email));
    expect(imported.map((p) => p.attributes.email).sort()).toEqual([
      'ana@example.com',
      'bob@example.com',
      'dave@example.com',
      'frank@example.com',
    ]);
    const ana = imported.find((p) => p.attributes.email === 'ana@example.com')!;
    expect(ana.attributes).toMatchObject({
      first_name: 'Ana',
      last_name: 'Nowak',
      phone_number: '+48601234567',
      location: { address1: 'ul. Długa 1', city: 'Warszawa', country: 'PL', zip: '00-001' },
      properties: { 'Accepts Email Marketing': true, 'Total Spent': 120.5, 'Shopify Tags': ['VIP', 'wholesale'] },
    });
    expect(imported.find((p) => p.attributes.email === 'dave@example.com')!.attributes.phone_number).toBeNull();
    // one profile import job, followed to its end
    expect(sim.requestLog.find({ operationId: 'bulk_import_profiles', status: 202 })).toHaveLength(1);
    const list = await runCli(['outbox', 'list', '--workspace', 'Shop', '--json'], env);
    const item = (
      JSON.parse(list.stdout) as {
        items: { kind: string; state: string; result: Record<string, unknown>; payload: Record<string, unknown> }[];
      }
    ).items.find((i) => i.kind === 'profile_import')!;
    expect(item.state).toBe('done');
    expect(item.result).toMatchObject({ jobStatus: 'complete', completed: 4, failed: 0 });
    expect(item.payload).toMatchObject({ fileName: 'shopify-customers.csv', records: 4, firstLine: 2, lastLine: 10 });
    expect(item.payload).not.toHaveProperty('body');

    const pl = await runCli(
      [
        'import',
        'customers',
        '--workspace',
        'Shop',
        '--file',
        fixture('shopify-customers.csv'),
        '--lang',
        'pl',
        '--json',
      ],
      env,
    );
    const rp = JSON.parse(pl.stdout) as ImportResult;
    expect(rp.problems[0]!.message).toBe(
      'Adres e-mail ana@example.com wystąpił już w wierszu 2; importowany jest pierwszy.',
    );
    // the same customers again update the same profiles: none is created twice
    const again = await runCli(['outbox', 'flush', '--workspace', 'Shop', '--json'], env);
    expect(JSON.parse(again.stdout), again.stdout).toMatchObject({ done: 1, pending: 0 });
    expect(profiles(sim).filter((p) => !before.has(p.attributes.email))).toHaveLength(4);
  }, 300_000);

  it('orders spanning several rows, a duplicate order, a bad email and a bad date: one "Placed Order" event per good order with value and items, each bad row reported', async () => {
    const run = await runCli(
      ['import', 'orders', '--workspace', 'Shop', '--file', fixture('shopify-orders.csv'), '--json'],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const r = JSON.parse(run.stdout) as ImportResult;
    expect(r).toMatchObject({ kind: 'orders', rows: 9, accepted: 3, rejected: 5, queuedItems: 1 });
    expect(r.problems.map((p) => [p.line, p.reason, p.value, p.relatedLine])).toEqual([
      [4, 'bad_date', '2024-13-40 10:00:00 +0100', null],
      [5, 'order_rejected', '#1002', 4],
      [6, 'bad_email', 'not-an-email', null],
      [9, 'duplicate_order', '#1001', 2],
      [11, 'missing_order_name', null, null],
    ]);
    const flush = await runCli(['outbox', 'flush', '--workspace', 'Shop', '--json'], env);
    expect(flush.code, flush.stderr).toBe(0);
    expect(JSON.parse(flush.stdout), flush.stdout).toMatchObject({ done: 1, rejected: 0, pending: 0 });
    const events = placedOrders(sim);
    const byOrder = new Map(events.map((e) => [(e.attributes.event_properties as { OrderId: string }).OrderId, e]));
    expect([...byOrder.keys()].sort()).toEqual(['#1001', '#1004', '#1005']);
    const o1 = byOrder.get('#1001')!;
    expect(Date.parse(String(o1.attributes.datetime))).toBe(Date.parse('2024-03-05T19:22:31Z'));
    expect(o1.attributes.event_properties).toMatchObject({
      $value: 55,
      ItemNames: ['Mug, blue', 'Tea "Earl Grey"'],
      Items: [
        { ProductName: 'Mug, blue', Quantity: 1, ItemPrice: 20, SKU: 'MUG-B' },
        { ProductName: 'Tea "Earl Grey"', Quantity: 2, ItemPrice: 15, SKU: 'TEA-1' },
      ],
    });
    expect(emailOf(sim, (o1.relationships!.profile!.data as { id: string }).id)).toBe('ana@example.com');
    expect((byOrder.get('#1004')!.attributes.event_properties as { ItemNames: string[] }).ItemNames).toEqual([
      'Candle\nlarge',
    ]);
    expect(events).toHaveLength(3);
    expect(simAppliedWrites(sim.accounts[0]!.dataset)).toEqual([]);

    // the same file again: Klaviyo drops every order by its unique_id, so no order is counted twice
    await runCli(['import', 'orders', '--workspace', 'Shop', '--file', fixture('shopify-orders.csv')], env);
    await runCli(['outbox', 'flush', '--workspace', 'Shop'], env);
    expect(placedOrders(sim)).toHaveLength(3);
  }, 300_000);
});
