import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import { PRIVATE_FILE_MODE } from '../private-files';

/** The file in a data folder that names the app process owning it. */
export const LOCK_FILE = 'audit-desk.lock';

export type LockHolder = { pid: number; host: string; kind: string; startedAt: string };

export type DataFolderLock = {
  readonly file: string;
  readonly holder: LockHolder;
  /** removes the lock file if it is still ours; safe to call twice */
  release(): void;
};

export type AcquireLockOptions = {
  /** who takes it: 'web', 'app' (shown to the process that is refused) */
  kind: string;
  pid?: number;
  /** is that process alive? (default: signal 0) */
  isAlive?: (pid: number) => boolean;
  now?: () => Date;
};

/**
 * One app process owns a data folder at a time (the CLI may run beside it: its syncs claim workspaces in the
 * database). The owner's pid is written in a lock file created with O_EXCL (`wx`), so of two processes starting
 * together exactly one creates it. A lock whose process is gone (crash, kill -9, reboot) is taken over; the
 * take-over itself is serialised by a second O_EXCL file, so two newcomers cannot both remove a stale lock and
 * each believe they own the folder. A process that is refused has touched nothing in the folder.
 */
export function acquireDataFolderLock(dataDir: string, opts: AcquireLockOptions): DataFolderLock {
  const file = path.join(dataDir, LOCK_FILE);
  const isAlive = opts.isAlive ?? processIsAlive;
  const me: LockHolder = {
    pid: opts.pid ?? process.pid,
    host: os.hostname(),
    kind: opts.kind,
    startedAt: (opts.now?.() ?? new Date()).toISOString(),
  };
  const text = `${JSON.stringify(me)}\n`;

  const giveUpAt = Date.now() + 5_000;
  while (Date.now() < giveUpAt) {
    if (tryCreate(file, text)) return ownedLock(file, me);
    const seen = readLock(file);
    if (seen === 'missing') continue; // released between our create and our read
    if (seen === 'unreadable') {
      // created this instant and not yet written, or left empty by a process that died between the two
      if (ageMs(file) < 2_000) {
        sleepSync(20);
        continue;
      }
    } else if (seen.host !== me.host || isAlive(seen.pid)) {
      // a lock from another machine (a shared network folder) cannot be checked, so it is respected
      throw inUse(dataDir, file, seen);
    }
    takeOver(file, seen === 'unreadable' ? null : seen);
  }
  throw new AppError('busy', `Could not take the data folder ${dataDir}: its lock file keeps changing.`, {
    details: { reason: 'data_folder_in_use', dataDir, lockFile: file },
  });
}

/** Who holds the data folder now, without creating or changing anything (null: nobody alive). */
export function dataFolderHolder(
  dataDir: string,
  isAlive: (pid: number) => boolean = processIsAlive,
): LockHolder | null {
  const seen = readLock(path.join(dataDir, LOCK_FILE));
  if (seen === 'missing' || seen === 'unreadable') return null;
  return seen.host !== os.hostname() || isAlive(seen.pid) ? seen : null;
}

export function inUseMessage(dataDir: string, holder: Pick<LockHolder, 'pid' | 'kind' | 'host'>): string {
  const where = holder.host === os.hostname() ? '' : ` on ${holder.host}`;
  return (
    `The data folder ${dataDir} is in use by another Klaviyo Audit Desk process (${holder.kind}, pid ${holder.pid}${where}). ` +
    'Close that one first, or start this one on another folder with --data-dir.'
  );
}

function inUse(dataDir: string, file: string, holder: LockHolder): AppError {
  return new AppError('busy', inUseMessage(dataDir, holder), {
    details: { reason: 'data_folder_in_use', dataDir, lockFile: file, pid: holder.pid, holder: holder.kind },
  });
}

function tryCreate(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function readLock(file: string): LockHolder | 'missing' | 'unreadable' {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid === 'number' && Number.isInteger(v.pid) && v.pid > 0) {
      return {
        pid: v.pid,
        host: String(v.host ?? ''),
        kind: String(v.kind ?? 'app'),
        startedAt: String(v.startedAt ?? ''),
      };
    }
  } catch {
    // fall through
  }
  return 'unreadable';
}

/** Removes a stale lock, unless someone else replaced it meanwhile (then the next attempt looks at theirs). */
function takeOver(file: string, stale: LockHolder | null): void {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = fs.openSync(guard, 'wx', PRIVATE_FILE_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // another process is taking over right now; a guard older than a few seconds belongs to one that died
    if (ageMs(guard) > 5_000) fs.rmSync(guard, { force: true });
    else sleepSync(20);
    return;
  }
  try {
    const now = readLock(file);
    const same =
      stale === null
        ? now === 'unreadable'
        : typeof now === 'object' && now.pid === stale.pid && now.host === stale.host;
    if (same) fs.rmSync(file, { force: true });
  } finally {
    fs.closeSync(fd);
    fs.rmSync(guard, { force: true });
  }
}

function ownedLock(file: string, me: LockHolder): DataFolderLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    const now = readLock(file);
    if (typeof now === 'object' && now.pid === me.pid && now.host === me.host) fs.rmSync(file, { force: true });
  };
  // a process that ends without closing (process.exit from a signal handler) still leaves no lock behind
  process.on('exit', release);
  return { file, holder: me, release };
}

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
