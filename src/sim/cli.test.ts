import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runSimCli } from './cli';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.ts');

describe('sim CLI', () => {
  it('runs as a process, prints base URL and keys as JSON, serves, and stops on SIGTERM', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-cli-'));
    const faults = path.join(dir, 'faults.json');
    writeFileSync(faults, JSON.stringify([{ kind: 'server-error', status: 503, count: 1, operations: ['get_tags'] }]));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        CLI,
        '--port',
        '0',
        '--size',
        'tiny',
        '--seed',
        '1',
        '--time-scale',
        '10',
        '--faults',
        faults,
        '--keys',
        '2',
        '--json',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let buf = '';
        child.stdout.on('data', (d: Buffer) => {
          buf += d.toString();
          if (buf.includes('\n')) resolve(buf.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const info = JSON.parse(line) as { baseUrl: string; accounts: { id: string; keys: Record<string, string> }[] };
      expect(info.accounts).toHaveLength(2);
      expect(info.accounts[0]!.keys.full).toMatch(/^pk_[a-z0-9]{34}$/);
      const headers = { authorization: `Klaviyo-API-Key ${info.accounts[1]!.keys.full}`, revision: '2026-07-15' };
      expect((await fetch(`${info.baseUrl}/api/tags`, { headers })).status).toBe(503);
      const ok = await fetch(`${info.baseUrl}/api/accounts`, { headers });
      expect(((await ok.json()) as { data: { id: string }[] }).data[0]!.id).toBe(info.accounts[1]!.id);
      const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runSimCli starts in-process and prints a human summary', async () => {
    let out = '';
    const { simulator } = await runSimCli(['--size', 'tiny', '--seed', '3'], {
      out: (s) => (out += s),
      handleSignals: false,
    });
    try {
      expect(out).toContain(`listening on ${simulator.baseUrl}`);
      expect(out).toContain(simulator.keys.full!);
    } finally {
      await simulator.close();
    }
  });

  it('--log prints one line per request on stderr, without the key', async () => {
    let err = '';
    const { simulator } = await runSimCli(['--size', 'tiny', '--log'], {
      out: () => {},
      err: (s) => (err += s),
      handleSignals: false,
    });
    try {
      await fetch(`${simulator.baseUrl}/api/flows?page[size]=1`, {
        headers: { authorization: `Klaviyo-API-Key ${simulator.keys.full}`, revision: simulator.revision },
      });
      expect(err).toMatch(/GET \/api\/flows\?page\[size\]=1 200 \d+ms/);
      expect(err).not.toContain(simulator.keys.full!);
    } finally {
      await simulator.close();
    }
  });

  it('rejects bad options clearly', async () => {
    await expect(runSimCli(['--size', 'huge'], { handleSignals: false })).rejects.toThrow(/--size must be one of/);
    await expect(runSimCli(['--time-scale', '-1'], { handleSignals: false })).rejects.toThrow(/--time-scale/);
    await expect(runSimCli(['--bogus'], { handleSignals: false })).rejects.toThrow();
  });
});
