import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir } from '../../main/core/private-files';
import type { ExportTarget } from '../../main/core/service/ports';

export type DownloadEntry = { file: string; fileName: string; mimeType: string };

/**
 * Exports in the web page: the service writes the report into the bridge's download folder and answers with a
 * download id; the page fetches `GET /download/<id>` (with the token) and saves the blob. Ids are random, so a
 * file cannot be guessed, and the page never names a path.
 */
export class DownloadRegistry implements ExportTarget {
  private readonly entries = new Map<string, DownloadEntry>();

  constructor(readonly dir: string) {}

  async choose(fileName: string, mimeType: string) {
    ensurePrivateDir(this.dir);
    const id = randomBytes(16).toString('hex');
    const file = path.join(this.dir, `${id}-${path.basename(fileName)}`);
    this.entries.set(id, { file, fileName, mimeType });
    return { file, downloadId: id };
  }

  get(id: string): DownloadEntry | null {
    return /^[0-9a-f]{32}$/.test(id) ? (this.entries.get(id) ?? null) : null;
  }

  clear(): void {
    for (const e of this.entries.values()) fs.rmSync(e.file, { force: true });
    this.entries.clear();
  }
}
