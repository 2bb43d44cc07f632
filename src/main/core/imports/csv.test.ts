import { describe, expect, it } from 'vitest';
import { readCsv, UnterminatedQuoteError, type CsvRecord } from './csv';

async function* pieces(text: string, at: number[]): AsyncGenerator<Buffer> {
  const bytes = Buffer.from(text, 'utf8');
  let from = 0;
  for (const to of [...at, bytes.length]) {
    yield bytes.subarray(from, to);
    from = to;
  }
}

async function read(text: string, at: number[] = []): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  for await (const r of readCsv(pieces(text, at))) out.push(r);
  return out;
}

const SAMPLE =
  '\uFEFFName,Note,Total\r\n' +
  '#1,"Kraków, ""best"" shop",10.00\r\n' +
  '\r\n' +
  '#2,"two\nlines\r\nhere",\r\n' +
  '#3,plain "quote" inside,"" \r\n' +
  '#4,"closed"then,x\n' +
  ',,\n' +
  '#5,żółć,last';

const EXPECTED: CsvRecord[] = [
  { line: 1, fields: ['Name', 'Note', 'Total'] },
  { line: 2, fields: ['#1', 'Kraków, "best" shop', '10.00'] },
  { line: 4, fields: ['#2', 'two\nlines\r\nhere', ''] },
  { line: 7, fields: ['#3', 'plain "quote" inside', ' '] },
  { line: 8, fields: ['#4', 'closedthen', 'x'] },
  { line: 9, fields: ['', '', ''] },
  { line: 10, fields: ['#5', 'żółć', 'last'] },
];

describe('readCsv', () => {
  it('reads quoted commas, doubled quotes, line breaks inside quotes, CRLF, a BOM, blank lines and a last line without a newline', async () => {
    expect(await read(SAMPLE)).toEqual(EXPECTED);
  });

  it('reads the same records whatever the chunks are cut at (inside quotes, between CR and LF, inside a UTF-8 character)', async () => {
    const size = Buffer.byteLength(SAMPLE);
    for (let cut = 1; cut < size; cut++) expect(await read(SAMPLE, [cut])).toEqual(EXPECTED);
    expect(
      await read(
        SAMPLE,
        Array.from({ length: size - 1 }, (_, i) => i + 1),
      ),
    ).toEqual(EXPECTED);
  });

  it('names the line a quote opened on and never closed, after the records before it', async () => {
    const text = 'a,b\n1,2\n3,"open\nstill open\n';
    for (const at of [[], [10], [4, 9, 12]]) {
      const got: CsvRecord[] = [];
      const err = await (async () => {
        for await (const r of readCsv(pieces(text, at))) got.push(r);
      })().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnterminatedQuoteError);
      expect((err as UnterminatedQuoteError).line).toBe(3);
      expect(got.map((r) => r.line)).toEqual([1, 2]);
    }
  });

  it('ends a quoted field closed by the file’s last character, and keeps a trailing empty field', async () => {
    expect(await read('a,"b"')).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(await read('a,"b"', [4])).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(await read('a,b,')).toEqual([{ line: 1, fields: ['a', 'b', ''] }]);
  });
});
