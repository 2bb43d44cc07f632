#!/usr/bin/env node
// `npm start`: runs the desktop app when Electron's binary is present; otherwise explains why it
// cannot, and starts the same app as a web page (simulator + service + page) instead of failing.
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

function electronBinary() {
  let dir;
  try {
    dir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { ok: false, why: 'the electron package is not installed (run `npm ci`)' };
  }
  const pathFile = path.join(dir, 'path.txt');
  const distRoot = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist');
  if (!existsSync(pathFile) && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return {
      ok: false,
      why: "Electron's binary has not been downloaded (Electron fetches it from GitHub on first use)",
    };
  }
  const rel = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const full = path.join(distRoot, rel);
  if (!existsSync(full)) return { ok: false, why: `Electron's binary is missing at ${full}` };
  return { ok: true, path: full };
}

function run(cmd, args) {
  const child = spawn(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
}

const electron = electronBinary();
if (electron.ok) {
  run('npx', ['electron-vite', 'preview']);
} else {
  const line = '─'.repeat(78);
  console.log(
    [
      line,
      'Klaviyo Audit Desk: the desktop window cannot open on this machine.',
      `Reason: ${electron.why}.`,
      '',
      'What to do instead:',
      '  • Right now: the same app runs as a web page. Starting it for you (`npm run web`);',
      '    open the URL it prints. It uses the bundled Klaviyo simulator as a demo workspace.',
      '  • For the desktop window: on a machine that can reach GitHub, run',
      '    `npx install-electron` once (or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron), then `npm start`.',
      '  • Headless/servers: `npm run cli -- --help` drives the same engine from a terminal.',
      line,
    ].join('\n'),
  );
  run('npm', ['run', '--silent', 'web', '--', ...process.argv.slice(2)]);
}
