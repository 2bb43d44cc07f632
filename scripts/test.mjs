#!/usr/bin/env node
// `npm test`: the one command that checks everything — system prerequisites, types, lint, import
// rules and formatting, the web build the end-to-end tests drive, then every test (unit, simulator over real
// HTTP, contract, keychain against a real Secret Service, process-level, Chromium end to end).
// Extra arguments go to vitest (e.g. `npm test -- src/sim`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const args = process.argv.slice(2);
const quick = args.length > 0; // a focused run skips the whole-project checks

function step(title, cmd, cmdArgs, opts = {}) {
  const t0 = Date.now();
  console.log(`\n▶ ${title}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', ...opts });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`✖ ${title} failed (${secs}s)`);
    return false;
  }
  console.log(`✔ ${title} (${secs}s)`);
  return true;
}

function has(bin) {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
}

// 1. System packages (browser, Secret Service, poppler). Install them when we can, else say how.
const needed = { chromium: '/usr/bin/chromium', 'dbus-run-session': 'dbus-run-session', pdftotext: 'pdftotext' };
const missing = Object.entries(needed).filter(([, bin]) => (bin.startsWith('/') ? !existsSync(bin) : !has(bin)));
if (missing.length) {
  const canInstall = has('apt-get') && (process.getuid?.() === 0 || has('sudo'));
  if (canInstall) {
    if (!step('Install system packages', 'bash', ['scripts/install-system-deps.sh'])) process.exit(1);
  } else {
    console.error(
      `Missing system tools: ${missing.map(([n]) => n).join(', ')}.\n` +
        'Install Debian packages chromium gnome-keyring dbus poppler-utils fonts-dejavu-core (see scripts/install-system-deps.sh).',
    );
    process.exit(1);
  }
}

let ok = true;
if (!quick) {
  ok = step('Type-check', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']) && ok;
  ok = step('Lint (ESLint)', 'npx', ['eslint', '.', '--max-warnings=0']) && ok;
  ok =
    step('Import rules (dependency-cruiser: no cycles, domains used through their index.ts)', 'npx', [
      'depcruise',
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err',
    ]) && ok;
  ok = step('Format (Prettier)', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']) && ok;
  if (existsSync('vite.web.config.ts')) {
    ok = step('Build the web page (renderer served over the bridge)', 'npm', ['run', '--silent', 'build:web']) && ok;
  }
}

// 2. Tests, inside a D-Bus session with an unlocked gnome-keyring so the keychain tests use a real
//    Secret Service.
mkdirSync('test-artifacts', { recursive: true });
const report = path.join('test-artifacts', 'vitest-report.json');
const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args];
const withKeyring = existsSync('scripts/with-keyring.sh') && has('dbus-run-session');
const testsOk = withKeyring
  ? step('Tests (in a D-Bus session with gnome-keyring)', 'bash', ['scripts/with-keyring.sh', 'npx', ...vitestArgs])
  : step('Tests', 'npx', vitestArgs);
ok = testsOk && ok;

// 3. One plain closing line that any CI reads: "N passed, N failed, N skipped".
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
  if (r.numTotalTests === 0) {
    console.error('No test ran.');
    ok = false;
  }
}
process.exit(ok ? 0 : 1);
