import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { AuditResult, AuditStaleness, Finding } from '../audit';
import { staleLine } from '../../../shared/audit/stale';
import { safeCell } from './cell';
import type { InventoryRow } from '../../../shared/contract/inventory';

export type CsvColumn<T> = { header: string; value: (row: T) => string | number | boolean | null | undefined };

/**
 * Streams rows to a Writable as CSV: UTF-8 with a BOM (so spreadsheet apps read Polish characters), and every
 * text cell made inert by `safeCell` (a cell that a spreadsheet could run as a formula, even behind leading
 * controls or Unicode spaces, is prefixed with an apostrophe). Rows are pulled one at a time with backpressure,
 * so 100,000 rows never sit in memory together.
 */
export async function writeCsv<T>(
  rows: Iterable<T> | AsyncIterable<T>,
  columns: CsvColumn<T>[],
  out: Writable,
): Promise<{ rows: number }> {
  let count = 0;
  async function* records() {
    for await (const row of rows as AsyncIterable<T>) {
      count++;
      yield columns.map((c) => {
        const v = c.value(row);
        return v === undefined ? null : typeof v === 'string' ? safeCell(v) : v;
      });
    }
  }
  const stringifier = stringify({
    bom: true,
    header: true,
    columns: columns.map((c) => c.header),
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  });
  await pipeline(Readable.from(records(), { objectMode: true }), stringifier, out);
  return { rows: count };
}

const evidenceText = (f: Finding): string =>
  f.evidence.items
    .map((i) => {
      const nums = Object.entries(i.figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      return `${i.type} ${i.name ?? i.id} [${i.id}]${nums ? ` ${nums}` : ''}${i.note ? ` (${i.note})` : ''}`;
    })
    .join('; ');

export const FINDING_COLUMNS: CsvColumn<Finding>[] = [
  { header: 'rule_id', value: (f) => f.ruleId },
  { header: 'area', value: (f) => f.area },
  { header: 'severity', value: (f) => f.severity },
  { header: 'status', value: (f) => f.status },
  { header: 'title', value: (f) => f.title },
  { header: 'summary', value: (f) => f.summary },
  { header: 'evidence', value: evidenceText },
  {
    header: 'figures',
    value: (f) =>
      Object.entries(f.evidence.figures)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
  },
  { header: 'recommendation', value: (f) => f.recommendation },
  { header: 'figures_as_of', value: (f) => (f.figuresAsOf ? new Date(f.figuresAsOf).toISOString() : '') },
];

/**
 * Whether the audit is of the latest sync, on every row (a CSV has no cover): `stale_since` for machines (ISO,
 * empty when fresh) and `stale` in words, the same sentence the screens and the PDF show.
 */
export function staleColumns(stale: AuditStaleness | null | undefined): CsvColumn<Finding>[] {
  const since = stale ? new Date(stale.since).toISOString() : '';
  const words = stale ? staleLine('en', stale, `${since.slice(0, 16).replace('T', ' ')} UTC`) : '';
  return [
    { header: 'stale_since', value: () => since },
    { header: 'stale', value: () => words },
  ];
}

export function writeFindingsCsv(result: AuditResult, out: Writable): Promise<{ rows: number }> {
  return writeCsv(result.findings, FINDING_COLUMNS, out);
}

/**
 * An inventory row as the inventory table shows it (the one mapping from the store, shared with
 * `inventory:list`), with the item's raw attributes as JSON.
 */
export type InventoryCsvRow = InventoryRow & { attributesJson: string };

export const INVENTORY_COLUMNS: CsvColumn<InventoryCsvRow>[] = [
  { header: 'type', value: (r) => r.type },
  { header: 'id', value: (r) => r.id },
  { header: 'name', value: (r) => r.name },
  { header: 'status', value: (r) => r.status },
  { header: 'channel', value: (r) => r.channel },
  { header: 'trigger_type', value: (r) => r.triggerType },
  { header: 'archived', value: (r) => r.archived },
  { header: 'created', value: (r) => r.createdAt },
  { header: 'updated', value: (r) => r.updatedAt },
  { header: 'attributes', value: (r) => r.attributesJson },
];

export function writeInventoryCsv(
  rows: Iterable<InventoryCsvRow> | AsyncIterable<InventoryCsvRow>,
  out: Writable,
): Promise<{ rows: number }> {
  return writeCsv(rows, INVENTORY_COLUMNS, out);
}
