import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { evaluateAudit } from '../audit/evaluate';
import { baseFixture } from '../audit/fixtures/accounts';
import { inputFromFixture } from '../audit/fixtures/to-input';
import { writeCsv, writeFindingsCsv, writeInventoryCsv, type InventoryCsvRow } from './csv';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'csv-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const row = (i: number, name: string): InventoryCsvRow => ({
  type: 'flows',
  id: `F${i}`,
  name,
  status: 'live',
  channel: null,
  triggerType: 'Metric',
  archived: false,
  createdAt: '2025-01-01T00:00:00+00:00',
  updatedAt: '2025-01-02T00:00:00+00:00',
  versionHash: `h${i}`,
  extra: {},
  attributesJson: JSON.stringify({ name }),
});

describe('CSV export', () => {
  it('turns formula-looking names into text (CSV injection) and keeps Unicode, with a UTF-8 BOM', async () => {
    const file = path.join(dir, 'inv.csv');
    const names = ['=HYPERLINK("http://x","y")', '+1-2', '-2+3', '@SUM(A1)', 'Zażółć gęślą jaźń 🛒', '\uFF1D1+1'];
    await writeInventoryCsv(
      names.map((n, i) => row(i, n)),
      createWriteStream(file),
    );
    const buf = readFileSync(file);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = buf.toString('utf8');
    const records = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.name)).toEqual([
      `'=HYPERLINK("http://x","y")`,
      `'+1-2`,
      `'-2+3`,
      `'@SUM(A1)`,
      'Zażółć gęślą jaźń 🛒',
      `'\uFF1D1+1`,
    ]);
    // no cell may start with a formula trigger
    for (const r of records) for (const v of Object.values(r)) expect(v).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes the findings of an audit, one row per rule', async () => {
    const result = evaluateAudit(inputFromFixture(baseFixture(Date.parse('2026-11-20T12:00:00Z'))));
    const file = path.join(dir, 'findings.csv');
    const { rows } = await writeFindingsCsv(result, createWriteStream(file));
    const records = parse(readFileSync(file, 'utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(rows).toBe(result.findings.length);
    expect(records.map((r) => r.rule_id)).toEqual(result.findings.map((f) => f.ruleId));
    expect(records[0]!.recommendation!.length).toBeGreaterThan(10);
  });

  it('streams 100,000 rows through a Writable with backpressure, never holding the file', async () => {
    let bytes = 0;
    let chunks = 0;
    let maxChunk = 0;
    let produced = 0;
    let maxAhead = 0;
    let written = 0;
    const sink = new Writable({
      highWaterMark: 16 * 1024,
      write(chunk: Buffer, _enc, cb) {
        bytes += chunk.length;
        chunks++;
        maxChunk = Math.max(maxChunk, chunk.length);
        written += chunk.toString('utf8').split('\n').length - 1; // rows that reached the sink
        setImmediate(cb); // a slow disk: the producer must wait for it
      },
    });
    function* rows() {
      for (let i = 0; i < 100_000; i++) {
        produced++;
        maxAhead = Math.max(maxAhead, produced - written);
        yield row(i, `Flow ${i} – Zażółć`);
      }
    }
    const { rows: n } = await writeCsv(rows(), [{ header: 'name', value: (r: InventoryCsvRow) => r.name }], sink);
    expect(n).toBe(100_000);
    expect(chunks).toBeGreaterThan(1000); // many small writes, not one big buffer
    expect(maxChunk).toBeLessThan(64 * 1024);
    expect(bytes).toBeGreaterThan(2_000_000);
    // the generator never ran far ahead of the sink: rows are pulled as the sink drains
    expect(maxAhead).toBeLessThan(5_000);
  });
});
