import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { acquireDataFolderLock, dataFolderHolder, LOCK_FILE, processIsAlive } from './lock';

describe('data folder lock', () => {
  let dir: string;
  beforeEach(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-lock-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const lockFile = () => path.join(dir, LOCK_FILE);
  const refusal = (fn: () => unknown): AppError => {
    try {
      fn();
    } catch (err) {
      return err as AppError;
    }
    throw new Error('it was not refused');
  };

  it('writes the owner pid into a 0600 lock file and removes it on release', () => {
    const lock = acquireDataFolderLock(dir, { kind: 'web' });
    const held = JSON.parse(fs.readFileSync(lockFile(), 'utf8')) as { pid: number; kind: string };
    expect(held).toMatchObject({ pid: process.pid, kind: 'web' });
    if (process.platform !== 'win32') expect(fs.statSync(lockFile()).mode & 0o777).toBe(0o600);
    expect(dataFolderHolder(dir)).toMatchObject({ pid: process.pid });
    lock.release();
    lock.release();
    expect(fs.existsSync(lockFile())).toBe(false);
    expect(dataFolderHolder(dir)).toBeNull();
  });

  it('refuses a second owner with the holder pid and leaves the holder’s lock as it was', () => {
    const lock = acquireDataFolderLock(dir, { kind: 'web' });
    const before = fs.readFileSync(lockFile(), 'utf8');
    const err = refusal(() => acquireDataFolderLock(dir, { kind: 'web', pid: process.pid + 1 }));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('busy');
    expect(err.details).toMatchObject({ reason: 'data_folder_in_use', pid: process.pid, dataDir: dir });
    expect(err.message).toContain(`pid ${process.pid}`);
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(before);
    lock.release();
  });

  it('takes over a lock whose process is gone', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    expect(processIsAlive(dead.pid!)).toBe(false);
    fs.writeFileSync(
      lockFile(),
      JSON.stringify({ pid: dead.pid, host: os.hostname(), kind: 'web', startedAt: '2026-01-01T00:00:00Z' }),
    );
    expect(dataFolderHolder(dir)).toBeNull();
    const lock = acquireDataFolderLock(dir, { kind: 'app' });
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toMatchObject({ pid: process.pid, kind: 'app' });
    lock.release();
  });

  it('takes over an empty lock left by a process that died between creating and writing it', () => {
    fs.writeFileSync(lockFile(), '');
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile(), old, old);
    const lock = acquireDataFolderLock(dir, { kind: 'web' });
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
  });

  it('does not remove a lock another process has taken since (release is for our own lock only)', () => {
    const lock = acquireDataFolderLock(dir, { kind: 'web' });
    const theirs = JSON.stringify({ pid: 1, host: os.hostname(), kind: 'web', startedAt: '' });
    fs.writeFileSync(lockFile(), theirs);
    lock.release();
    expect(fs.readFileSync(lockFile(), 'utf8')).toBe(theirs);
  });

  it('does not remove a lock another newcomer took over while it was deciding the old one was stale', () => {
    const stale = { pid: 2 ** 22 + 9, host: os.hostname(), kind: 'web', startedAt: '' };
    fs.writeFileSync(lockFile(), JSON.stringify(stale));
    const other = { pid: process.pid, host: os.hostname(), kind: 'web', startedAt: 'now' };
    const err = refusal(() =>
      acquireDataFolderLock(dir, {
        kind: 'web',
        pid: process.pid + 1,
        isAlive: (pid) => {
          // the other process finished its own take-over the moment after we read the stale lock
          if (pid === stale.pid) fs.writeFileSync(lockFile(), JSON.stringify(other));
          return pid !== stale.pid;
        },
      }),
    );
    expect(err.details).toMatchObject({ reason: 'data_folder_in_use', pid: process.pid });
    expect(JSON.parse(fs.readFileSync(lockFile(), 'utf8'))).toEqual(other);
  });

  it('of many processes racing for one folder over a stale lock, exactly one wins', async () => {
    const stalePid = 2 ** 22 + 7;
    fs.writeFileSync(lockFile(), JSON.stringify({ pid: stalePid, host: os.hostname(), kind: 'web', startedAt: '' }));
    const go = path.join(dir, 'go');
    // each child waits for the same start signal, so they really race; a winner holds the folder until killed
    const child = path.join(dir, 'child.mts');
    fs.writeFileSync(
      child,
      `
      const fs = await import('node:fs');
      const { acquireDataFolderLock, processIsAlive } = await import(${JSON.stringify(path.resolve(__dirname, 'lock.ts'))});
      while (!fs.existsSync(${JSON.stringify(go)})) await new Promise((r) => setTimeout(r, 5));
      try {
        acquireDataFolderLock(${JSON.stringify(dir)}, { kind: 'web', isAlive: (p) => p !== ${stalePid} && processIsAlive(p) });
        process.stdout.write('won:' + process.pid + '\\n');
        setInterval(() => undefined, 1000);
      } catch (e) { process.stdout.write('refused:' + e.details.pid + '\\n'); }`,
    );
    const tsx = path.resolve(__dirname, '../../../../node_modules/.bin/tsx');
    const children = Array.from({ length: 6 }, () => {
      const c = spawn(tsx, [child], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
      let out = '';
      const said = new Promise<string>((resolve) =>
        c.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.endsWith('\n')) resolve(out.trim());
        }),
      );
      return { c, said };
    });
    try {
      await new Promise((r) => setTimeout(r, 3000)); // let them all load and wait for the signal
      fs.writeFileSync(go, '');
      const outs = await Promise.all(children.map((x) => x.said));
      const winners = outs.filter((o) => o.startsWith('won:'));
      expect(winners).toHaveLength(1);
      const winnerPid = winners[0]!.slice('won:'.length);
      expect(outs.filter((o) => !o.startsWith('won:'))).toEqual(Array(5).fill(`refused:${winnerPid}`));
    } finally {
      // tsx runs the script in a child of its own: end each whole process group
      for (const { c } of children) {
        try {
          process.kill(-c.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
  }, 90_000);
});
