import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportKind, ImportResult } from '../../shared/contract/imports';
import { LANGUAGES, type Language } from '../../shared/contract/primitives';
import { AppError } from '../../shared/errors';
import { table, type CliIo } from '../io';
import { required, WORKSPACE_FLAG } from './flags';
import { subcommandTable } from './outbox';
import type { CliCommand } from './types';

function text(ws: string, r: ImportResult): string {
  const what = r.kind === 'customers' ? 'profiles' : '"Placed Order" events';
  const head =
    `Read ${r.rows} row${r.rows === 1 ? '' : 's'} of ${r.fileName}: ${r.accepted} ${what} queued for "${ws}" in ` +
    `${r.queuedItems} Klaviyo request${r.queuedItems === 1 ? '' : 's'} (saved locally; nothing is lost if this ` +
    `computer stops now), ${r.rejected} row${r.rejected === 1 ? '' : 's'} not imported. ` +
    `Send with: npm run cli -- outbox flush --workspace "${ws}"`;
  if (!r.problems.length) return head;
  return `${head}\n${table(
    ['LINE', 'RESULT', 'REASON'],
    r.problems.map((p) => [p.line, p.severity === 'rejected' ? 'not imported' : 'imported, field dropped', p.message]),
  )}`;
}

function importCmd(kind: ImportKind, name: string = kind): CliCommand {
  return {
    name,
    summary:
      kind === 'customers'
        ? "Shopify's customers export → Klaviyo profiles (de-duplicated by email; queued, sent by outbox flush)"
        : 'Shopify\'s orders export → one "Placed Order" event per order, with its items (queued, sent by outbox flush)',
    usage: `import ${name} --workspace NAME --file FILE [--lang en|pl]`,
    flags: [
      WORKSPACE_FLAG,
      {
        flag: '--file FILE',
        text: `the CSV file Shopify exported (${kind === 'customers' ? 'Customers' : 'Orders'} → Export)`,
      },
      { flag: '--lang en|pl', text: 'the language the rejected rows are explained in (default en)' },
    ],
    example: `npm run cli -- import ${name} --workspace "Acme" --file ${kind}_export.csv`,
    async run(argv, io: CliIo) {
      const { values } = parseArgs({
        args: argv,
        options: { workspace: { type: 'string' }, file: { type: 'string' }, lang: { type: 'string', default: 'en' } },
        strict: true,
      });
      const lang = values.lang as Language;
      if (!(LANGUAGES as readonly string[]).includes(lang))
        throw new AppError('validation', `--lang must be en or pl (got "${values.lang}").`, {
          details: { flag: 'lang' },
        });
      const ws = await io.workspace(required(values.workspace, 'workspace'));
      const r = await io.call('imports:file', {
        workspaceId: ws.id,
        kind,
        file: path.resolve(required(values.file, 'file')),
        lang,
      });
      io.print(text(ws.name, r), r);
      return 0;
    },
  };
}

export const importCommand = subcommandTable(
  'import',
  'a store\'s CSV export into Klaviyo: customers as profiles, orders as "Placed Order" events (queued in the outbox)',
  [
    importCmd('customers'),
    { ...importCmd('customers', 'profiles'), summary: 'the same as import customers' },
    importCmd('orders'),
  ],
  'npm run cli -- import customers --workspace "Acme" --file customers_export.csv',
);
