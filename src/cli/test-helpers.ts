import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator } from '../sim';
import type { Simulator, SimulatorOptions } from '../sim/types';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

export type CliOut = { code: number | null; stdout: string; stderr: string };

/** The CLI as a person runs it: its own process, with this environment and (optionally) this on stdin. */
export function runCli(args: string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<CliOut> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/cli/main.ts', ...args], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/**
 * For a suite of CLI runs: a simulator and a data folder of its own, the key in the environment and one workspace
 * added (and synced, when asked) before the suite; both closed and removed after it.
 */
export function useCliWorkspace(opts: {
  name: string;
  sim: SimulatorOptions;
  timeScale: number;
  sync?: boolean;
}): () => { sim: Simulator; env: NodeJS.ProcessEnv } {
  let sim: Simulator | undefined;
  let dir = '';
  let env: NodeJS.ProcessEnv = {};
  beforeAll(async () => {
    sim = await startSimulator({ ...opts.sim, timeScale: opts.timeScale });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-suite-'));
    env = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn', KLAVIYO_API_KEY: sim.keys.full! };
    const scale = String(opts.timeScale);
    const add = await runCli(
      ['workspace', 'add', '--name', opts.name, '--base-url', sim.baseUrl, '--time-scale', scale],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    if (!opts.sync) return;
    const sync = await runCli(['sync', '--workspace', opts.name], env);
    expect(sync.code, sync.stderr).toBe(0);
  }, 120_000);
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => ({ sim: sim!, env });
}
