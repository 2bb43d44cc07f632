import { operationTable } from '../klaviyo/spec/operations';
import { buildScopeProbes, probedScopes } from './scope-probes';

describe('scope probe plan', () => {
  const probes = buildScopeProbes();

  it('covers every read scope the inventory and audits rely on, once each', () => {
    expect([...probedScopes].sort()).toEqual(
      [
        'accounts:read',
        'campaigns:read',
        'events:read',
        'flows:read',
        'forms:read',
        'lists:read',
        'metrics:read',
        'profiles:read',
        'segments:read',
        'tags:read',
        'templates:read',
      ].sort(),
    );
    expect(new Set(probedScopes).size).toBe(probedScopes.length);
  });

  it('asks for the smallest page the spec allows and adds the filter campaigns require', () => {
    const by = Object.fromEntries(probes.map((p) => [p.operationId, p]));
    const table = operationTable();
    for (const p of probes) {
      const op = table.get(p.operationId);
      expect(p.method).toBe('GET');
      expect(p.path).toBe(op.path);
      if (op.pageSize) expect(p.query['page[size]']).toBe(String(op.pageSize.min));
      else expect(p.query).not.toHaveProperty('page[size]');
      for (const name of Object.keys(p.query)) expect(op.queryParams).toContain(name);
    }
    expect(by.get_campaigns!.query.filter).toBe("equals(messages.channel,'email')");
    expect(by.get_flows!.query).toEqual({ 'page[size]': '1' });
    expect(by.get_accounts!.query).toEqual({});
  });

  it('keeps personal data out of the probes of profiles and events', () => {
    const by = Object.fromEntries(probes.map((p) => [p.operationId, p]));
    expect(by.get_profiles!.query['fields[profile]']).toBe('created');
    expect(by.get_events!.query['fields[event]']).toBe('datetime');
  });

  it('refuses a plan whose operation does not need the scope it claims to prove', () => {
    const table = operationTable();
    const broken = {
      ...table,
      get: (id: string) => {
        const op = table.get(id);
        return id === 'get_forms' ? { ...op, scopes: ['lists:read'] } : op;
      },
    };
    expect(() => buildScopeProbes(broken)).toThrow(/get_forms does not require forms:read/);
  });
});
