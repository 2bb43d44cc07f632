import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startSimulator } from '../../sim';
import type { Simulator } from '../../sim/types';
import { baseFixture, IDS } from '../../main/core/audit/fixtures/accounts';
import { budgetDay } from '../../main/core/performance/ledger';
import { runCli } from '../test-helpers';

const cli = runCli;

describe('CLI audit and report verbs (child processes against the simulator)', () => {
  let sim: Simulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let syncDay = '';
  beforeAll(async () => {
    const fx = baseFixture(Date.now());
    // names a spreadsheet would run as formulas, and Polish text with emoji
    fx.resources.find((r) => r.id === IDS.flows.cart)!.attributes.name = '=HYPERLINK("http://x","y")';
    fx.resources.find((r) => r.id === IDS.flows.browse)!.attributes.name = '+1-2';
    fx.resources.find((r) => r.id === IDS.flows.post)!.attributes.name = 'Zażółć gęślą jaźń 🎉';
    sim = await startSimulator({
      timeScale: 500,
      accounts: [{ id: IDS.account, name: 'Sklep Zażółć', fixture: { id: IDS.account, resources: fx.resources } }],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-audit-'));
    env = { ...process.env, AUDIT_DESK_DATA_DIR: dir, AUDIT_DESK_LOG_LEVEL: 'warn', KLAVIYO_API_KEY: sim.keys.full! };
    const add = await cli(
      ['workspace', 'add', '--name', 'Sklep', '--base-url', sim.baseUrl, '--time-scale', '500'],
      env,
    );
    expect(add.code, add.stderr).toBe(0);
    syncDay = budgetDay(Date.now(), 500);
    const sync = await cli(['sync', '--workspace', 'Sklep'], env);
    expect(sync.code, sync.stderr).toBe(0);
  }, 90_000);
  afterAll(async () => {
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('audit --json evaluates every rule, spends reporting calls from the budget and never prints the key', async () => {
    const r = await cli(['audit', '--workspace', 'Sklep', '--json'], env);
    // at time scale 500 the budget's day is 173 s long: the sync's spending counts only if no day began since
    const sameDay = budgetDay(Date.now(), 500) === syncDay;
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(sim.keys.full!);
    const out = JSON.parse(r.stdout);
    expect(out.findings).toHaveLength(46);
    // the CLI sync in beforeAll ran the post-sync pipeline (figures, then audit), which spent the 7 calls; the
    // figures are fresh, so this audit spends none and the day's budget shows those 7 spent
    expect(out.refresh.spent).toBe(0);
    expect(out.refresh.budgetLeft).toBe(sameDay ? 225 - 7 : 225);
    expect(out.findings.find((f: { ruleId: string }) => f.ruleId === 'F1').status).toBe('pass');
    // D1/D2 have no manual answers yet: unknown, never a pass
    expect(out.findings.find((f: { ruleId: string }) => f.ruleId === 'D1').status).toBe('unknown');
    const human = await cli(['audit', '--workspace', 'Sklep', '--offline'], env);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/score \d+\/100/);
  });

  it('report writes findings CSV, inventory CSV with formulas defused, and the PDF', async () => {
    const csv = path.join(dir, 'findings.csv');
    const a = await cli(['report', '--workspace', 'Sklep', '--format', 'csv', '--out', csv], env);
    expect(a.code, a.stderr).toBe(0);
    const findings = parse(fs.readFileSync(csv, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as {
      rule_id: string;
    }[];
    expect(findings).toHaveLength(46);

    const inv = path.join(dir, 'flows.csv');
    const b = await cli(['report', '--workspace', 'Sklep', '--format', 'csv', '--type', 'flows', '--out', inv], env);
    expect(b.code, b.stderr).toBe(0);
    const buf = fs.readFileSync(inv);
    expect([...buf.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const names = (parse(buf.toString('utf8').slice(1), { columns: true }) as { name: string }[]).map((r) => r.name);
    expect(names).toContain(`'=HYPERLINK("http://x","y")`);
    expect(names).toContain(`'+1-2`);
    expect(names).toContain('Zażółć gęślą jaźń 🎉');

    const pdf = path.join(dir, 'audit.pdf');
    const c = await cli(['report', '--workspace', 'Sklep', '--format', 'pdf', '--out', pdf, '--json'], env);
    expect(c.code, c.stderr).toBe(0);
    const pages = JSON.parse(c.stdout).pages;
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(new RegExp(`Pages:\\s+${pages}\\b`));
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('Sklep');
    expect(text).toContain('Zażółć gęślą jaźń');
    expect(text).toContain('Executive summary');
  });

  it('report --lang pl writes the PDF in Polish; a language the reports do not have is refused', async () => {
    const pl = path.join(dir, 'audit-pl.pdf');
    const d = await cli(['report', '--workspace', 'Sklep', '--format', 'pdf', '--lang', 'pl', '--out', pl], env);
    expect(d.code, d.stderr).toBe(0);
    const plText = execFileSync('pdftotext', [pl, '-'], { encoding: 'utf8' });
    expect(plText).toContain('Podsumowanie');
    expect(plText).toMatch(/Strona 1 z \d+/);
    expect(plText).not.toContain('Executive summary');
    const de = await cli(['report', '--workspace', 'Sklep', '--format', 'pdf', '--lang', 'de', '--out', pl], env);
    expect(de.code).not.toBe(0);
    expect(de.stderr).toMatch(/--lang must be one of en, pl/);
  });

  it('refuses bad input with the error envelope and leaves no file behind', async () => {
    const out = path.join(dir, 'x.xls');
    const r = await cli(['report', '--workspace', 'Sklep', '--format', 'xls', '--out', out], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/csv or pdf/);
    expect(fs.existsSync(out)).toBe(false);
    const missing = await cli(['audit', '--workspace', 'Nope'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/No workspace/);
  });
});
