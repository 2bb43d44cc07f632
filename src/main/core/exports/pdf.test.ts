import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluateAudit } from '../audit/evaluate';
import { baseFixture } from '../audit/fixtures/accounts';
import { RULE_CASES } from '../audit/fixtures/cases';
import { inputFromFixture } from '../audit/fixtures/to-input';
import type { AuditResult, Finding } from '../audit/types';
import { chartsFromInput, oldestFigures } from '../audit';
import { writeAuditPdf } from './pdf';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const ARTIFACTS = path.resolve('test-artifacts/pdf');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pdf-'));
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pdftotext = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const pages = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

function failingAudit(): { result: AuditResult; input: ReturnType<typeof inputFromFixture> } {
  const fx = baseFixture(NOW);
  for (const id of ['F1', 'F4', 'F13', 'C2', 'M1', 'L3', 'FM2']) RULE_CASES[id]!.fail.mutate?.(fx);
  // a flow with a Polish name and emoji, so evidence carries them
  const welcome = fx.resources.find((r) => r.id === 'FWEL01')!;
  welcome.attributes.name = 'Powitanie 🎉 Zażółć gęślą jaźń 👩‍👩‍👧';
  const input = inputFromFixture(fx);
  return { result: evaluateAudit(input), input };
}

async function render(name: string, result: AuditResult, extra: Partial<Parameters<typeof writeAuditPdf>[0]> = {}) {
  const file = path.join(dir, `${name}.pdf`);
  const out = await writeAuditPdf(
    { clientName: 'Sklep Zażółć gęślą jaźń 🛍️', generatedAt: NOW, result, ...extra },
    createWriteStream(file),
  );
  return { file, pages: out.pages };
}

describe('PDF report', () => {
  it('has the cover, score summary, charts and findings with Unicode text, and page numbers', async () => {
    const { result, input } = failingAudit();
    const { file, pages: n } = await render('audit', result, {
      charts: chartsFromInput(input),
      figuresAsOf: oldestFigures(input),
    });
    expect(pages(file)).toBe(n);
    const text = pdftotext(file);
    expect(text).toContain('Sklep Zażółć gęślą jaźń');
    expect(text).toContain('Powitanie');
    expect(text).toContain('Zażółć gęślą jaźń');
    expect(text).toContain('KLAVIYO ACCOUNT AUDIT');
    expect(text).toContain('Score by area');
    expect(text).toContain('Trigger-metric events per day');
    expect(text).toContain(`Page 1 of ${n}`);
    expect(text).toContain(`Page ${n} of ${n}`);
    for (const f of result.findings) expect(text).toContain(f.ruleId);
    expect(text).toContain('Recommendation:');
    expect(text).toContain('Performance figures as of');
    // the emoji the font cannot draw degrade to a box, never a crash or mojibake
    expect(text).not.toMatch(/\uFFFD/);
    // render every page for a visual check
    for (const f of readdirSync(ARTIFACTS)) if (f.startsWith('audit-')) rmSync(path.join(ARTIFACTS, f));
    execFileSync('pdftoppm', ['-png', '-r', '50', file, path.join(ARTIFACTS, 'audit')]);
    const pngs = readdirSync(ARTIFACTS).filter((f) => f.startsWith('audit-') && f.endsWith('.png'));
    expect(pngs.length).toBe(n);
    for (const p of pngs) expect(statSync(path.join(ARTIFACTS, p)).size).toBeGreaterThan(1000);
  });

  it('breaks 300 findings over pages sensibly', async () => {
    const { result } = failingAudit();
    const findings: Finding[] = [];
    for (let i = 0; i < 300; i++) {
      const f = structuredClone(result.findings[i % result.findings.length]!);
      f.ruleId = `${f.ruleId}#${i}`;
      f.evidence.items = f.evidence.items.concat(
        Array.from({ length: i % 5 }, (_, k) => ({
          type: 'flow',
          id: `X${i}-${k}`,
          name: `Przepływ ${i}.${k} ✨ żółć`,
          figures: { recipients: 1000 + k },
        })),
      );
      findings.push(f);
    }
    const big = { ...result, findings };
    const { file, pages: n } = await render('audit300', big);
    expect(pages(file)).toBe(n);
    // about 6–12 findings per page: neither one per page nor crammed
    expect(n).toBeGreaterThan(20);
    expect(n).toBeLessThan(80);
    const text = pdftotext(file);
    for (const i of [0, 150, 299]) expect(text).toContain(`#${i}`);
    // no page is empty except for its footer
    const perPage = text.split('\f').filter((p) => p.trim().length);
    expect(perPage.length).toBe(n);
    for (const p of perPage) expect(p.replace(/Page \d+ of \d+/, '').trim().length).toBeGreaterThan(40);
    execFileSync('pdftoppm', ['-png', '-r', '40', '-f', '5', '-l', '6', file, path.join(ARTIFACTS, 'audit300')]);
  });
});

describe('dashboard chart data', () => {
  it('names flows and campaigns, sorts by revenue and carries the figures’ age', async () => {
    const { dashboardCharts } = await import('../audit');
    const input = inputFromFixture(baseFixture(NOW));
    const c = dashboardCharts(input);
    expect(c.flowRevenue?.map((b) => b.label)).toContain('Welcome Series');
    const values = c.flowRevenue!.map((b) => b.value);
    expect([...values].sort((a, b) => b - a)).toEqual(values);
    expect(c.metricVolume?.series.map((s) => s.label)).toContain('Placed Order');
    expect(c.asOf.flows).toBe(NOW);
  });

  it('says which currency the revenue is in: the account’s, and none when the code is not one', async () => {
    const { dashboardCharts } = await import('../audit');
    const input = inputFromFixture(baseFixture(NOW));
    expect(dashboardCharts(input).currency).toBe('USD');
    const withCurrency = (code: unknown) => ({
      ...input,
      account: { ...input.account!, attributes: { ...input.account!.attributes, preferred_currency: code } },
    });
    expect(dashboardCharts(withCurrency('pln')).currency).toBe('PLN');
    expect(dashboardCharts(withCurrency('złoty')).currency).toBeNull();
    expect(dashboardCharts(withCurrency(null)).currency).toBeNull();
    expect(dashboardCharts({ ...input, account: null }).currency).toBeNull();
  });
});
