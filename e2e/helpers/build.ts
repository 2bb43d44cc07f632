import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const WEB_OUT = path.join(ROOT, 'out/web');

/** The test script builds the page first; a lone `vitest run e2e` builds it here when it is missing. */
export function ensureWebBuild(): string {
  if (!existsSync(path.join(WEB_OUT, 'index.html'))) {
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
