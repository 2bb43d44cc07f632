import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { AuditResult, AuditStaleness, Finding } from '../audit';
import { staleLine } from '../../../shared/audit/stale';
import type { Language } from '../../../shared/contract/primitives';
import { safeCell } from './cell';
import { findingText, type FindingText } from './finding-text';
import { REPORT_LABELS } from './report-labels';
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

/**
 * The findings' columns in one language: one row per finding, the machine-readable columns (rule id, area,
 * severity and status codes, figures as JSON, evidence ids, ISO times — the same in every language, for scripts
 * and pivot tables) beside the worded ones a person reads (in the report language, from the tables the screens
 * use). A passing check says that nothing needs doing instead of repeating the rule's advice.
 */
export function findingColumns(lang: Language = 'en', currency: string | null = null): CsvColumn<Finding>[] {
  const labels = REPORT_LABELS[lang];
  const memo = new WeakMap<Finding, FindingText>();
  const text = (f: Finding) => {
    let t = memo.get(f);
    if (!t) memo.set(f, (t = findingText(lang, f, currency, labels.noCurrency)));
    return t;
  };
  const window = (t: FindingText) =>
    t.windowDays && t.figures.length ? `${labels.window(String(t.windowDays))}: ` : '';
  return [
    { header: 'rule_id', value: (f) => f.ruleId },
    { header: 'area', value: (f) => f.area },
    { header: 'severity', value: (f) => f.severity },
    { header: 'status', value: (f) => f.status },
    { header: 'area_name', value: (f) => labels.area[f.area] },
    { header: 'severity_name', value: (f) => labels.severity[f.severity] },
    { header: 'status_name', value: (f) => labels.status[f.status] },
    { header: 'title', value: (f) => text(f).title },
    { header: 'summary', value: (f) => text(f).summary },
    {
      header: 'evidence',
      value: (f) =>
        text(f)
          .items.map((i) => {
            const figures = i.figures.length ? ` — ${i.figures.join(' · ')}` : '';
            return `${i.name} (${i.id ? `${i.type} ${i.id}` : i.type})${figures}${i.note ? ` — ${i.note}` : ''}`;
          })
          .join('; '),
    },
    {
      header: 'figures',
      value: (f) => {
        const t = text(f);
        return t.figures.length ? window(t) + t.figures.join(' · ') : '';
      },
    },
    { header: 'recommendation', value: (f) => text(f).recommendation ?? labels.noActionNeeded },
    { header: 'window_days', value: (f) => text(f).windowDays },
    { header: 'currency', value: () => currency },
    { header: 'figures_json', value: (f) => JSON.stringify(f.evidence.figures) },
    { header: 'evidence_ids', value: (f) => f.evidence.items.map((i) => `${i.type}:${i.id}`).join(' ') },
    { header: 'figures_as_of', value: (f) => (f.figuresAsOf ? new Date(f.figuresAsOf).toISOString() : '') },
    // the strategist's decision on a failure (accepted / snoozed, not counted in the score) and the note
    { header: 'decision', value: (f) => (f.status === 'fail' && f.decision ? f.decision.state : '') },
    {
      header: 'decision_name',
      value: (f) => (f.status === 'fail' && f.decision ? labels.decision[f.decision.state] : ''),
    },
    { header: 'decision_by', value: (f) => (f.status === 'fail' && f.decision ? f.decision.by : '') },
    {
      header: 'decision_until',
      value: (f) => (f.status === 'fail' && f.decision?.until ? new Date(f.decision.until).toISOString() : ''),
    },
    { header: 'note', value: (f) => f.comment?.text ?? '' },
  ];
}

/** The English columns (kept for callers that write English findings). */
export const FINDING_COLUMNS: CsvColumn<Finding>[] = findingColumns('en');

/**
 * Whether the audit is of the latest sync, on every row (a CSV has no cover): `stale_since` for machines (ISO,
 * empty when fresh) and `stale` in words, the same sentence the screens and the PDF show, in the report language.
 */
export function staleColumns(stale: AuditStaleness | null | undefined, lang: Language = 'en'): CsvColumn<Finding>[] {
  const since = stale ? new Date(stale.since).toISOString() : '';
  const words = stale ? staleLine(lang, stale, `${since.slice(0, 16).replace('T', ' ')} UTC`) : '';
  return [
    { header: 'stale_since', value: () => since },
    { header: 'stale', value: () => words },
  ];
}

export function writeFindingsCsv(result: AuditResult, out: Writable, lang: Language = 'en'): Promise<{ rows: number }> {
  return writeCsv(result.findings, findingColumns(lang, result.currency), out);
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
