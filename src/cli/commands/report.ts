import path from 'node:path';
import { parseArgs } from 'node:util';
import { resourceTypes, ResourceTypeSchema } from '../../shared/contract/primitives';
import { AppError } from '../../shared/errors';
import { language, required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

export const reportCommand: CliCommand = {
  name: 'report',
  summary: "write a workspace's audit as CSV or PDF, or one inventory table as CSV",
  usage: 'report --workspace NAME --format csv|pdf --out FILE [--type TYPE] [--lang en|pl]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--format csv|pdf', text: 'CSV (one row per finding, or per item with --type) or the PDF report' },
    { flag: '--out FILE', text: 'the file to write (replaced if it exists; nothing is left behind on failure)' },
    { flag: '--type TYPE', text: `an inventory table instead of the audit (CSV only): ${resourceTypes.join(', ')}` },
    { flag: '--lang en|pl', text: "the report's language (default: the app's language setting, else English)" },
  ],
  example: 'npm run cli -- report --workspace "Acme" --format pdf --lang pl --out acme-audit.pdf',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        type: { type: 'string' },
        lang: { type: 'string' },
      },
      strict: true,
    });
    const ref = required(values.workspace, 'workspace');
    const lang = language(values.lang);
    const format = values.format;
    if (format !== 'csv' && format !== 'pdf') {
      throw new AppError('validation', '--format must be csv or pdf.', {
        details: { flag: 'format', value: format ?? null },
      });
    }
    const file = path.resolve(required(values.out, 'out'));
    if (values.type && format !== 'csv') {
      throw new AppError('validation', '--type exports an inventory table and needs --format csv.', {
        details: { flag: 'type' },
      });
    }
    const type = values.type ? ResourceTypeSchema.safeParse(values.type) : null;
    if (type && !type.success) {
      throw new AppError('validation', `--type must be one of ${resourceTypes.join(', ')}.`, {
        details: { flag: 'type', value: values.type },
      });
    }
    const ws = await io.workspace(ref);
    io.exportTo(file);
    const r = await io.call('report:export', {
      workspaceId: ws.id,
      format,
      ...(lang ? { lang } : {}),
      ...(type?.success ? { kind: 'inventory' as const, inventoryType: type.data } : { kind: 'findings' as const }),
    });
    const what = type?.success ? `${type.data} inventory` : 'audit';
    io.print(
      `Wrote the ${what} of "${ws.name}" as ${format.toUpperCase()} to ${file}` +
        (r.pages ? ` (${r.pages} pages)` : r.rows !== undefined ? ` (${r.rows} rows)` : ''),
      { file, format, bytes: r.bytes, rows: r.rows, pages: r.pages },
    );
    return 0;
  },
};
