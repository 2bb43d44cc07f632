import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWebBridge } from '../bridge';
import { unwrap } from '../../shared/contract';
import { REPO_ROOT } from './web-app';

/**
 * Two `npm run web` on one data folder, as real processes: the second must name the first one's pid and exit
 * non-zero without touching the folder, and the first one's demo client must still sync `ok` afterwards (a
 * second process used to re-point the demo client at its own simulator, which died with it).
 */
type Web = { child: ChildProcess; out: () => string; err: () => string; exited: Promise<number | null> };

function startWeb(dataDir: string): Web {
  // node with tsx's loader (not the tsx wrapper), so the child's pid is the app process's pid
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/web/cli.ts', '--data-dir', dataDir, '--no-build', '--size', 'tiny', '--time-scale', '60'],
    { cwd: REPO_ROOT, env: { ...process.env, AUDIT_DESK_DATA_DIR: '' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

/** name → size and mtime of every file under `dir` */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const st = fs.statSync(p);
        files[path.relative(dir, p)] = `${st.size}@${st.mtimeMs}:${(st.mode & 0o777).toString(8)}`;
      }
    }
  };
  walk(dir);
  return files;
}

describe('one app process per data folder (two `npm run web`)', () => {
  let dir: string;
  let first: Web;

  beforeAll(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'one-owner-'))));
  afterAll(async () => {
    first?.child.kill('SIGTERM');
    await first?.exited;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the second with the holder’s pid, and the first one’s demo client still syncs ok', async () => {
    first = startWeb(dir);
    await vi.waitFor(() => expect(first.out()).toMatch(/Open: http/), { timeout: 90_000, interval: 100 });
    const page = /Open: (http:\/\/127\.0\.0\.1:\d+)\/#token=(\S+)/.exec(first.out())!;
    const simulatorUrl = /demo simulator: (\S+)/.exec(first.out())![1]!;
    const api = createWebBridge({ baseUrl: page[1]!, token: page[2]!, fetch });
    const { workspace } = await unwrap(api.demo.create());
    await unwrap(api.sync.start({ workspaceId: workspace.id }));
    await vi.waitFor(
      async () => expect((await unwrap(api.workspaces.get({ workspaceId: workspace.id }))).lastRun?.status).toBe('ok'),
      { timeout: 60_000, interval: 200 },
    );
    // let the post-sync work (figures, audit) finish, so the snapshot below is of a quiet folder
    await vi.waitFor(
      async () => {
        const a = snapshot(dir);
        await new Promise((r) => setTimeout(r, 1500));
        expect(snapshot(dir)).toEqual(a);
      },
      { timeout: 60_000, interval: 100 },
    );
    const before = snapshot(dir);

    const second = startWeb(dir);
    const code = await Promise.race([
      second.exited,
      new Promise<'still running'>((r) => setTimeout(() => r('still running'), 60_000)),
    ]);
    if (code === 'still running') second.child.kill('SIGKILL');
    expect(code).toBe(3);
    expect(second.err()).toContain(`pid ${first.child.pid}`);
    expect(second.out()).not.toMatch(/demo simulator/);
    expect(snapshot(dir)).toEqual(before);

    const [demo] = await unwrap(api.workspaces.list());
    expect(demo!.baseUrl).toBe(simulatorUrl);
    await unwrap(api.sync.start({ workspaceId: workspace.id }));
    await vi.waitFor(
      async () => {
        const runs = await unwrap(api.sync.runs({ workspaceId: workspace.id }));
        expect(runs.total).toBe(2);
        expect(runs.items[0]?.status).toBe('ok');
      },
      { timeout: 60_000, interval: 200 },
    );
  }, 300_000);
});
