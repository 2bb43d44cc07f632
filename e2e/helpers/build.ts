import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const WEB_OUT = path.join(ROOT, 'out/web');

/** The newest modification time of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Whether the built page is missing or older than the sources it is built from. */
export function webBuildStale(): boolean {
  const index = path.join(WEB_OUT, 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  return ['src/renderer', 'src/shared', 'src/web/bridge'].some((d) => {
    const dir = path.join(ROOT, d);
    return existsSync(dir) && newestMtime(dir) > built;
  });
}

/**
 * The test script builds the page first; a lone `vitest run e2e` or `npm test -- e2e/…` builds it here when it
 * is missing or older than its sources, so a focused run never drives yesterday's page.
 */
export function ensureWebBuild(): string {
  if (webBuildStale()) {
    execFileSync(
      process.execPath,
      [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.web.config.ts'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
  }
  return WEB_OUT;
}
