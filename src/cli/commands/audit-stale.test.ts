import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startSimulator } from '../../sim';
import type { Simulator } from '../../sim/types';
import { baseFixture, IDS } from '../../main/core/audit/fixtures/accounts';
import { runCli } from '../test-helpers';

const cli = runCli;

/** the score history as stored: one row per audited sync run */
function history(dir: string): { sync_run_id: number; score: number }[] {
  const db = new Database(path.join(dir, 'audit-desk.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT sync_run_id, score FROM audit_runs ORDER BY id').all() as {
      sync_run_id: number;
      score: number;
    }[];
  } finally {
    db.close();
  }
}

/** A sync that fails after a good audit, as a person sees it from the CLI (each verb its own process). */
describe('CLI: a failed sync leaves the last audit, marked stale', () => {
  let sim: Simulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    sim = await startSimulator({
      timeScale: 500,
      accounts: [
        { id: IDS.account, name: 'Sklep', fixture: { id: IDS.account, resources: baseFixture(Date.now()).resources } },
      ],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-stale-'));
    env = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn', KLAVIYO_API_KEY: sim.keys.full! };
    const add = await cli(
      ['workspace', 'add', '--name', 'Sklep', '--base-url', sim.baseUrl, '--time-scale', '500'],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const pdfText = async (name: string) => {
    const file = path.join(dir, name);
    const r = await cli(['report', '--workspace', 'Sklep', '--format', 'pdf', '--out', file], env);
    expect(r.code, r.stderr).toBe(0);
    return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  };

  it('audit --offline, the history and the PDF say the same score after a rejected key, and say it is stale', async () => {
    const synced = await cli(['sync', '--workspace', 'Sklep'], env);
    expect(synced.code, synced.stderr).toBe(0);
    const good = JSON.parse((await cli(['audit', '--workspace', 'Sklep', '--offline', '--json'], env)).stdout) as {
      score: number;
      runId: string;
      stale: unknown;
    };
    expect(good.stale).toBeNull();
    const goodHistory = history(dir);
    expect(goodHistory).toHaveLength(1);
    const goodText = await cli(['audit', '--workspace', 'Sklep', '--offline'], env);
    expect(goodText.stdout).toContain(`score ${good.score}/100`);
    expect(goodText.stdout).not.toContain('Stale');
    expect(await pdfText('good.pdf')).not.toContain('Stale since');

    // the key is revoked in Klaviyo: the sync fails with exit 2 and audits nothing
    const failed = await cli(['sync', '--workspace', 'Sklep'], { ...env, KLAVIYO_API_KEY: sim.keys.revoked! });
    expect(failed.code, failed.stderr).toBe(2);

    const text = await cli(['audit', '--workspace', 'Sklep', '--offline'], env);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toContain(`score ${good.score}/100`);
    expect(text.stdout).toMatch(
      /\nStale since \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC \(last sync: failed, the API key was rejected\)\n/,
    );
    expect(text.stdout).toContain('The score, its history and the reports are of the last complete sync.');
    const json = JSON.parse((await cli(['audit', '--workspace', 'Sklep', '--offline', '--json'], env)).stdout) as {
      score: number;
      runId: string;
      stale: { lastSync: { status: string; code: string } } | null;
    };
    expect(json).toMatchObject({ score: good.score, runId: good.runId });
    expect(json.stale?.lastSync).toMatchObject({ status: 'failed_auth', code: 'auth' });
    // re-auditing from the CLI evaluated the same complete run again: the history has no point for the failure
    expect(history(dir)).toEqual(goodHistory);

    const pdf = await pdfText('stale.pdf');
    expect(pdf).toContain(`${good.score} overall score`);
    expect(pdf).toContain('(last sync: failed, the API key was rejected)');
  }, 300_000);
});
