// The summary templates against each other: Polish says what English says, with Polish plural forms, and the
// formatter writes numbers and plurals for the locale. (What the rules produce is checked in the core's
// src/main/core/audit/summaries.test.ts, over every fixture case.)
import { PLACEHOLDER, PLURAL_SUFFIX, renderSummary, summaryTemplate } from './render';
import { summariesEn } from './summaries.en';
import { summariesPl } from './summaries.pl';
import { numbersEn, numbersPl } from './test-numbers';

const en: Record<string, string> = summariesEn;
const pl: Record<string, string> = summariesPl;
const base = (k: string) => k.replace(PLURAL_SUFFIX, '');
const baseKeys = (t: Record<string, string>) => [...new Set(Object.keys(t).map(base))].sort();
const isPlural = (t: Record<string, string>, k: string) => Object.hasOwn(t, `${k}_other`);
/** `{name}` and `{name:2}` placeholders, as written */
const placeholders = (s: string) => [...s.matchAll(PLACEHOLDER)].map((m) => m[0]).sort();

describe('summary templates', () => {
  it('Polish has a sentence for every English key and no other', () => {
    expect(baseKeys(pl)).toEqual(baseKeys(en));
    expect(baseKeys(en).length).toBeGreaterThan(200);
  });

  it('English plurals have one and other; Polish has one, few, many and other for each of them, and no stray forms', () => {
    for (const k of baseKeys(en)) {
      const enForms = Object.keys(en).filter((x) => base(x) === k && x !== k);
      const plForms = Object.keys(pl).filter((x) => base(x) === k && x !== k);
      if (!isPlural(en, k)) {
        expect(enForms, k).toEqual([]);
        expect(plForms, k).toEqual([]);
        expect(Object.hasOwn(pl, k), k).toBe(true);
        continue;
      }
      expect(enForms.sort(), k).toEqual([`${k}_one`, `${k}_other`]);
      expect(plForms.sort(), k).toEqual([`${k}_few`, `${k}_many`, `${k}_one`, `${k}_other`]);
      expect(Object.hasOwn(pl, k) || Object.hasOwn(en, k), k).toBe(false);
    }
  });

  it('every Polish form has the placeholders (and decimals) of the English form it stands for', () => {
    for (const key of Object.keys(pl)) {
      const enKey = key.endsWith('_one') ? key : key.replace(/_(few|many|other)$/, '_other');
      expect(placeholders(pl[key]!), key).toEqual(placeholders(en[enKey]!));
    }
  });

  it('Polish is translated, and keeps every number of the English for any count', () => {
    for (const k of baseKeys(en)) {
      const names = new Set(
        Object.keys(en)
          .filter((x) => base(x) === k)
          .flatMap((x) => [...en[x]!.matchAll(PLACEHOLDER)].map((m) => m[1]!)),
      );
      for (const count of [0, 1, 2, 3, 4, 5, 12, 21, 22, 25, 112, 1234]) {
        const params = Object.fromEntries([...names].map((n) => [n, n === 'count' ? count : 4321.25]));
        const e = renderSummary(en, k, params, 'en')!;
        const p = renderSummary(pl, k, params, 'pl')!;
        expect(p, k).not.toBe(e);
        expect(p, `${k} (${count})`).not.toMatch(/\{\w+(:\d)?\}/);
        const missing = [...numbersEn(e)].filter((n) => !numbersPl(p).has(n));
        expect(missing, `${k} (${count}): ${e} / ${p}`).toEqual([]);
      }
    }
  });
});

describe('renderSummary', () => {
  const t = {
    'x.files_one': '{count} file in {name}.',
    'x.files_few': '{count} pliki w {name}.',
    'x.files_many': '{count} plików w {name}.',
    'x.files_other': '{count} pliku w {name}.',
    'x.rate': 'Rate {rate:3}% of {total}.',
    'x.plain': 'Rate {rate}%.',
  };

  it('picks the plural form the locale asks for by count', () => {
    expect(renderSummary(t, 'x.files', { count: 1, name: 'A' }, 'pl')).toBe('1 file in A.');
    expect(renderSummary(t, 'x.files', { count: 3, name: 'A' }, 'pl')).toBe('3 pliki w A.');
    expect(renderSummary(t, 'x.files', { count: 22, name: 'A' }, 'pl')).toBe('22 pliki w A.');
    expect(renderSummary(t, 'x.files', { count: 12, name: 'A' }, 'pl')).toBe('12 plików w A.');
    expect(renderSummary(t, 'x.files', { count: 0, name: 'A' }, 'pl')).toBe('0 plików w A.');
    expect(renderSummary(t, 'x.files', { count: 1.5, name: 'A' }, 'pl')).toBe('1,5 pliku w A.');
    expect(renderSummary({ y_one: 'one', y_other: 'other' }, 'y', { count: 3 }, 'pl')).toBe('other');
  });

  it('writes numbers for the locale, with fixed decimals where the template asks', () => {
    expect(renderSummary(t, 'x.rate', { rate: 1.2, total: 12345 }, 'en')).toBe('Rate 1.200% of 12,345.');
    expect(renderSummary(t, 'x.rate', { rate: 1.2, total: 12345 }, 'pl')).toBe('Rate 1,200% of 12\u00a0345.');
    expect(renderSummary(t, 'x.plain', { rate: 1.23 }, 'pl')).toBe('Rate 1,23%.');
    expect(renderSummary(t, 'x.plain', { rate: 'n/a' }, 'pl')).toBe('Rate n/a%.');
  });

  it('has no sentence for a key it does not know, even one on Object.prototype', () => {
    expect(renderSummary(t, 'x.unknown', {}, 'en')).toBeNull();
    expect(renderSummary(t, 'toString', {}, 'en')).toBeNull();
    expect(summaryTemplate(t, 'x.files', {}, 'en')).toBeUndefined();
  });

  it('leaves a placeholder without a param as written', () => {
    expect(renderSummary(t, 'x.plain', {}, 'en')).toBe('Rate {rate}%.');
  });
});
