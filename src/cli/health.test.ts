import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDesk } from '../main/core/test-desk';
import { runCli } from './test-helpers';

const DAY_MS = 86_400_000;

describe('CLI health and history analytics (child processes)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const now = Date.now();
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-health-'));
    env = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn' };
    const desk = testDesk({ dataDir: dir });
    const store = desk.core.store;
    for (const id of ['acme', 'bolt']) {
      store.workspaces.insert({ id, name: id.toUpperCase(), secretRef: `workspace:${id}`, createdAt: 1, updatedAt: 1 });
    }
    // Acme: complete daily syncs until four days ago, then the key is refused; Bolt: complete every day
    for (let d = 10; d >= 1; d--) {
      const startedAt = now - d * DAY_MS;
      const refused = d <= 3;
      store.runs.insert({
        requestId: `acme-${d}`,
        workspaceId: 'acme',
        trigger: 'daily',
        status: refused ? 'failed_auth' : 'ok',
        startedAt,
        finishedAt: startedAt + 60_000,
        errorJson: refused ? JSON.stringify({ code: 'auth', message: 'Rejected', details: {}, requestId: 'x' }) : null,
      });
      store.runs.insert({
        requestId: `bolt-${d}`,
        workspaceId: 'bolt',
        trigger: 'daily',
        status: 'ok',
        startedAt,
        finishedAt: startedAt + 30_000,
        throttled: 2,
      });
    }
    await desk.close();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('health --json gives each client its success rate and recommendations; the text is in the language asked', async () => {
    const json = await runCli(['health', '--json'], env);
    expect(json.code, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout) as {
      items: { name: string; successRate: number; recommendations: { kind: string; text: string }[] }[];
    };
    const acme = report.items.find((i) => i.name === 'ACME')!;
    expect(acme.successRate).toBeCloseTo(0.7, 10);
    expect(acme.recommendations.map((r) => r.kind)).toEqual(['key_rejected', 'stale']);
    expect(report.items.find((i) => i.name === 'BOLT')!.recommendations).toEqual([]);

    const pl = await runCli(['health', '--workspace', 'acme', '--lang', 'pl'], env);
    expect(pl.code, pl.stderr).toBe(0);
    expect(pl.stdout).toContain('SKUTECZNOŚĆ (30 DNI)');
    expect(pl.stdout).toContain('70.0 %');
    expect(pl.stdout).toMatch(/Klaviyo odrzuca klucz API od \d{4}-\d\d-\d\d/);
    expect(pl.stdout).not.toContain('BOLT');

    const bad = await runCli(['health', '--lang', 'de'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--lang must be one of en, pl');
  }, 120_000);

  it('history analytics --json gives the figures across all clients and per client', async () => {
    const r = await runCli(['history', 'analytics', '--json'], env);
    expect(r.code, r.stderr).toBe(0);
    const a = JSON.parse(r.stdout) as {
      total: { runs: number; succeeded: number; throttled: number; p95DurationMs: number };
      workspaces: { name: string; runs: number; avgDurationMs: number }[];
    };
    expect(a.total).toMatchObject({ runs: 20, succeeded: 17, throttled: 20, p95DurationMs: 60_000 });
    expect(a.workspaces.map((w) => [w.name, w.runs, w.avgDurationMs])).toEqual([
      ['ACME', 10, 60_000],
      ['BOLT', 10, 30_000],
    ]);
  }, 120_000);
});

describe('CLI health and history analytics with pushes to Klaviyo (child processes)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const now = Date.now();
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-health-push-'));
    env = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn' };
    const desk = testDesk({ dataDir: dir });
    const store = desk.core.store;
    store.workspaces.insert({ id: 'dune', name: 'DUNE', secretRef: 'workspace:dune', createdAt: 1, updatedAt: 1 });
    // five complete pulls; four pushes, the oldest of them with a change Klaviyo refused
    for (let d = 5; d >= 1; d--) {
      const startedAt = now - d * DAY_MS;
      store.runs.insert({
        requestId: `dune-pull-${d}`,
        workspaceId: 'dune',
        trigger: 'daily',
        status: 'ok',
        startedAt,
        finishedAt: startedAt + 60_000,
      });
      if (d > 4) continue;
      store.runs.insert({
        requestId: `dune-push-${d}`,
        workspaceId: 'dune',
        trigger: 'manual',
        direction: 'push',
        status: d === 4 ? 'partial_or_timeout' : 'ok',
        startedAt: startedAt + 3_600_000,
        finishedAt: startedAt + 3_610_000,
        errorJson:
          d === 4 ? JSON.stringify({ code: 'invalid', message: 'Refused', details: {}, requestId: 'x' }) : null,
      });
    }
    await desk.close();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** the cells of the table line that starts with `label` (columns are two spaces or more apart) */
  const cellsOf = (stdout: string, label: string) =>
    stdout
      .split('\n')
      .find((l) => l.startsWith(label))
      ?.trim()
      .split(/ {2,}/);
  const headingsOf = (stdout: string) =>
    stdout
      .split('\n')
      .find((l) => /^(CLIENT|KLIENT) /.test(l))!
      .split(/ {2,}/);

  it('health shows the pushes’ success rate beside the pulls’, in English and Polish', async () => {
    for (const [lang, pulls, pushes] of [
      ['en', 'SUCCESS RATE (30 DAYS)', 'PUSHES TO KLAVIYO (30 DAYS)'],
      ['pl', 'SKUTECZNOŚĆ (30 DNI)', 'WYSYŁKI DO KLAVIYO (30 DNI)'],
    ] as const) {
      const r = await runCli(['health', '--lang', lang], env);
      expect(r.code, r.stderr).toBe(0);
      const headings = headingsOf(r.stdout);
      const row = cellsOf(r.stdout, 'DUNE')!;
      expect(row[headings.indexOf(pulls)], lang).toBe('100.0 %');
      expect(row[headings.indexOf(pushes)], lang).toBe('75.0 %');
    }
  }, 120_000);

  it('history analytics shows the pulls and the pushes apart under all clients', async () => {
    for (const [lang, pulls, pushes] of [
      ['en', 'from Klaviyo', 'to Klaviyo'],
      ['pl', 'z Klaviyo', 'do Klaviyo'],
    ] as const) {
      const r = await runCli(['history', 'analytics', '--lang', lang], env);
      expect(r.code, r.stderr).toBe(0);
      // runs and success rate of each direction
      expect(cellsOf(r.stdout, `  ${pulls}`)?.slice(0, 3), lang).toEqual([pulls, '5', '100.0 %']);
      expect(cellsOf(r.stdout, `  ${pushes}`)?.slice(0, 3), lang).toEqual([pushes, '4', '75.0 %']);
    }
    // one direction asked: no split
    const pushOnly = await runCli(['history', 'analytics', '--direction', 'push'], env);
    expect(pushOnly.code, pushOnly.stderr).toBe(0);
    expect(cellsOf(pushOnly.stdout, '  to Klaviyo')).toBeUndefined();
    expect(cellsOf(pushOnly.stdout, 'DUNE')?.slice(0, 3)).toEqual(['DUNE', '4', '75.0 %']);
  }, 120_000);
});
