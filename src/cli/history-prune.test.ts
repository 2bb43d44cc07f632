import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { recordPullSnapshot } from '../main/core/history';
import { testDesk } from '../main/core/test-desk';
import { runCli } from './test-helpers';

const DAY_MS = 86_400_000;

describe('CLI history prune (child processes)', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const now = Date.now();
  const runIds: number[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-prune-'));
    env = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn' };
    const desk = testDesk({ dataDir: dir });
    const store = desk.core.store;
    store.workspaces.insert({ id: 'acme', name: 'ACME', secretRef: 'workspace:acme', createdAt: 1, updatedAt: 1 });
    // five daily runs, an hour less than 5 … 1 days ago, each with its manifest
    for (let d = 5; d >= 1; d--) {
      const startedAt = now - d * DAY_MS + 3_600_000;
      const { id } = store.runs.insert({
        requestId: `acme-${d}`,
        workspaceId: 'acme',
        trigger: 'daily',
        status: 'ok',
        startedAt,
        finishedAt: startedAt + 60_000,
      });
      recordPullSnapshot(store, { workspaceId: 'acme', runId: id, requestId: `acme-${d}`, now: startedAt });
      runIds.push(id);
    }
    await desk.close();
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the setting by default, prunes older snapshots when asked, refuses a bad limit, and explains itself', async () => {
    const kept = await runCli(['history', 'prune', '--json'], env);
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse(kept.stdout)).toMatchObject({
      deleted: 0,
      oldestSnapshotAt: new Date(now - 5 * DAY_MS + 3_600_000).toISOString(),
    });

    const pruned = await runCli(['history', 'prune', '--older-than', '3'], env);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('Removed 2 snapshots of 1 client');
    expect(pruned.stdout).toContain(`Oldest kept snapshot: ${new Date(now - 3 * DAY_MS + 3_600_000).toISOString()}`);

    const bad = await runCli(['history', 'prune', '--older-than', '0'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--older-than must be a positive whole number');

    const runs = await runCli(['history', '--workspace', 'acme', '--json'], env);
    expect((JSON.parse(runs.stdout) as { total: number }).total).toBe(5);

    const help = await runCli(['history', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('prune --older-than DAYS');
  }, 120_000);
});
