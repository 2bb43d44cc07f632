import fs from 'node:fs';
import path from 'node:path';
import { openPrivateFile, PRIVATE_DIR_MODE } from '../private-files';
import type { LogSink } from './sink';

export type RotatingFileSinkOptions = {
  file: string;
  /** rotate once the current file would grow past this (default 5 MiB) */
  maxBytes?: number;
  /** rotated files kept next to the current one: file.1 (newest) … file.N (default 4) */
  maxFiles?: number;
};

/**
 * Appends log lines to `file`, rotating by size. Writes are synchronous on purpose: a line is on disk
 * before the call returns, so a crash or SIGKILL mid-sync never loses the lines that explain it, and
 * the volume (a few lines per run and per resource) is far too small for this to matter.
 * Files are owner-only (0600, an existing wider file narrowed when opened) in a 0700 folder: logs describe
 * client accounts even with secrets redacted.
 */
export function createRotatingFileSink(
  opts: RotatingFileSinkOptions,
): LogSink & { readonly file: string; close(): void } {
  const file = path.resolve(opts.file);
  const maxBytes = Math.max(1024, opts.maxBytes ?? 5 * 1024 * 1024);
  const maxFiles = Math.max(1, opts.maxFiles ?? 4);
  // created 0700; an existing folder is the data folder's to narrow (takeDataFolder), not a log file's
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });

  let fd: number | null = null;
  let size = 0;

  const open = () => {
    fd = openPrivateFile(file, 'a');
    size = fs.fstatSync(fd).size;
  };

  const rotate = () => {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
    fs.rmSync(`${file}.${maxFiles}`, { force: true });
    for (let i = maxFiles - 1; i >= 1; i--) {
      if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    }
    // Another process (the CLI next to the app) may have rotated already.
    if (fs.existsSync(file)) fs.renameSync(file, `${file}.1`);
    open();
  };

  return {
    file,
    write(line: string) {
      const bytes = Buffer.from(line.endsWith('\n') ? line : `${line}\n`, 'utf8');
      if (fd === null) open();
      if (size > 0 && size + bytes.length > maxBytes) rotate();
      fs.writeSync(fd!, bytes);
      size += bytes.length;
    },
    close() {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
