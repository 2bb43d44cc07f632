import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

// The README's first command: on a machine without Electron's binary (these machines, CI), `npm start`
// must explain why and what to do, then bring up the same app as a web page instead of a stack trace.
describe('npm start without the Electron binary', () => {
  it('explains, then serves the app over the web bridge with the demo simulator', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'start-'));
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: path.resolve(__dirname, '..'),
      env: { ...process.env, AUDIT_DESK_DATA_DIR: dataDir, ELECTRON_OVERRIDE_DIST_PATH: '' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed:\n${out}\n${err}`)), 90_000);
        const poll = setInterval(() => {
          const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
          if (m) {
            clearInterval(poll);
            clearTimeout(timer);
            resolve(m[1]!);
          }
        }, 100);
        child.on('exit', (code) => reject(new Error(`exited ${code} before printing a URL:\n${out}\n${err}`)));
      });
      expect(out).toMatch(/desktop window cannot open on this machine/);
      expect(out).toMatch(/What to do instead/);
      expect(err).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/); // no stack trace
      const page = await fetch(url.replace(/#.*$/, ''));
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<div id="root">|<script/);
    } finally {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((r) => setTimeout(r, 500));
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
