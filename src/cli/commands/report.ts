import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { auditPorts } from '../../main/core/service/audit-adapter';
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
    // the app's export pipeline (worker thread, private file renamed into place, nothing left on failure)
    const { reports } = auditPorts({
      store: ctx.store,
      secrets: ctx.secrets,
      logger: ctx.logger,
      now: () => ctx.clock.now(),
    });
    try {
      const r = await reports.write({
        workspaceId: ws.id,
        format: values.format,
        kind: values.type ? 'inventory' : 'findings',
        ...(values.type ? { inventoryType: values.type } : {}),
        file,
      });
      const what = values.type ? `${values.type} inventory` : 'audit';
      io.print(
        `Wrote the ${what} of "${ws.name}" as ${values.format.toUpperCase()} to ${file}` +
          (r.pages ? ` (${r.pages} pages)` : r.rows !== undefined ? ` (${r.rows} rows)` : ''),
        { file, format: values.format, ...r },
      );
      return 0;
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError('storage', `Could not write ${file}: ${(err as Error).message}`, { cause: err });
    }
  },
};
