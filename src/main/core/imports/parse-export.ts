import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ImportKind } from '../../../shared/contract/imports';
import { AppError } from '../../../shared/errors';
import { chunker, type Chunk } from './chunks';
import { readCsv, UnterminatedQuoteError } from './csv';
import { columnsOf, CUSTOMER_COLUMNS, customerRow, ORDER_COLUMNS, orderReader, type RowProblem } from './shopify';

export type ParseSummary = {
  /** sha256 of the file's bytes: the import's identity */
  sha256: string;
  rows: number;
  accepted: number;
  problems: RowProblem[];
};

/**
 * Reads a Shopify export from disk as a stream (never whole), checks every row and hands each finished request
 * body to `onChunk` as soon as it is full, so memory holds one chunk and the sets of emails / order names seen.
 */
export async function parseExport(
  file: string,
  kind: ImportKind,
  opts: { now: number; onChunk: (c: Chunk) => void },
): Promise<ParseSummary> {
  const hash = createHash('sha256');
  const stream = createReadStream(file, { highWaterMark: 256 * 1024 });
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const b of stream) {
      hash.update(b as Buffer);
      yield b as Buffer;
    }
  }
  const out = chunker(kind === 'customers' ? 'profiles' : 'events');
  const problems: RowProblem[] = [];
  let rows = 0;
  let accepted = 0;
  let header: ReturnType<typeof columnsOf> | null = null;
  const tooLarge = (line: number) =>
    problems.push({ line, reason: 'row_too_large', severity: 'rejected', value: null, relatedLine: null });
  const seenEmails = new Map<string, number>();
  let orders: ReturnType<typeof orderReader> | null = null;
  const addOrder = (o: ReturnType<ReturnType<typeof orderReader>['end']>) => {
    if (!o) return;
    if (out.add(o.line, o)) accepted++;
    else tooLarge(o.line);
  };
  try {
    for await (const rec of readCsv(hashed())) {
      if (!header) {
        header = columnsOf(rec.fields);
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
        const r = customerRow(header, rec, seenEmails);
        problems.push(...r.problems);
        if (r.profile) {
          if (out.add(r.profile.line, r.profile)) accepted++;
          else tooLarge(r.profile.line);
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
  return { sha256: hash.digest('hex'), rows, accepted, problems };
}
