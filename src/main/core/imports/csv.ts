import { StringDecoder } from 'node:string_decoder';

/** One record of a CSV file: its fields, and the line of the file it starts on (the header is line 1). */
export type CsvRecord = { line: number; fields: string[] };

export class UnterminatedQuoteError extends Error {
  constructor(readonly line: number) {
    super(`A quoted field opened on line ${line} is never closed.`);
  }
}

/**
 * Reads RFC 4180 CSV from a stream of chunks without holding the file: quoted fields may hold commas, doubled
 * quotes and line breaks (so a record's line is where it starts, not its index), lines end in LF or CRLF, a UTF-8
 * byte-order mark is skipped, blank lines are skipped. A quote opened and never closed is an error naming the line.
 */
export async function* readCsv(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<CsvRecord> {
  const decoder = new StringDecoder('utf8');
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  /** inside quotes, the previous character was a quote (either the closing one or the first of a pair) */
  let quoteSeen = false;
  let line = 1;
  let start = 1;
  let first = true;
  let empty = true;
  const out: CsvRecord[] = [];

  const endField = () => {
    fields.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: start, fields });
    fields = [];
    empty = true;
  };

  const feed = (text: string) => {
    let i = 0;
    if (first && text.length) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (empty) {
        start = line;
        empty = false;
      }
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c === '"') {
            field += '"';
            continue;
          }
          quoted = false; // the quote closed the field; this character is read as outside quotes
        } else if (c === '"') {
          quoteSeen = true;
          continue;
        } else {
          if (c === '\n') line++;
          field += c;
          continue;
        }
      }
      if (c === '"' && field === '') quoted = true;
      else if (c === ',') endField();
      else if (c === '\n') {
        if (field.endsWith('\r')) field = field.slice(0, -1);
        endRecord();
        line++;
      } else field += c;
    }
  };

  for await (const chunk of chunks) {
    feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (out.length) yield* out.splice(0);
  }
  feed(decoder.end());
  if (quoted && !quoteSeen) throw new UnterminatedQuoteError(start);
  if (!empty) {
    if (field.endsWith('\r')) field = field.slice(0, -1);
    endRecord();
  }
  yield* out.splice(0);
}
