import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { PickedFile } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/errors';
import { createPrivateWriteStream, ensurePrivateDir } from '../private-files';

/** A picked file in the desktop app: the OS dialog's chosen path, or null when the person cancelled. */
export type OpenDialog = () => Promise<string | null>;

/** The largest file the web page may upload (a 20,000-order export is about 10 MB). */
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/**
 * Files a person chose for an import, each named by a random token: the page holds the token and never a path.
 * The desktop shell fills it from the OS open dialog (`choose`); the web bridge from an upload it wrote into a
 * private folder (`adoptUpload`), removed again by `clear`. Tokens live as long as the process.
 */
export class PickedFiles {
  private readonly files = new Map<string, { file: string; fileName: string; temp: boolean }>();

  constructor(private readonly opts: { open?: OpenDialog; uploadDir?: string } = {}) {}

  /** true when this process can open a file dialog itself (the desktop app) */
  get canOpen(): boolean {
    return !!this.opts.open;
  }

  private register(file: string, fileName: string, temp: boolean): PickedFile {
    const fileToken = randomBytes(16).toString('hex');
    this.files.set(fileToken, { file, fileName, temp });
    return { fileToken, fileName, bytes: fs.statSync(file).size };
  }

  /** opens the dialog; the answer names the file by token and its own name only */
  async choose(): Promise<PickedFile | null> {
    if (!this.opts.open)
      throw new AppError('internal', 'This version of the app has no file dialog: upload the file instead.', {
        details: { reason: 'no_dialog' },
      });
    const file = await this.opts.open();
    if (!file) return null;
    if (!fs.statSync(file, { throwIfNoEntry: false })?.isFile())
      throw new AppError('not_found', `The file ${path.basename(file)} cannot be read.`, {
        details: { field: 'file' },
      });
    return this.register(file, path.basename(file), false);
  }

  /** writes an uploaded file's bytes into the private upload folder (at most MAX_UPLOAD_BYTES) */
  async adoptUpload(fileName: string, body: AsyncIterable<Buffer>, limit = MAX_UPLOAD_BYTES): Promise<PickedFile> {
    if (!this.opts.uploadDir) throw new AppError('validation', 'Uploads are not accepted here.');
    ensurePrivateDir(this.opts.uploadDir);
    const name =
      path
        .basename(fileName)
        .replace(/[^\w.\- ]/g, '_')
        .slice(0, 120) || 'upload.csv';
    const file = path.join(this.opts.uploadDir, `${randomBytes(8).toString('hex')}-${name}`);
    let size = 0;
    async function* capped(): AsyncGenerator<Buffer> {
      for await (const chunk of body) {
        size += chunk.length;
        if (size > limit)
          throw new AppError('validation', `The file is larger than ${Math.round(limit / 1048576)} MB.`, {
            details: { field: 'file', limitBytes: limit },
          });
        yield chunk;
      }
    }
    try {
      await pipeline(capped(), createPrivateWriteStream(file));
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw err;
    }
    return this.register(file, path.basename(fileName) || name, true);
  }

  /** the file a token stands for; a clear error for a token this process never gave out */
  resolve(token: string): { file: string; fileName: string } {
    const f = this.files.get(token);
    if (!f)
      throw new AppError('not_found', 'The chosen file is no longer known to the app: choose it again.', {
        details: { field: 'fileToken' },
      });
    return { file: f.file, fileName: f.fileName };
  }

  /** forgets every token and removes the uploaded copies */
  clear(): void {
    for (const f of this.files.values()) if (f.temp) fs.rmSync(f.file, { force: true });
    this.files.clear();
  }
}
