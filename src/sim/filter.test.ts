import { startSimulator } from './index';
import { simCall, simPages } from './testing';
import { parseFilter } from './filter';
import type { Simulator } from './types';

describe('filter parser', () => {
  it('reads and(...), commas, quoted strings, unquoted datetimes, booleans, numbers and lists', () => {
    expect(
      parseFilter(
        "and(equals(status,'live'),greater-than(updated,2024-01-01T00:00:00Z)),equals(archived,false),any(id,[\"a\",'b'])",
      ),
    ).toEqual([
      { operator: 'equals', field: 'status', value: 'live' },
      {
        operator: 'greater-than',
        field: 'updated',
        value: { datetime: Date.parse('2024-01-01T00:00:00Z'), raw: '2024-01-01T00:00:00Z' },
      },
      { operator: 'equals', field: 'archived', value: false },
      { operator: 'any', field: 'id', value: ['a', 'b'] },
    ]);
    expect(parseFilter('has(profile)')).toEqual([{ operator: 'has', field: 'profile' }]);
    expect(parseFilter('equals(timestamp,1700000000)')[0]!.value).toBe(1700000000);
  });

  it.each(['equals(status,live)', 'equals(status', 'nope(status,"a")', "or(equals(a,'b'))", ''])('rejects %j', (f) => {
    expect(() => parseFilter(f)).toThrow();
  });
});

describe('filter over HTTP (400 invalid with source.parameter=filter)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'small', seed: 9, timeScale: 500 });
  });
  afterAll(async () => {
    await sim.close();
  });

  it.each([
    ['quoted datetime', "/api/flows?filter=greater-than(updated,'2024-01-01T00:00:00Z')", /must not be quoted/],
    ['unknown field', "/api/flows?filter=equals(colour,'red')", /not a valid field/],
    ['operator the field does not allow', "/api/flows?filter=contains(status,'live')", /not a valid operator/],
    ['list operator with a scalar', "/api/flows?filter=any(id,'abc')", /not a valid operator/],
    ['wrong value type (string for boolean)', "/api/flows?filter=equals(archived,'true')", /boolean/],
    ['enum violation', "/api/flows?filter=equals(trigger_type,'Webhook')", /must be one of/],
    ['campaign channel enum violation', "/api/campaigns?filter=equals(messages.channel,'fax')", /must be one of/],
    ['missing campaigns filter', '/api/campaigns', /filter is required/],
    [
      'campaigns filter without the channel',
      '/api/campaigns?filter=equals(archived,false)',
      /channel filter is required/,
    ],
    [
      'lists allow only greater-than on created',
      '/api/lists?filter=less-than(created,2024-01-01T00:00:00Z)',
      /not a valid operator/,
    ],
    ['syntax error', "/api/flows?filter=equals(name,'x'", /Invalid filter/],
    ['filter where none is declared', "/api/tag-groups/1/tags?filter=equals(name,'x')", /not a valid query parameter/],
  ])('%s', async (_label, path, detail) => {
    const r = await simCall(sim, path);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].code).toBe('invalid');
    expect(r.body.errors[0].detail).toMatch(detail);
    expect(r.body.errors[0].source.parameter).toBe('filter');
  });

  it('applies valid filters: equals, any, contains, starts-with, datetime ranges, booleans', async () => {
    const flows = [...sim.accounts[0]!.dataset.resources.get('flow')!.values()].filter((f) => !f.attributes.archived);
    const live = (await simPages(sim, "/api/flows?filter=equals(status,'live')")).flatMap((p) => p.data);
    expect(live.length).toBe(flows.filter((f) => f.attributes.status === 'live').length);
    const two = flows.slice(0, 2).map((f) => f.id);
    const byId = await simCall(sim, `/api/flows?filter=any(id,["${two[0]}","${two[1]}"])`);
    expect(byId.body.data.map((d: { id: string }) => d.id).sort()).toEqual([...two].sort());
    const welcome = await simCall(sim, "/api/flows?filter=contains(name,'welcome')");
    expect(welcome.body.data.length).toBeGreaterThan(0);
    const starts = await simCall(sim, "/api/flows?filter=starts-with(name,'Abandoned')");
    expect(
      starts.body.data.every((d: { attributes: { name: string } }) => d.attributes.name.startsWith('Abandoned')),
    ).toBe(true);
    const cut = '2026-01-01T00:00:00Z';
    const recent = (
      await simPages(sim, `/api/flows?filter=and(greater-or-equal(updated,${cut}),equals(archived,false))`)
    ).flatMap((p) => p.data);
    expect(recent.length).toBe(
      flows.filter((f) => Date.parse(f.attributes.updated as string) >= Date.parse(cut)).length,
    );
    const comma = (
      await simPages(sim, `/api/flows?filter=greater-or-equal(updated,${cut}),equals(archived,false)`)
    ).flatMap((p) => p.data);
    expect(comma.length).toBe(recent.length);
  });
});
