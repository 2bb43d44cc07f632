import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebBridge } from '../bridge';
import { unwrap } from '../../shared/contract';
import { startWebApp, type WebApp } from './web-app';

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

/**
 * Files readable by their owner only, end to end: a data folder left by an older install (0755 folders, 0644
 * files) is narrowed when the app takes it, with a notice in the log, and everything the app writes afterwards —
 * database, WAL, logs, settings, and every export the service writes (CSV and PDF) — is 0600 in 0700 folders,
 * under the usual 022 umask that would otherwise make them world-readable.
 */
describe.skipIf(process.platform === 'win32')('file modes of the data folder and exports', () => {
  let dir: string;
  let web: WebApp;
  const umask = process.umask();

  beforeAll(async () => {
    process.umask(0o022);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'file-modes-'));
    fs.chmodSync(dir, 0o755);
    fs.mkdirSync(path.join(dir, 'logs'), { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'logs', 'web.log.1'), '{"msg":"older"}\n', { mode: 0o644 });
    fs.writeFileSync(path.join(dir, 'settings.json'), '{"version":1}\n', { mode: 0o644 });
    web = await startWebApp({ dataDir: dir, staticDir: false, simulator: { size: 'tiny', seed: 3, timeScale: 60 } });
  });

  afterAll(async () => {
    await web?.close();
    process.umask(umask);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('narrows the old folder at start and says so in the log', () => {
    expect(mode(dir)).toBe('700');
    expect(mode(path.join(dir, 'logs'))).toBe('700');
    expect(mode(path.join(dir, 'logs', 'web.log.1'))).toBe('600');
    expect(mode(path.join(dir, 'settings.json'))).toBe('600');
    const log = fs.readFileSync(path.join(dir, 'logs', 'web.log'), 'utf8');
    expect(log).toMatch(/data folder tightened/);
    expect(log).toContain(path.join(dir, 'logs', 'web.log.1'));
  });

  it('keeps the database, its WAL, the logs, the settings and every export (CSV and PDF) 0600', async () => {
    const api = createWebBridge({ baseUrl: web.server.url, token: web.server.token, fetch });
    const { workspace } = await unwrap(api.demo.create());
    await unwrap(api.sync.start({ workspaceId: workspace.id }));
    await vi.waitFor(
      async () => expect((await unwrap(api.workspaces.get({ workspaceId: workspace.id }))).lastRun?.status).toBe('ok'),
      { timeout: 60_000, interval: 100 },
    );
    await web.service.auditsSettled();
    await unwrap(api.settings.update({ notifications: false }));

    const exports = [
      { format: 'csv', kind: 'findings' },
      { format: 'pdf', kind: 'findings' },
      { format: 'csv', kind: 'inventory', inventoryType: 'flows' },
    ] as const;
    const files: string[] = [];
    for (const e of exports) {
      const r = await web.service.call('report:export', { workspaceId: workspace.id, ...e });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      const { downloadId } = (r as { data: { downloadId: string } }).data;
      const [name] = fs.readdirSync(path.join(dir, 'downloads')).filter((n) => n.startsWith(`${downloadId}-`));
      files.push(path.join(dir, 'downloads', name!));
    }
    expect(files).toHaveLength(3);
    for (const f of files) expect(fs.statSync(f).size).toBeGreaterThan(0);

    const modes = Object.fromEntries(
      [
        dir,
        path.join(dir, 'logs'),
        path.join(dir, 'downloads'),
        path.join(dir, 'audit-desk.sqlite'),
        path.join(dir, 'audit-desk.sqlite-wal'),
        path.join(dir, 'audit-desk.sqlite-shm'),
        path.join(dir, 'logs', 'web.log'),
        path.join(dir, 'settings.json'),
        path.join(dir, 'audit-desk.lock'),
        ...files,
      ].map((p) => [path.relative(dir, p) || '.', mode(p)]),
    );
    expect(modes).toEqual(
      Object.fromEntries(Object.keys(modes).map((k) => [k, ['.', 'logs', 'downloads'].includes(k) ? '700' : '600'])),
    );
  }, 120_000);
});
