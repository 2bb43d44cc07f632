import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startSimulator } from '../sim';
import type { Simulator } from '../sim/types';
import { openStore } from '../main/core/store';
import { duplicateCount, inventoryDiff } from '../main/core/sync/test-helpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

type Child = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number };

/** runs the CLI as its own process group, so SIGKILL reaches tsx and the node process it starts */
function cli(args: string[], env: NodeJS.ProcessEnv, killAfterMs?: number): Promise<Child> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const child = spawn(tsx, ['src/cli/main.ts', ...args], {
      cwd: root,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timer: NodeJS.Timeout | undefined;
    if (killAfterMs !== undefined) {
      timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, killAfterMs);
    }
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

function checkFile(file: string): { integrity: string; running: number } {
  const db = new Database(file);
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const running = (db.prepare("SELECT count(*) AS n FROM sync_runs WHERE status = 'running'").get() as { n: number })
      .n;
    return { integrity, running };
  } finally {
    db.close();
  }
}

describe('the CLI killed with SIGKILL during a sync', () => {
  let sim: Simulator;
  let dir: string;
  beforeAll(async () => {
    sim = await startSimulator({ size: 'small', seed: 11, timeScale: 60 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-kill-'));
  });
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('20 kills at random moments, each re-run: integrity ok, no duplicates, and the final inventory equals the dataset', async () => {
    const env = {
      ...process.env,
      AUDIT_DESK_DATA_DIR: dir,
      KLAVIYO_API_KEY: sim.keys.full!,
      AUDIT_DESK_LOG_LEVEL: 'warn',
    };
    const add = await cli(
      ['workspace', 'add', '--name', 'Killed', '--base-url', sim.baseUrl, '--time-scale', '60'],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    const file = path.join(dir, 'audit-desk.sqlite');

    // undisturbed runs tell how long a sync (with process start) takes; the first pays for cold caches, so the
    // faster of two keeps the kill moments inside the run on a loaded machine
    const spans: number[] = [];
    for (let i = 0; i < 2; i++) {
      const run = await cli(['sync', '--workspace', 'Killed', '--fresh'], env);
      expect(run.code, run.stderr).toBe(0);
      spans.push(run.ms);
    }
    const span = Math.min(...spans);

    let killedMidRun = 0;
    let random = 12345;
    const next = () => (random = (random * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 20; i++) {
      // change the account a little each time so runs have real work to merge
      const flow = [...sim.accounts[0]!.dataset.resources.get('flow')!.values()][i % 10]!;
      flow.attributes.name = `Flow renamed ${i}`;
      // as Klaviyo does on every edit: the update time moves, which is what an incremental sync reads
      flow.attributes.updated = new Date().toISOString();
      const r = await cli(
        ['sync', '--workspace', 'Killed', '--fresh'],
        env,
        Math.round(200 + next() * Math.max(100, span - 300)),
      );
      if (r.signal === 'SIGKILL') killedMidRun++;
      const c = checkFile(file);
      expect(c.integrity).toBe('ok');
      const store = openStore(file);
      try {
        expect(duplicateCount(store)).toBe(0);
      } finally {
        await store.close();
      }
    }
    expect(killedMidRun).toBeGreaterThanOrEqual(10);

    const last = await cli(['sync', '--workspace', 'Killed', '--json'], env);
    expect(last.code, last.stderr).toBe(0);
    expect(JSON.parse(last.stdout).status).toBe('ok');
    expect(checkFile(file)).toEqual({ integrity: 'ok', running: 0 });
    const store = openStore(file);
    try {
      const ws = store.workspaces.byName('Killed')!;
      expect(duplicateCount(store)).toBe(0);
      expect(inventoryDiff(store, ws.id, sim)).toEqual([]);
      // every killed run was closed as interrupted, none is left running
      const runs = store.runs.list({ workspaceId: ws.id, limit: 100 });
      expect(runs.filter((r) => r.status === 'running')).toEqual([]);
      // (a kill during process start-up leaves no run at all; one after the claim leaves an interrupted run)
      const interrupted = runs.filter((r) => r.errorJson?.includes('"interrupted"'));
      expect(interrupted.length).toBeGreaterThanOrEqual(1);
      expect(runs.every((r) => r.status === 'ok' || interrupted.includes(r))).toBe(true);
    } finally {
      await store.close();
    }
  }, 180_000);
});
