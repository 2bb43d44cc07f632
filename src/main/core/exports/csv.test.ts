import { mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { evaluateAudit } from '../audit/evaluate';
import { baseFixture } from '../audit/fixtures/accounts';
import { inputFromFixture } from '../audit/fixtures/to-input';
import { RULES } from '../audit/rules';
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

  it('writes the findings in Polish, machine-readable columns beside the worded ones, no key in the words', async () => {
    const fx = baseFixture(Date.parse('2026-11-20T12:00:00Z'));
    const result = { ...evaluateAudit(inputFromFixture(fx)), currency: 'PLN' };
    const file = path.join(dir, 'findings-pl.csv');
    await writeFindingsCsv(result, createWriteStream(file), 'pl');
    const records = parse(readFileSync(file, 'utf8').slice(1), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => r.rule_id)).toEqual(result.findings.map((f) => f.ruleId));
    const f12 = records.find((r) => r.rule_id === 'F12')!;
    // machine columns: codes and the figures as JSON, the same in every language
    expect(f12.area).toBe('flows');
    expect(['pass', 'fail', 'unknown']).toContain(f12.status);
    const f12Finding = result.findings.find((f) => f.ruleId === 'F12')!;
    expect(JSON.parse(f12.figures_json!)).toEqual(f12Finding.evidence.figures);
    expect(f12.currency).toBe('PLN');
    // worded columns: Polish words from the screens' tables, revenue in złoty with its window
    expect(f12.area_name).toBe('Flow');
    const a2 = records.find((r) => r.rule_id === 'A2')!;
    expect(a2.status).toBe('pass');
    expect(a2.status_name).toBe('OK');
    expect(a2.figures).toBe('Konto testowe: Nie');
    // a passing check is not told to fix what it passes
    expect(a2.recommendation).toBe('Nic do zrobienia: ta kontrola wypada dobrze.');
    const worded = records.flatMap((r) => [r.title, r.summary, r.evidence, r.figures, r.recommendation]).join('\n');
    const keys = [...new Set(RULES.flatMap((r) => r.evidence.figures))].filter((k) => /[A-Z0-9]/.test(k));
    expect(keys.filter((k) => new RegExp(`\\b${k}\\b`).test(worded))).toEqual([]);
    expect(worded).not.toMatch(/\b(true|false)\b/);
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
