import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ImportFieldSchema,
  importFields,
  type ImportKind,
  type ImportMapping,
  type ImportResult,
} from '../../shared/contract/imports';
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

/**
 * `--mapping`: a JSON file `{"Column": "field", …}` or `Column=field,Column=field` (a column named with a comma or
 * an equals sign needs the file); either way column → field, turned into the contract's field → column.
 */
export function parseMapping(raw: string): ImportMapping {
  let pairs: [string, unknown][];
  if (fs.existsSync(raw) && fs.statSync(raw).isFile()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(fs.readFileSync(raw, 'utf8'));
    } catch (err) {
      throw new AppError('validation', `--mapping ${raw} is not valid JSON: ${(err as Error).message}`, {
        details: { flag: 'mapping' },
      });
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new AppError('validation', `--mapping ${raw} must hold an object {"Column": "field"}.`, {
        details: { flag: 'mapping' },
      });
    pairs = Object.entries(parsed);
  } else {
    pairs = raw
      .split(',')
      .filter((p) => p.trim())
      .map((p) => {
        const i = p.lastIndexOf('=');
        if (i <= 0)
          throw new AppError('validation', `--mapping: "${p}" is not Column=field.`, { details: { flag: 'mapping' } });
        return [p.slice(0, i).trim(), p.slice(i + 1).trim()];
      });
  }
  const out: ImportMapping = {};
  for (const [column, field] of pairs) {
    const f = ImportFieldSchema.safeParse(field);
    if (!f.success)
      throw new AppError(
        'validation',
        `--mapping: "${String(field)}" (for column "${column}") is not a field; fields are ${importFields.join(', ')}.`,
        { details: { flag: 'mapping', column } },
      );
    if (out[f.data])
      throw new AppError('validation', `--mapping: two columns are mapped to ${f.data}.`, {
        details: { flag: 'mapping', field: f.data },
      });
    out[f.data] = column;
  }
  return out;
}

const SUMMARY: Record<string, string> = {
  customers: "Shopify's customers export → Klaviyo profiles (de-duplicated by email; queued, sent by outbox flush)",
  profiles:
    "a customers CSV → Klaviyo profiles: Shopify's export, or any CSV through --mapping (de-duplicated by email and external id)",
  orders:
    'an orders CSV → one "Placed Order" event per order, with its items: Shopify\'s export, or any CSV through --mapping',
};

function importCmd(kind: ImportKind, name: string): CliCommand {
  const generic = name !== 'customers';
  const fields =
    kind === 'customers'
      ? 'email, external_id, phone_number, first_name, last_name, organization, city, region, country, zip'
      : 'order_id, email, date, value (required), currency, product, quantity, price, sku';
  return {
    name,
    summary: SUMMARY[name]!,
    usage: `import ${name} --workspace NAME --file FILE${generic ? ' [--mapping M]' : ''} [--lang en|pl]`,
    flags: [
      WORKSPACE_FLAG,
      {
        flag: '--file FILE',
        text: generic
          ? "the CSV file: Shopify's export is recognised by its header; any other CSV is read through the mapping"
          : `the CSV file Shopify exported (Customers → Export)`,
      },
      ...(generic
        ? [
            {
              flag: '--mapping M',
              text:
                `which column holds which field, column → field: "E-mail=email,Given name=first_name" or a JSON file ` +
                `{"E-mail": "email"}. Fields: ${fields}. Without it the columns are guessed from their names.`,
            },
          ]
        : []),
      { flag: '--lang en|pl', text: 'the language the rejected rows are explained in (default en)' },
    ],
    example: generic
      ? `npm run cli -- import ${name} --workspace "Acme" --file ${kind === 'customers' ? 'customers' : 'orders'}.csv --mapping "Mail=email,Order=order_id"`
      : `npm run cli -- import ${name} --workspace "Acme" --file customers_export.csv`,
    async run(argv, io: CliIo) {
      const { values } = parseArgs({
        args: argv,
        options: {
          workspace: { type: 'string' },
          file: { type: 'string' },
          lang: { type: 'string', default: 'en' },
          ...(generic ? { mapping: { type: 'string' as const } } : {}),
        },
        strict: true,
      });
      const rawMapping = (values as { mapping?: string }).mapping;
      const mapping = rawMapping === undefined ? undefined : parseMapping(rawMapping);
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
        // customers is Shopify's export only; profiles and orders take what the header (or the mapping) says
        ...(generic ? (mapping ? { source: 'generic' as const, mapping } : {}) : { source: 'shopify' as const }),
        lang,
      });
      io.print(text(ws.name, r), r);
      return 0;
    },
  };
}

export const importCommand = subcommandTable(
  'import',
  'a store\'s CSV into Klaviyo: customers as profiles, orders as "Placed Order" events (Shopify\'s exports, or any CSV with a column mapping; queued in the outbox)',
  [importCmd('customers', 'customers'), importCmd('customers', 'profiles'), importCmd('orders', 'orders')],
  'npm run cli -- import customers --workspace "Acme" --file customers_export.csv',
);
