import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSimulator } from '../sim';
import { simCall } from '../sim/testing';
import type { SimResource } from '../sim/types';
import type { Simulator } from '../sim/types';
import { commands } from './commands';
import { runCli } from './test-helpers';

const cli = runCli;

/** every verb and subcommand, from the CLI's own table */
const verbLines: string[][] = commands.flatMap((c) => [
  [c.name],
  ...(c.subcommands ?? []).map((s) => [c.name, s.name]),
]);

function count(dbFile: string, sql: string, ...params: unknown[]): number {
  const db = new Database(dbFile, { readonly: true });
  try {
    return (db.prepare(sql).get(...params) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** the environment of a machine without a D-Bus session (a server, ssh, a container), outside with-keyring */
function noDbusEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn' };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.KLAVIYO_API_KEY;
  delete env.AUDIT_DESK_SECRET_STORE;
  return env;
}

describe('every CLI verb answers --help', () => {
  it('walks the verb table (subcommands included): exit 0, usage, every flag explained, an example', async () => {
    expect(verbLines.length).toBeGreaterThanOrEqual(14);
    const env = noDbusEnv(fs.mkdtempSync(path.join(os.tmpdir(), 'cli-help-')));
    for (let i = 0; i < verbLines.length; i += 4) {
      const batch = verbLines.slice(i, i + 4);
      const outs = await Promise.all(batch.map((line) => cli([...line, i % 8 === 0 ? '--help' : '-h'], env)));
      outs.forEach((r, j) => {
        const line = batch[j]!.join(' ');
        expect(r.code, `${line}: ${r.stderr}`).toBe(0);
        expect(r.stdout, line).toContain(`Usage: npm run cli -- ${line}`);
        expect(r.stdout, line).toMatch(/\nExample:\n {2}\S/);
        const cmd = commands.find((c) => c.name === batch[j]![0])!;
        const leaf = batch[j]![1] ? cmd.subcommands!.find((s) => s.name === batch[j]![1])! : cmd;
        for (const f of leaf.flags) expect(r.stdout, `${line} ${f.flag}`).toContain(`${f.flag}  `);
        expect(r.stderr, line).toBe('');
      });
    }
  }, 600_000);
});

describe('the CLI on the one service road (child processes against the simulator)', () => {
  let sim: Simulator;
  let dir: string;
  let dbFile: string;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'tiny', seed: 9, timeScale: 200 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-road-'));
    dbFile = path.join(dir, 'audit-desk.sqlite');
    const env = { ...noDbusEnv(dir), KLAVIYO_API_KEY: sim.keys.full! };
    const add = await cli(
      ['workspace', 'add', '--name', 'Road', '--base-url', sim.baseUrl, '--time-scale', '200'],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    // the key came from the environment: the person is told it was checked but not kept, and how to keep it
    expect(add.stdout).toMatch(/checked but NOT stored/);
    expect(add.stdout).toContain('workspace set-key "Road"');
    expect(add.stdout).not.toMatch(/^Added[^\n]*\n[^]*stored in/m);
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a sync started from the CLI runs the same post-sync pipeline as the app: the run gets its audit', async () => {
    const env = { ...noDbusEnv(dir), KLAVIYO_API_KEY: sim.keys.full! };
    const r = await cli(['sync', '--workspace', 'road', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout) as { id: string; status: string; audit: { runId: string; score: number } | null };
    expect(run.status).toBe('ok');
    // the CLI's stderr (its warnings) says why when the post-sync audit is missing
    expect(run.audit?.runId, r.stderr).toBe(run.id);
    expect(count(dbFile, 'SELECT count(*) AS n FROM audit_runs WHERE sync_run_id = ?', Number(run.id))).toBe(1);
    // progress came from the service's sync:progress events (plain lines when stderr is not a terminal)
    expect(r.stderr).toMatch(/flows ok pages=\d+ items=3/);
  }, 180_000);

  it('changes between the last two syncs, as a call of changes:between: a flow status edited in Klaviyo is worded', async () => {
    const env = { ...noDbusEnv(dir), KLAVIYO_API_KEY: sim.keys.full! };
    const ds = sim.accounts[0]!.dataset;
    const flow = [...(ds.resources.get('flow')?.values() ?? [])].find((f) => !f.attributes.archived) as SimResource;
    const name = flow.attributes.name as string;
    const to = flow.attributes.status === 'draft' ? 'live' : 'draft';
    const edit = await simCall(sim, `/api/flows/${flow.id}`, {
      method: 'PATCH',
      body: { data: { type: 'flow', id: flow.id, attributes: { status: to } } },
      retries429: 20,
    });
    expect(edit.status, edit.text.slice(0, 200)).toBeLessThan(300);
    const synced = await cli(['sync', '--workspace', 'Road'], env);
    expect(synced.code, synced.stderr).toBe(0);

    const json = await cli(['changes', '--workspace', 'Road', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const set = JSON.parse(json.stdout) as { items: { type: string; id: string; kind: string; sentences: string[] }[] };
    const item = set.items.find((c) => c.type === 'flows' && c.id === flow.id);
    expect(item?.kind).toBe('modified');
    expect(item?.sentences.join(' ')).toContain(name);

    const pl = await cli(['changes', '--workspace', 'Road', '--lang', 'pl'], env);
    expect(pl.code, pl.stderr).toBe(0);
    expect(pl.stdout).toContain(flow.id);
    expect(pl.stdout).not.toBe(json.stdout);

    const out = path.join(dir, 'changes.csv');
    const csv = await cli(['changes', '--workspace', 'Road', '--format', 'csv', '--out', out], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain(flow.id);
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  }, 300_000);

  it('inventory through inventory:list: --removed lists what a sync found gone, --json carries the raw JSON', async () => {
    const env = { ...noDbusEnv(dir), KLAVIYO_API_KEY: sim.keys.full! };
    const ds = sim.accounts[0]!.dataset;
    const lists = [...(ds.resources.get('list')?.values() ?? [])] as SimResource[];
    expect(lists.length).toBeGreaterThan(1);
    const [kept, gone] = lists;
    // the list is in the inventory first (whatever ran before), then deleted in Klaviyo and synced again
    const before = await cli(['sync', '--workspace', 'Road'], env);
    expect(before.code, before.stderr).toBe(0);
    const deleted = await simCall(sim, `/api/lists/${gone!.id}`, { method: 'DELETE', retries429: 20 });
    expect(deleted.status, deleted.text.slice(0, 200)).toBeLessThan(300);
    const synced = await cli(['sync', '--workspace', 'Road'], env);
    expect(synced.code, synced.stderr).toBe(0);

    // without --removed the list is gone from the table; with it, it is there and marked
    const live = await cli(['inventory', '--workspace', 'Road', '--type', 'lists'], env);
    expect(live.code, live.stderr).toBe(0);
    expect(live.stdout).toContain(kept!.id);
    expect(live.stdout).not.toContain(gone!.id);
    expect(live.stdout).not.toContain('REMOVED');
    const all = await cli(['inventory', '--workspace', 'Road', '--type', 'lists', '--removed'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('REMOVED');
    const goneLine = all.stdout.split('\n').find((l) => l.includes(gone!.id));
    expect(goneLine).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
    expect(all.stdout.split('\n').find((l) => l.includes(kept!.id))).not.toMatch(/T\d{2}:\d{2}:\d{2}\.\d{3}Z/);

    type Row = { id: string; removedAt?: string | null; attributes?: Record<string, unknown>; relationships?: object };
    const json = await cli(['inventory', '--workspace', 'Road', '--type', 'lists', '--removed', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as Row[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(gone!.id)?.removedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byId.get(kept!.id)?.removedAt).toBeNull();
    // the attributes exactly as Klaviyo served them (the list's name and timestamps), and its relationships
    expect(byId.get(kept!.id)?.attributes).toMatchObject({
      name: kept!.attributes.name,
      created: kept!.attributes.created,
      updated: kept!.attributes.updated,
    });
    expect(byId.get(kept!.id)?.relationships).toBeTypeOf('object');
    // the text table never carries the raw JSON
    expect(live.stdout).not.toContain('"attributes"');

    const help = await cli(['inventory', '--help'], env);
    expect(help.stdout).toMatch(/--removed {2}.*no longer found in Klaviyo/);
    expect(help.stdout).toMatch(/--json {2}.*attributes and relationships exactly as Klaviyo returned them/);
  }, 300_000);

  it('finding accept/snooze/note: kept by the next audit, listed apart and out of the failures', async () => {
    const env = { ...noDbusEnv(dir), KLAVIYO_API_KEY: sim.keys.full! };
    const before = JSON.parse((await cli(['audit', '--workspace', 'Road', '--offline', '--json'], env)).stdout) as {
      counts: { fail: number; accepted: number };
      findings: { ruleId: string; status: string; severity: string }[];
    };
    const failing = before.findings.filter((f) => f.status === 'fail');
    expect(failing.length).toBeGreaterThanOrEqual(2);
    const accept = await cli(
      ['finding', 'accept', '--workspace', 'Road', '--rule', failing[0]!.ruleId, '--by', 'Ola'],
      env,
    );
    expect(accept.code, accept.stderr).toBe(0);
    expect(accept.stdout).toContain(`${failing[0]!.ruleId}: accepted by Ola`);
    const snooze = await cli(
      ['finding', 'snooze', '--workspace', 'Road', '--rule', failing[1]!.ruleId, '--until', '2099-01-15', '--json'],
      env,
    );
    expect(snooze.code, snooze.stderr).toBe(0);
    expect(JSON.parse(snooze.stdout)).toMatchObject({ decision: { state: 'snoozed', holds: true } });
    const note = await cli(
      ['finding', 'note', '--workspace', 'Road', '--rule', failing[0]!.ruleId, '--note', 'Agreed'],
      env,
    );
    expect(note.code, note.stderr).toBe(0);
    const past = await cli(
      ['finding', 'snooze', '--workspace', 'Road', '--rule', 'F1', '--until', '2001-01-01', '--json'],
      env,
    );
    expect(past.code).toBe(1);
    expect(JSON.parse(past.stderr)).toMatchObject({ error: { code: 'validation', details: { field: 'until' } } });

    const after = await cli(['audit', '--workspace', 'Road', '--offline'], env);
    expect(after.code, after.stderr).toBe(0);
    const [open, apart] = after.stdout.split('Accepted or snoozed (not counted as failures):');
    expect(apart).toContain(failing[0]!.ruleId);
    expect(apart).toContain('snoozed until 2099-01-1');
    expect(open).not.toMatch(new RegExp(`^${failing[0]!.ruleId}\\s`, 'm'));
    const json = JSON.parse((await cli(['audit', '--workspace', 'Road', '--offline', '--json'], env)).stdout) as {
      counts: { fail: number; accepted: number };
    };
    expect(json.counts).toMatchObject({ fail: before.counts.fail - 2, accepted: before.counts.accepted + 2 });
    const list = JSON.parse((await cli(['finding', 'list', '--workspace', 'Road', '--json'], env)).stdout) as {
      decisions: { ruleId: string; state: string; note: string | null }[];
    };
    expect(list.decisions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ruleId: failing[0]!.ruleId, state: 'accepted', note: 'Agreed' }),
        expect.objectContaining({ ruleId: failing[1]!.ruleId, state: 'snoozed' }),
      ]),
    );
  }, 300_000);

  it('without a D-Bus session: keychain_unavailable with what to do, exit 1, and no run recorded', async () => {
    const before = count(dbFile, 'SELECT count(*) AS n FROM sync_runs');
    const human = await cli(['sync', '--workspace', 'Road'], noDbusEnv(dir));
    expect(human.code).toBe(1);
    expect(human.stdout).toBe('');
    // the error once, as one line of text, no JSON
    const lines = human.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Error \[keychain_unavailable\]: /);
    expect(lines[0]).toMatch(/KLAVIYO_API_KEY/);
    expect(human.stderr).not.toContain('{');

    const json = await cli(['sync', '--workspace', 'Road', '--json'], noDbusEnv(dir));
    expect(json.code).toBe(1);
    const jsonLines = json.stderr.trimEnd().split('\n');
    expect(jsonLines).toHaveLength(1);
    const envelope = JSON.parse(jsonLines[0]!) as { error: Record<string, unknown> };
    expect(Object.keys(envelope)).toEqual(['error']);
    expect(envelope.error).toMatchObject({ code: 'keychain_unavailable', requestId: expect.stringMatching(/^req_/) });
    expect(Object.keys(envelope.error).sort()).toEqual(['code', 'details', 'message', 'requestId']);

    expect(count(dbFile, 'SELECT count(*) AS n FROM sync_runs')).toBe(before);
  }, 120_000);

  it('prints any error once: one line of text, or only the envelope with --json', async () => {
    const env = noDbusEnv(dir);
    const human = await cli(['runs', '--workspace', 'Nope'], env);
    expect(human.code).toBe(1);
    expect(human.stderr).toBe('Error [not_found]: No workspace named "Nope".\n');
    const json = await cli(['runs', '--workspace', 'Nope', '--json'], env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stderr)).toEqual({
      error: {
        code: 'not_found',
        message: 'No workspace named "Nope".',
        details: { workspace: 'Nope' },
        requestId: '',
      },
    });
    expect(json.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 120_000);
});
