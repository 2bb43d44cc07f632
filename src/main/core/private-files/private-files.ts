import fs from 'node:fs';
import path from 'node:path';

/**
 * Clients' Klaviyo data is nobody else's business on a shared machine: everything the app writes is readable by
 * its owner only — folders 0700, files 0600. `mode` on open/mkdir applies only when the path is created, so each
 * helper also narrows a path that already exists with wider bits. POSIX modes mean nothing on Windows (files in
 * %APPDATA% are private to the user there), so the narrowing is skipped on that platform.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

/** true when group or others have any bit on `mode` */
export function isWiderThanOwner(mode: number): boolean {
  return (mode & 0o077) !== 0;
}

/** Creates `dir` (and missing parents) 0700; narrows `dir` itself if it exists wider. Returns whether it narrowed. */
export function ensurePrivateDir(dir: string): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!POSIX || !isWiderThanOwner(fs.statSync(dir).mode)) return false;
  fs.chmodSync(dir, PRIVATE_DIR_MODE);
  return true;
}

/** Narrows an existing file to 0600 (a missing file is left missing). Returns whether it narrowed. */
export function restrictFileToOwner(file: string): boolean {
  if (!POSIX) return false;
  let mode: number;
  try {
    mode = fs.statSync(file).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  if (!isWiderThanOwner(mode)) return false;
  fs.chmodSync(file, PRIVATE_FILE_MODE);
  return true;
}

/**
 * Opens `file` for writing as the owner's alone: created 0600, and an existing file (opened with 'w' it keeps its
 * old bits) narrowed before a byte is written. The parent folder is not touched — an export goes wherever the
 * user chose to save it. Returns the file descriptor.
 */
export function openPrivateFile(file: string, flags: 'w' | 'a' | 'wx' = 'w'): number {
  const fd = fs.openSync(file, flags, PRIVATE_FILE_MODE);
  try {
    if (POSIX && isWiderThanOwner(fs.fstatSync(fd).mode)) fs.fchmodSync(fd, PRIVATE_FILE_MODE);
  } catch (err) {
    fs.closeSync(fd);
    throw err;
  }
  return fd;
}

/** A write stream on `file` opened by `openPrivateFile`: what every export (CSV, PDF) writes through. */
export function createPrivateWriteStream(file: string): fs.WriteStream {
  return fs.createWriteStream(file, { fd: openPrivateFile(file, 'w') });
}

/**
 * Replaces `file` with `data` atomically (0600 temp file beside it, then rename): a crash leaves the old or the
 * new file, never half of one, and never a moment where the file is readable by others.
 */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openPrivateFile(tmp, 'w');
    try {
      fs.writeFileSync(fd, data);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Narrows the data folder, every folder under it and every file in them to the owner (existing installs were
 * created with the umask's 0755/0644). Symbolic links and special files are left alone; so is what cannot be
 * changed (a file owned by someone else), which is reported instead of stopping the app.
 */
export function tightenFolder(root: string): { tightened: string[]; failed: { path: string; error: string }[] } {
  const tightened: string[] = [];
  const failed: { path: string; error: string }[] = [];
  if (!POSIX) return { tightened, failed };
  const visit = (p: string, isRoot: boolean) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch (err) {
      if (!isRoot) failed.push({ path: p, error: (err as Error).message });
      return;
    }
    if (st.isDirectory()) {
      if (isWiderThanOwner(st.mode)) change(p, PRIVATE_DIR_MODE);
      let names: string[];
      try {
        names = fs.readdirSync(p);
      } catch (err) {
        failed.push({ path: p, error: (err as Error).message });
        return;
      }
      for (const name of names) visit(path.join(p, name), false);
    } else if (st.isFile() && isWiderThanOwner(st.mode)) {
      change(p, PRIVATE_FILE_MODE);
    }
  };
  const change = (p: string, mode: number) => {
    try {
      fs.chmodSync(p, mode);
      tightened.push(p);
    } catch (err) {
      failed.push({ path: p, error: (err as Error).message });
    }
  };
  visit(root, true);
  return { tightened, failed };
}
