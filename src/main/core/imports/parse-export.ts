import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ImportField, ImportKind, ImportMapping, ImportSource } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/errors';
import { chunker, type Chunk } from './chunks';
import { readCsv, UnterminatedQuoteError } from './csv';
import { bareDay, detectExport, genericProfileRow, guessMapping, mappedOrderColumns, missingFields } from './generic';
import {
  columnsOf,
  CUSTOMER_COLUMNS,
  customerRow,
  ORDER_COLUMNS,
  orderReader,
  shopifyDate,
  type RowProblem,
} from './shopify';

export type ParseSummary = {
  /** sha256 of the file's bytes: the import's identity */
  sha256: string;
  rows: number;
  accepted: number;
  problems: RowProblem[];
  kind: ImportKind;
  source: ImportSource;
  /** what the header looked like, whatever was asked */
  detected: { kind: ImportKind; source: ImportSource };
  header: string[];
  /** a generic file's mapping as used (the one given, or the guess from the header) */
  mapping: ImportMapping;
  /** the first records as they are sent */
  sample: { line: number; record: Record<string, unknown> }[];
};

export type ParseOptions = {
  now: number;
  onChunk: (c: Chunk) => void;
  /** detected from the header when omitted */
  kind?: ImportKind;
  source?: ImportSource;
  mapping?: ImportMapping;
  /** how many records to keep as the sample (default 0) */
  sampleSize?: number;
};

/** A generic file whose mapping leaves out a field the import needs: nothing is read past the header. */
export function incompleteMapping(kind: ImportKind, mapping: ImportMapping, header: string[], missing: ImportField[]) {
  return new AppError(
    'validation',
    `The column mapping leaves out ${missing.map((f) => `"${f}"`).join(', ')}; the file's columns are ${header.map((h) => `"${h}"`).join(', ')}.`,
    { details: { field: 'mapping', kind, missingFields: missing, columns: header, mapping } },
  );
}

/**
 * Reads a Shopify export from disk as a stream (never whole), checks every row and hands each finished request
 * body to `onChunk` as soon as it is full, so memory holds one chunk and the sets of emails / order names seen.
 */
export async function parseExport(file: string, opts: ParseOptions): Promise<ParseSummary> {
  const hash = createHash('sha256');
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const b of stream) {
      hash.update(b as Buffer);
      yield b as Buffer;
    }
  }
  let kind: ImportKind = opts.kind ?? 'customers';
  let source: ImportSource = opts.source ?? 'shopify';
  let detected = { kind, source };
  let mapping: ImportMapping = {};
  let headerNames: string[] = [];
  let out = chunker(kind === 'customers' ? 'profiles' : 'events');
  const sample: ParseSummary['sample'] = [];
  const keep = (line: number, record: Record<string, unknown>) => {
    if (sample.length < (opts.sampleSize ?? 0)) sample.push({ line, record });
  };
  const problems: RowProblem[] = [];
  let rows = 0;
  let accepted = 0;
  let header: ReturnType<typeof columnsOf> | null = null;
  const tooLarge = (line: number) =>
    problems.push({ line, reason: 'row_too_large', severity: 'rejected', value: null, relatedLine: null });
  const seenEmails = new Map<string, number>();
  const seenExternalIds = new Map<string, number>();
  let orders: ReturnType<typeof orderReader> | null = null;
  const addOrder = (o: ReturnType<ReturnType<typeof orderReader>['end']>) => {
    if (!o) return;
    if (out.add(o.line, o)) {
      accepted++;
      keep(o.line, { email: o.email, ...o.event });
    } else tooLarge(o.line);
  };
  try {
    for await (const rec of readCsv(hashed())) {
      if (!header) {
        headerNames = rec.fields.map((f) => f.trim());
        header = columnsOf(rec.fields);
        detected = detectExport(headerNames);
        kind = opts.kind ?? detected.kind;
        source = opts.source ?? (opts.kind && opts.kind !== detected.kind ? 'generic' : detected.source);
        out = chunker(kind === 'customers' ? 'profiles' : 'events');
        if (source === 'generic') {
          mapping = opts.mapping ?? guessMapping(kind, headerNames);
          const missing = missingFields(kind, mapping, headerNames);
          if (missing.length) throw incompleteMapping(kind, mapping, headerNames, missing);
          if (kind === 'orders')
            orders = orderReader(mappedOrderColumns(mapping, headerNames), opts.now, {
              source: 'CSV import',
              date: (raw) => shopifyDate(raw) ?? bareDay(raw),
            });
          continue;
        }
        const missing = (kind === 'customers' ? CUSTOMER_COLUMNS : ORDER_COLUMNS).filter((c) => !header!.has(c));
        if (missing.length)
          throw new AppError(
            'validation',
            `This is not a Shopify ${kind} export: the column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing.`,
            { details: { field: 'file', missingColumns: missing, kind } },
          );
        if (kind === 'orders') orders = orderReader(header, opts.now);
        continue;
      }
      rows++;
      if (kind === 'customers') {
        const r =
          source === 'generic'
            ? genericProfileRow(mapping, headerNames, rec, { emails: seenEmails, externalIds: seenExternalIds })
            : customerRow(header, rec, seenEmails);
        problems.push(...r.problems);
        if (r.profile) {
          if (out.add(r.profile.line, r.profile)) {
            accepted++;
            keep(r.profile.line, r.profile.attributes);
          } else tooLarge(r.profile.line);
        }
      } else {
        const r = orders!.row(rec);
        problems.push(...r.problems);
        addOrder(r.done);
      }
      for (const c of out.take()) opts.onChunk(c);
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw new AppError('not_found', `The file ${file} cannot be read (${code}).`, {
        details: { field: 'file', code },
      });
    if (!(err instanceof UnterminatedQuoteError)) throw err;
    problems.push({
      line: err.line,
      reason: 'unterminated_quote',
      severity: 'rejected',
      value: null,
      relatedLine: null,
    });
  } finally {
    stream.destroy();
  }
  if (!header)
    throw new AppError('validation', 'The file is empty: there is not even a header row.', {
      details: { field: 'file' },
    });
  if (orders) addOrder(orders.end());
  for (const c of out.end()) opts.onChunk(c);
  problems.sort((a, b) => a.line - b.line);
  const sha256 = hash.digest('hex');
  return { sha256, rows, accepted, problems, kind, source, detected, header: headerNames, mapping, sample };
}
