import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../sim';
import type { Simulator } from '../sim/types';
import { runCli } from './test-helpers';

const cli = runCli;

describe('CLI verbs and exit codes (child processes against the simulator)', () => {
  let sim: Simulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 5, timeScale: 200 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    env = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn' };
    delete env.KLAVIYO_API_KEY;
  });
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('adds a workspace with the key from KLAVIYO_API_KEY, syncs (exit 0), lists, shows status, inventory and runs', async () => {
    const e = { ...env, KLAVIYO_API_KEY: sim.keys.full! };
    const add = await cli(
      ['workspace', 'add', '--name', 'Tiny', '--base-url', sim.baseUrl, '--time-scale', '200', '--json'],
      e,
    );
    expect(add.code, add.stderr).toBe(0);
    const added = JSON.parse(add.stdout);
    expect(added.workspace.accountId).toBe(sim.accounts[0]!.id);
    expect(add.stdout).not.toContain(sim.keys.full!);

    const sync = await cli(['sync', '--workspace', 'tiny', '--json'], e);
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout).status).toBe('ok');

    const list = JSON.parse((await cli(['workspace', 'list', '--json'], e)).stdout);
    expect(list.map((w: { name: string }) => w.name)).toEqual(['Tiny']);
    const status = JSON.parse((await cli(['status', '--workspace', 'Tiny', '--json'], e)).stdout);
    expect(status.lastRun.status).toBe('ok');
    expect(status.resources.find((r: { resource: string }) => r.resource === 'flows').items).toBe(3);
    const inv = JSON.parse((await cli(['inventory', '--workspace', 'Tiny', '--type', 'flows', '--json'], e)).stdout);
    expect(inv).toHaveLength(3);
    const runs = JSON.parse((await cli(['runs', '--workspace', 'Tiny', '--json'], e)).stdout);
    expect(runs).toHaveLength(1);
    const human = await cli(['inventory', '--workspace', 'Tiny', '--type', 'flows'], e);
    expect(human.stdout).toContain('3 item(s)');
  });

  it('exit 2 on failed_auth and 3 on partial_or_timeout; errors are the envelope on stderr', async () => {
    const expiring = sim.addKey(sim.accounts[0]!.id, { label: 'cliExpiring' });
    const e = { ...env, KLAVIYO_API_KEY: expiring };
    expect(
      (await cli(['workspace', 'add', '--name', 'Exp', '--base-url', sim.baseUrl, '--time-scale', '200'], e)).code,
    ).toBe(0);
    sim.expireKey(expiring);
    const failed = await cli(['sync', '--workspace', 'Exp'], e);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toContain('failed_auth');
    expect(failed.stdout + failed.stderr).not.toContain(expiring);

    // a key without forms:read: forms forbidden, the run partial_or_timeout
    const e2 = { ...env, KLAVIYO_API_KEY: sim.keys.noForms! };
    expect(
      (await cli(['workspace', 'add', '--name', 'NoForms', '--base-url', sim.baseUrl, '--time-scale', '200'], e2)).code,
    ).toBe(0);
    const partial = await cli(['sync', '--workspace', 'NoForms', '--json'], e2);
    expect(partial.code).toBe(3);
    const res = JSON.parse(partial.stdout);
    expect(res.resources.find((r: { resource: string }) => r.resource === 'forms').status).toBe('forbidden');

    const missing = await cli(['status', '--workspace', 'Nope', '--json'], env);
    expect(missing.code).toBe(1);
    const envelope = JSON.parse(missing.stderr.trim().split('\n').pop()!).error;
    expect(envelope).toMatchObject({ code: 'not_found', requestId: '' });
    const bad = await cli(['sync', '--workspace', 'Exp', '--deadline', 'soon', '--json'], env);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stderr.trim().split('\n').pop()!).error.code).toBe('validation');
  });
});
