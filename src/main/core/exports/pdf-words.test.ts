// The PDF is for the client: every word in the report language, no internal key, figures with their unit, window
// and currency, the agency's branding and the executive summary. The keys checked are the ones the rules declare
// as their evidence (rule-evidence.ts), so a figure a rule starts to record is checked without touching this test.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { allFixtureCases, evaluateCase } from '../audit/fixtures/summary-cases';
import { RULES } from '../audit/rules';
import type { AuditResult, Finding } from '../audit/types';
import { writeAuditPdf, type PdfReportInput } from './pdf';
import { pointsLost } from './summary';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const ARTIFACTS = path.resolve('test-artifacts/pdf');
beforeAll(() => mkdirSync(ARTIFACTS, { recursive: true }));

/** every figure key the rules declare as evidence */
const evidenceKeys = [...new Set(RULES.flatMap((r) => r.evidence.figures))];

/**
 * One audit holding, from every fixture case, each finding that records a figure (of its rule) or a sentence not
 * seen yet: every declared key, and every outcome's words, reach the PDF.
 */
function everyFigureAudit(): AuditResult {
  const base = evaluateCase({});
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const [, c] of allFixtureCases())
    for (const f of evaluateCase(c).findings) {
      const keys = [
        `msg:${f.message.key}`,
        ...Object.keys(f.evidence.figures).map((k) => `${f.ruleId}.${k}`),
        ...f.evidence.items.flatMap((i) => Object.keys(i.figures).map((k) => `${f.ruleId}.${k}`)),
      ];
      if (keys.some((k) => !seen.has(k))) {
        keys.forEach((k) => seen.add(k));
        findings.push(f);
      }
    }
  return { ...base, findings };
}

const branding: NonNullable<PdfReportInput['branding']> = {
  agencyName: 'Agencja Północ',
  preparedBy: 'Anna Kowalska',
  accentColor: '#0b7285',
  logo: {
    mimeType: 'image/svg+xml',
    data: new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 40"><rect width="40" height="40" rx="8" fill="#0b7285"/><circle cx="20" cy="20" r="10" fill="#fff"/><path d="M50 10h60v8H50zM50 24h40v6H50z" fill="#343a40"/></svg>',
    ),
  },
};

async function render(name: string, result: AuditResult, lang: 'en' | 'pl') {
  // kept beside the page images, so a failure can be read
  const file = path.join(ARTIFACTS, `${name}.pdf`);
  const summary = {
    previous: { score: result.score - 7, evaluatedAt: NOW - 7 * 86_400_000 },
    topActions: pointsLost(result).slice(0, 5),
    changes: {
      from: NOW - 86_400_000,
      to: NOW,
      counts: { added: 1, removed: 0, modified: 1 },
      total: 2,
      items: [
        {
          type: 'flows',
          name: 'Welcome Series',
          kind: 'modified' as const,
          summary: [{ key: 'status' as const, params: { name: 'Welcome Series', from: 'draft', to: 'live' } }],
        },
      ],
      incomplete: [],
    },
  };
  await writeAuditPdf(
    { clientName: 'Sklep Zażółć', generatedAt: NOW, result, lang, branding, summary },
    createWriteStream(file),
  );
  return { file, text: execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }) };
}

/**
 * Where a key shows in text. A key that is no word of any language (camelCase or with digits: `recipients30d`,
 * `testAccount`) must not appear at all. A key that is also an ordinary word (`status`, `campaigns`, `before`) is
 * legitimately part of sentences ("ma status Draft", "Send campaigns to…"), so it must not appear as a key: with a
 * colon or equals sign before a value, or right before a number or true/false/null, as the old evidence lines had
 * it ("status: draft", "before 2000", "testAccount: false"). Case-sensitive: the worded labels start upper-case.
 */
const word = (k: string) => `(?<![\\p{L}\\d_])${k}(?![\\p{L}\\d_])`;
const isIdentifier = (k: string) => /[A-Z0-9]/.test(k);
const keyPattern = (k: string) =>
  new RegExp(isIdentifier(k) ? word(k) : `${word(k)}(\\s*[:=]\\s*\\S|\\s+(-?\\d|true\\b|false\\b|null\\b))`, 'u');

describe('PDF in the report language, for a client', () => {
  const result = everyFigureAudit();

  it('the audit under test records every declared evidence key', () => {
    const recorded = new Set(
      result.findings.flatMap((f) => [
        ...Object.keys(f.evidence.figures),
        ...f.evidence.items.flatMap((i) => Object.keys(i.figures)),
      ]),
    );
    expect(evidenceKeys.length).toBeGreaterThan(60);
    expect(evidenceKeys.filter((k) => !recorded.has(k))).toEqual([]);
  });

  it('English: no internal key, branding, summary page, dollar amounts with their window', async () => {
    const { text } = await render('words-en', { ...result, currency: 'USD' }, 'en');
    const leaks = evidenceKeys.filter((k) => keyPattern(k).test(text));
    expect(leaks).toEqual([]);
    for (const s of ['Agencja Północ', 'Prepared by Anna Kowalska', 'Executive summary', 'Top five actions by impact'])
      expect(text).toContain(s);
    expect(text).toMatch(/Up 7 points since the previous audit/);
    expect(text).toContain('What changed since the previous sync');
    expect(text).toContain('Welcome Series: draft → live');
    expect(text).toMatch(/Revenue, 30 days: \$\d/);
    expect(text).toMatch(/last 90 days: .*Delivered: [\d,]+/);
    expect(text).not.toMatch(/\b(true|false)\b/);
  });

  it('Polish: no internal key and no English report words, branding, summary, złoty amounts', async () => {
    const { text } = await render('words-pl', { ...result, currency: 'PLN' }, 'pl');
    const leaks = evidenceKeys.filter((k) => keyPattern(k).test(text));
    expect(leaks).toEqual([]);
    for (const s of ['Agencja Północ', 'Przygotował(a): Anna Kowalska', 'Podsumowanie', 'Pięć najważniejszych działań'])
      expect(text).toContain(s);
    expect(text).toMatch(/Wzrost o 7 pkt od poprzedniego audytu/);
    expect(text).toMatch(/Przychód, 30 dni: [\d\s,]+zł/);
    expect(text).toContain('Zalecenie:');
    for (const english of [
      'Recommendation:',
      'Page 1 of',
      'Findings',
      'Score by area',
      'Executive summary',
      'PASS',
      'FAIL',
    ])
      expect(text).not.toContain(english);
    expect(text).toMatch(/Strona 1 z \d+/);
  });

  it('accepted and snoozed failures carry their whole badge word and who decided, in Polish', async () => {
    const failing = result.findings.filter((f) => f.status === 'fail');
    const decided = new Map([
      [failing[0]!, { state: 'accepted' as const, until: null, by: 'Ola', at: NOW }],
      [failing[1]!, { state: 'snoozed' as const, until: NOW + 30 * 86_400_000, by: 'Ola', at: NOW }],
    ]);
    const findings = result.findings.map((f) => (decided.has(f) ? { ...f, decision: decided.get(f)! } : f));
    const { text } = await render('words-pl-decided', { ...result, findings, currency: 'PLN' }, 'pl');
    expect(text).toMatch(/ZAAKCEPTOWANE\s+\S/);
    expect(text).toMatch(/ODŁOŻONE\s+\S/);
    expect(text).toContain('Zaakceptowane (bez poprawki) przez Ola');
    // an item known only by its id is named once
    expect(text).not.toMatch(/(\b[0-9A-Z]{20,}\b) \((?:Kampania|Flow|Lista|Segment) \1\)/);
  });

  it('a passing check carries no recommendation that contradicts it (A2 passes: no "test account" advice)', async () => {
    const a2 = result.findings.filter((f) => f.ruleId === 'A2' && f.status === 'pass');
    expect(a2.length).toBeGreaterThan(0);
    const { text } = await render('pass-only', { ...result, findings: a2 }, 'en');
    expect(text).toContain('A2');
    expect(text).not.toContain('This is a Klaviyo test account');
    expect(text).not.toContain('Recommendation:');
  });

  it('renders its pages for a look in both languages', async () => {
    for (const lang of ['en', 'pl'] as const) {
      const { file } = await render(`look-${lang}`, { ...result, currency: lang === 'en' ? 'USD' : 'PLN' }, lang);
      for (const f of readdirSync(ARTIFACTS))
        if (f.startsWith(`look-${lang}`) && f.endsWith('.png')) rmSync(path.join(ARTIFACTS, f));
      execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '4', file, path.join(ARTIFACTS, `look-${lang}`)]);
      expect(readdirSync(ARTIFACTS).filter((f) => f.startsWith(`look-${lang}`) && f.endsWith('.png')).length).toBe(4);
    }
  });
});
