// Finding summaries travel as messages (key + params) and are written from src/shared/audit's templates. These
// tests run every fixture case (164: the healthy base, each rule's fail/unknown case and the summary cases that
// reach the remaining branches) and check the messages the rules really produce against the templates.
import {
  PLACEHOLDER,
  PLURAL_SUFFIX,
  STORED_WITHOUT_MESSAGE,
  renderSummary,
  summaryTemplate,
  type SummaryMessage,
  type SummaryTemplates,
} from '../../../shared/audit/render';
import { summariesEn } from '../../../shared/audit/summaries.en';
import { summariesPl } from '../../../shared/audit/summaries.pl';
import { findingSentence } from '../../../shared/audit/resource-words';
import { numbersEn, numbersPl } from '../../../shared/audit/test-numbers';
import { ENGLISH_SUMMARIES } from './fixtures/english-summaries';
import { allFixtureCases, evaluateCase } from './fixtures/summary-cases';
import { FindingSchema, type Finding } from './types';

const LANGUAGES = { en: summariesEn, pl: summariesPl } as const satisfies Record<string, SummaryTemplates>;

const runs = allFixtureCases().map(([name, c]) => ({ name, findings: evaluateCase(c).findings }));
const produced = runs.flatMap((r) => r.findings.map((f) => ({ where: `${r.name} ${f.ruleId}`, f })));

/** What is wrong with a message in one language: no sentence, or no plural form for its count. */
function templateProblem(templates: SummaryTemplates, m: SummaryMessage, locale: string): string | null {
  const template = summaryTemplate(templates, m.key, m.params, locale);
  if (template === undefined) return `no template for ${m.key}`;
  const plural = Object.keys(templates).some((k) => k.startsWith(`${m.key}_`));
  if (plural && typeof m.params.count !== 'number') return `${m.key} has plural forms but no numeric count`;
  if (plural) {
    const form = `${m.key}_${new Intl.PluralRules(locale).select(m.params.count as number)}`;
    if (!Object.hasOwn(templates, form)) return `no ${form}`;
  }
  const missing = [...template.matchAll(PLACEHOLDER)].map((x) => x[1]!).filter((n) => !(n in m.params));
  return missing.length ? `${m.key} lacks params ${missing.join(', ')}` : null;
}

const problems = (findings: { where: string; f: Pick<Finding, 'message'> }[]) =>
  findings.flatMap(({ where, f }) =>
    Object.entries(LANGUAGES).flatMap(([locale, templates]) => {
      const p = templateProblem(templates, f.message, locale);
      return p ? [`${where} (${locale}): ${p}`] : [];
    }),
  );

describe('finding summaries as messages', () => {
  it('runs enough cases to reach every rule', () => {
    expect(runs.length).toBeGreaterThan(150);
    expect(new Set(produced.map((p) => p.f.ruleId)).size).toBe(46);
  });

  it('every message a rule produces has a sentence in English and Polish, with the plural form its count needs', () => {
    expect(problems(produced)).toEqual([]);
  });

  it('the check above catches a message without a template, a missing plural form and a missing param', () => {
    const fake = (message: SummaryMessage) => [{ where: 'fake', f: { message } }];
    expect(problems(fake({ key: 'F1.passWithoutTemplate', params: {} }))).toHaveLength(2);
    expect(problems(fake({ key: 'F1.pass', params: {} }))).toHaveLength(2);
    expect(problems(fake({ key: 'F2.failFewEmails', params: { count: 1 } }))).toHaveLength(2);
  });

  it('every template is used: each key is produced by some fixture case', () => {
    const keys = new Set(produced.map((p) => p.f.message.key));
    for (const templates of Object.values(LANGUAGES)) {
      const unused = [...new Set(Object.keys(templates).map((k) => k.replace(PLURAL_SUFFIX, '')))].filter(
        (k) => !keys.has(k),
      );
      expect(unused).toEqual([]);
    }
  });

  it('the summary is the English template written out, with the data it names in words', () => {
    for (const { where, f } of produced) expect(f.summary, where).toBe(findingSentence(summariesEn, f.message, 'en'));
  });

  it('the English summaries read as the rules wrote them before messages (apart from the listed plural fixes)', () => {
    expect(runs.map((r) => r.name).sort()).toEqual(['base', ...Object.keys(ENGLISH_SUMMARIES.cases)].sort());
    for (const r of runs) {
      const expected = { ...ENGLISH_SUMMARIES.base, ...ENGLISH_SUMMARIES.cases[r.name] };
      expect(Object.fromEntries(r.findings.map((f) => [f.ruleId, f.summary])), r.name).toEqual(expected);
    }
    const all = runs.flatMap((r) => r.findings.map((f) => f.summary));
    expect(all.filter((s) => /\(s\)/.test(s))).toEqual([]);
  });

  it('Polish keeps every number of the English sentence for the same message', () => {
    for (const { where, f } of produced) {
      const { key, params } = f.message;
      const en = renderSummary(summariesEn, key, params, 'en')!;
      const pl = renderSummary(summariesPl, key, params, 'pl')!;
      expect(pl, where).not.toBe(en);
      const missing = [...numbersEn(en)].filter((n) => !numbersPl(pl).has(n));
      expect(missing, `${where}: ${en} / ${pl}`).toEqual([]);
    }
  });

  it('Polish writes the numbers the Polish way', () => {
    const f = produced.find((p) => p.f.message.key === 'C3.pass')!.f;
    expect(renderSummary(summariesPl, f.message.key, f.message.params, 'pl')).toMatch(/\(\d+,\d{3}%\)/);
    const few = produced.find((p) => p.f.message.key === 'C3.unknownFewDelivered')!.f;
    expect(few.summary).toContain('1,000');
  });

  it('a finding stored before messages existed parses with a key no template has, so screens show its summary', () => {
    const stored = { ...produced[0]!.f } as Partial<Finding>;
    delete stored.message;
    const parsed = FindingSchema.parse(stored);
    expect(parsed.message).toEqual({ key: STORED_WITHOUT_MESSAGE, params: {} });
    expect(renderSummary(summariesPl, parsed.message.key, parsed.message.params, 'pl')).toBeNull();
  });
});
