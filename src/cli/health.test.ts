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
