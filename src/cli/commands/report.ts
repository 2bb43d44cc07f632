import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { writeReport } from '../../main/core/exports';
import { createPrivateWriteStream } from '../../main/core/private-files';
import type { CliCommand } from './types';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'write the audit as CSV or PDF (or an inventory table as CSV with --type)',
  usage: 'report --workspace N --format csv|pdf --out FILE [--type flows]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        type: { type: 'string' },
      },
      strict: true,
    });
    if (!values.workspace)
      throw new AppError('validation', '--workspace is required.', { details: { flag: 'workspace' } });
    if (values.format !== 'csv' && values.format !== 'pdf')
      throw new AppError('validation', '--format must be csv or pdf.', {
        details: { flag: 'format', value: values.format ?? null },
      });
    if (!values.out) throw new AppError('validation', '--out FILE is required.', { details: { flag: 'out' } });
    if (values.type && values.format !== 'csv')
      throw new AppError('validation', '--type exports an inventory table and needs --format csv.', {
        details: { flag: 'type' },
      });
    const ctx = io.context();
    const ws = ctx.workspaces.resolve(values.workspace);
    const file = path.resolve(values.out);
    // written beside the target and renamed at the end, so a failed export never leaves half a file behind
    const tmp = `${file}.${process.pid}.part`;
    try {
      const r = await writeReport(
        ctx,
        { workspaceId: ws.id, format: values.format, ...(values.type ? { inventoryType: values.type } : {}) },
        createPrivateWriteStream(tmp),
      );
      await rename(tmp, file);
      const what = values.type ? `${values.type} inventory` : 'audit';
      io.print(
        `Wrote the ${what} of "${ws.name}" as ${values.format.toUpperCase()} to ${file}` +
          (r.pages ? ` (${r.pages} pages)` : r.rows !== undefined ? ` (${r.rows} rows)` : ''),
        { file, format: values.format, ...r },
      );
      return 0;
    } catch (err) {
      await rm(tmp, { force: true });
      if (err instanceof AppError) throw err;
      throw new AppError('storage', `Could not write ${file}: ${(err as Error).message}`, { cause: err });
    }
  },
};
