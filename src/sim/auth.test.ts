import { startSimulator } from './index';
import { simCall } from './testing';
import type { Simulator } from './types';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ size: 'tiny', seed: 2, timeScale: 500 });
});
afterAll(async () => {
  await sim.close();
});

describe('auth, revision and scopes', () => {
  it('mints keys shaped like Klaviyo private keys, distinct per label', () => {
    for (const k of Object.values(sim.keys)) expect(k).toMatch(/^pk_[a-z0-9]{34}$/);
    expect(new Set(Object.values(sim.keys)).size).toBe(Object.keys(sim.keys).length);
  });

  it('401 not_authenticated without a key, with a malformed header and with an unknown key', async () => {
    for (const key of [null, sim.keys.invalid!]) {
      const r = await simCall(sim, '/api/flows', { key });
      expect(r.status).toBe(401);
      expect(r.body.errors[0]).toMatchObject({ status: 401, code: 'not_authenticated' });
      expect(r.body.errors[0].id).toBeTruthy();
      expect(r.text).not.toContain(sim.keys.invalid!);
    }
    const bad = await fetch(`${sim.baseUrl}/api/flows`, {
      headers: { authorization: `Bearer ${sim.keys.full}`, revision: sim.revision },
    });
    expect(bad.status).toBe(401);
  });

  it('401 with a clear detail for revoked and expired keys', async () => {
    const revoked = await simCall(sim, '/api/flows', { key: sim.keys.revoked! });
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors[0].detail).toMatch(/revoked/);
    const expired = await simCall(sim, '/api/flows', { key: sim.keys.expired! });
    expect(expired.status).toBe(401);
    expect(expired.body.errors[0].detail).toMatch(/expired/);
  });

  it('revokes a key mid-run after N requests', async () => {
    const key = sim.addKey(sim.accounts[0]!.id, { label: 'soonRevoked' });
    sim.revokeKey(key, 3);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await simCall(sim, '/api/tags', { key })).status);
    expect(statuses).toEqual([200, 200, 200, 401, 401]);
  });

  it('400 without a revision header and with an invalid one', async () => {
    const missing = await simCall(sim, '/api/flows', { revision: null });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0]).toMatchObject({ code: 'invalid', source: { parameter: 'revision' } });
    for (const rev of ['yesterday', '2026-13-01', '2031-01-01', '2020-01-01']) {
      const r = await simCall(sim, '/api/flows', { revision: rev });
      expect(r.status, rev).toBe(400);
    }
    expect((await simCall(sim, '/api/flows', { revision: '2024-10-15' })).status).toBe(200);
    expect((await simCall(sim, '/api/flows', { revision: `${sim.revision}.pre` })).status).toBe(200);
  });

  it('403 naming the missing scope in detail and meta', async () => {
    const r = await simCall(sim, '/api/forms', { key: sim.keys.noForms! });
    expect(r.status).toBe(403);
    expect(r.body.errors[0].code).toBe('permission_denied');
    expect(r.body.errors[0].detail).toContain('forms:read');
    expect(r.body.errors[0].meta.missing_scopes).toEqual(['forms:read']);
    expect((await simCall(sim, '/api/flows', { key: sim.keys.noForms! })).status).toBe(200);
  });

  it('a read-only key reads but cannot write', async () => {
    expect((await simCall(sim, '/api/tags', { key: sim.keys.readOnly! })).status).toBe(200);
    const w = await simCall(sim, '/api/tags', {
      key: sim.keys.readOnly!,
      method: 'POST',
      body: { data: { type: 'tag', attributes: { name: 'x' } } },
    });
    expect(w.status).toBe(403);
    expect(w.body.errors[0].meta.missing_scopes).toContain('tags:write');
  });

  it('keys of one account never see another account’s data', async () => {
    const two = await startSimulator({
      accounts: [
        { size: 'tiny', seed: 1 },
        { size: 'tiny', seed: 2 },
      ],
      timeScale: 500,
    });
    try {
      const [a, b] = two.accounts;
      const ra = await simCall(two, '/api/accounts', { key: a!.keys.full! });
      const rb = await simCall(two, '/api/accounts', { key: b!.keys.full! });
      expect(ra.body.data[0].id).toBe(a!.id);
      expect(rb.body.data[0].id).toBe(b!.id);
      expect(a!.id).not.toBe(b!.id);
    } finally {
      await two.close();
    }
  });
});
