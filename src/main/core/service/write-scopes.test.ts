import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, simAppliedWrites } from '../../../sim';
import type { Simulator } from '../../../sim/types';
import type { KeyCheck } from '../../../shared/contract/workspaces';
import type { Desk } from '../compose';
import { probedWriteScopes } from '../secrets/scope-probes';
import { testDesk } from '../test-desk';

/**
 * The key check as the screens call it (D3): the write scopes the outbox needs are checked when a key is added
 * and answered next to the read scopes; a key without one of them is flagged, and checking never writes.
 */
describe('write scopes at the key check, through the service', () => {
  let sim: Simulator;
  let dir: string;
  let desk: Desk;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, size: 'tiny', seed: 7, timeScale: 50 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'write-scopes-'));
    desk = testDesk({ dataDir: dir });
  });

  afterAll(async () => {
    await desk.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers the write scopes a full key has, next to its read scopes', async () => {
    const r = await desk.service.call('workspaces:checkKey', { apiKey: sim.keys.full!, baseUrl: sim.baseUrl });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const check = (r as { ok: true; data: KeyCheck }).data;
    expect(check.missingScopes).toEqual([]);
    expect(check.writeScopes).toEqual([...probedWriteScopes].sort());
    expect(check.missingWriteScopes).toEqual([]);
    expect(check.unknownWriteScopes).toEqual([]);
  });

  it('flags a key that lacks a write scope when the workspace is added, and nothing is written to the account', async () => {
    const key = sim.addKey(sim.accounts[0]!.id, { label: 'noTagsWrite', withoutScopes: ['tags:write'] });
    const r = await desk.service.call('workspaces:add', {
      name: 'Read mostly',
      apiKey: key,
      baseUrl: sim.baseUrl,
      timeScale: 50,
    });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const { check } = (r as { ok: true; data: { check: KeyCheck } }).data;
    expect(check.missingWriteScopes).toEqual(['tags:write']);
    expect(check.writeScopes).not.toContain('tags:write');
    expect(check.writeScopes).toContain('flows:write');
    // the read scopes are all there: the flag is about writing only
    expect(check.missingScopes).toEqual([]);
    expect(JSON.stringify(check)).not.toContain(key);
    expect(simAppliedWrites(sim.accounts[0]!.dataset)).toEqual([]);
  });
});
