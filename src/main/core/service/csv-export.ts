import fs from 'node:fs';
import type { Writable } from 'node:stream';
import type { z } from 'zod';
import type { ExportFileSchema } from '../../../shared/contract/primitives';
import { createPrivateWriteStream } from '../private-files';
import { notAvailable } from './handler-context';
import type { ExportTarget } from './ports';

export const CSV_MIME = 'text/csv; charset=utf-8';

/**
 * A CSV the user asked for: the front end chooses where it goes (a save dialog, a download), `write` fills it,
 * and the answer says where it went and how many rows it holds. Closing the dialog writes nothing.
 */
export async function exportCsvFile(
  target: ExportTarget | undefined,
  fileName: string,
  write: (out: Writable) => Promise<{ rows: number }>,
): Promise<z.infer<typeof ExportFileSchema>> {
  const chosen = await (target ?? notAvailable('export')).choose(fileName, CSV_MIME);
  const base = { fileName, mimeType: CSV_MIME };
  if (!chosen) return { ...base, bytes: 0, rows: 0, savedTo: null, downloadId: null, cancelled: true };
  const { rows } = await write(createPrivateWriteStream(chosen.file));
  return {
    ...base,
    bytes: fs.statSync(chosen.file).size,
    rows,
    savedTo: chosen.downloadId ? null : chosen.file,
    downloadId: chosen.downloadId,
    cancelled: false,
  };
}
