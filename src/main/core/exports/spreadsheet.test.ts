import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { Desk } from '../compose';
import { addWorkspace, stagedItem, syncItems } from '../store/test-helpers';
import { testDesk } from '../test-desk';

const hasSoffice = spawnSync('sh', ['-c', 'command -v soffice']).status === 0;
if (!hasSoffice)
  console.warn('spreadsheet.test: soffice (LibreOffice Calc) is not installed; the real-engine check is skipped');

/** Names a spreadsheet could run as formulas: starters behind controls, every kind of space, full-width forms. */
const HOSTILE = [
  '\u0000=HYPERLINK("http://x","y")',
  '=HYPERLINK("http://x","y")',
  '\t=1+1',
  ' =1+1',
  '   +1+1',
  '\u3000=1+1',
  '\u00A0=1+1',
  '\u2003-1+1',
  '\u200B=1+1',
  '\uFEFF=1+1',
  '\uFF1D1+1',
  '\uFF0B1+1',
  '\r-2+3',
  '\n=1+1',
  '@SUM(A1)',
  '-2+3',
  '+1-2',
  '\u0001\u0002=1+1',
  '\u202E=1+1',
  "=cmd|' /C calc'!A0",
];

/** CSV import options: separator, quote, UTF-8, from line 1 — and then "trim spaces" and "evaluate formulas" on. */
const FILTERS = {
  default: 'CSV:44,34,76,1',
  trimmed: 'CSV:44,34,76,1,,0,false,true,false,false,true,0,true',
};

/** Converts the CSVs to flat ODS with LibreOffice headless; returns the number of formula cells per file. */
function formulasIn(files: string[], filter: string, outDir: string): Record<string, number> {
  fs.mkdirSync(outDir, { recursive: true });
  const profile = path.join(outDir, 'profile');
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${profile}`,
      '--headless',
      `--infilter=${filter}`,
      '--convert-to',
      'fods',
      '--outdir',
      outDir,
      ...files,
    ],
    { stdio: 'pipe', timeout: 180_000 },
  );
  return Object.fromEntries(
    files.map((f) => {
      const xml = fs.readFileSync(path.join(outDir, path.basename(f).replace(/\.csv$/, '.fods')), 'utf8');
      expect(xml).toContain('<table:table-cell'); // the sheet was read, not an empty conversion
      return [path.basename(f), (xml.match(/table:formula=/g) ?? []).length];
    }),
  );
}

describe.skipIf(!hasSoffice)('exports opened by a real spreadsheet engine (LibreOffice Calc)', () => {
  let dir: string;
  let desk: Desk;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spreadsheet-'));
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    desk = testDesk({
      dataDir: dir,
      exportTarget: { choose: async (name) => ({ file: path.join(out, name), downloadId: null }) },
    });
    addWorkspace(desk.core.store, 'hostile');
    await syncItems(desk.core.store, 'hostile', [
      ...HOSTILE.map((name, i) => stagedItem(`L${i}`, { resourceType: 'lists', name })),
      // flows with hostile names and statuses reach the findings' evidence and the findings CSV
      ...HOSTILE.map((name, i) =>
        stagedItem(`F${i}`, { resourceType: 'flows', name, status: i % 2 ? 'live' : '=1+1' }),
      ),
    ]);
  });

  afterAll(async () => {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds no formula in the inventory and findings CSVs of a hostile account; the old escaping armed some', async () => {
    const exported: string[] = [];
    for (const input of [
      { workspaceId: 'hostile', format: 'csv', kind: 'inventory', inventoryType: 'lists' },
      { workspaceId: 'hostile', format: 'csv', kind: 'inventory', inventoryType: 'flows' },
      { workspaceId: 'hostile', format: 'csv', kind: 'findings' },
    ]) {
      const r = await desk.service.call('report:export', input);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      const file = (r as { data: { savedTo: string } }).data.savedTo;
      const named = path.join(dir, `${exported.length}-${input.kind}-${input.inventoryType ?? 'audit'}.csv`);
      fs.copyFileSync(file, named);
      exported.push(named);
    }
    // the same names written with csv-stringify's own escape_formulas (first character only): the control that
    // shows the engine and this check do see formulas
    const control = path.join(dir, 'control.csv');
    fs.writeFileSync(control, stringify([['name'], ...HOSTILE.map((n) => [n])], { bom: true, escape_formulas: true }));

    for (const [name, filter] of Object.entries(FILTERS)) {
      const t = performance.now();
      const counts = formulasIn([...exported, control], filter, path.join(dir, `lo-${name}`));
      console.log(
        `LibreOffice (${name}): ${exported.length + 1} CSVs converted in ${Math.round(performance.now() - t)} ms`,
        counts,
      );
      for (const f of exported) expect(counts[path.basename(f)], `${name}: ${path.basename(f)}`).toBe(0);
      if (name === 'trimmed') expect(counts['control.csv']).toBeGreaterThan(0);
    }
  }, 400_000);
});
