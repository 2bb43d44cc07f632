// The tables are checked against the rule catalogue itself: a rule added without its translations, or a
// translation that changes a threshold, fails here, not on a Polish screen.
import { RULES } from '../../main/core/audit/rules';
import { LANGUAGES as locales } from '../contract/primitives';
import { ruleRecommendation, ruleRecommendations } from './rule-recommendations';
import { ruleText, ruleTitles } from './rule-titles';

const tables = { title: ruleTitles, recommendation: ruleRecommendations } as const;
const fields = ['title', 'recommendation'] as const;

// thresholds are the one thing a translation must not change: "1.71%" in English is "1,71%" in Polish
const numbers = (s: string) => new Set([...s.matchAll(/\d+(?:[.,]\d+)?/g)].map((m) => m[0].replace(',', '.')));

describe('rule titles and recommendations', () => {
  it('the catalogue has 46 rules, each with a unique id', () => {
    expect(RULES).toHaveLength(46);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  it('every rule has a title and a recommendation in every language', () => {
    for (const r of RULES)
      for (const field of fields)
        for (const locale of locales) {
          const text = (tables[field][locale] as Record<string, string>)[r.id];
          expect(text?.trim(), `${locale} rule.${r.id}.${field}`).toBeTruthy();
        }
  });

  it('English equals the rule definitions word for word', () => {
    for (const r of RULES) {
      expect(ruleTitles.en[r.id as keyof typeof ruleTitles.en], `rule.${r.id}.title`).toBe(r.title);
      expect(ruleRecommendations.en[r.id as keyof typeof ruleRecommendations.en], `rule.${r.id}.recommendation`).toBe(
        r.recommendation,
      );
    }
  });

  it('no table names a rule the catalogue does not have', () => {
    const ids = RULES.map((r) => r.id).sort();
    for (const field of fields)
      for (const locale of locales) expect(Object.keys(tables[field][locale]).sort()).toEqual(ids);
  });

  it('Polish is translated, and keeps every number of the English', () => {
    for (const r of RULES)
      for (const field of fields) {
        const enText = (tables[field].en as Record<string, string>)[r.id]!;
        const plText = (tables[field].pl as Record<string, string>)[r.id]!;
        expect(plText, `rule.${r.id}.${field}`).not.toBe(enText);
        expect(numbers(plText), `rule.${r.id}.${field}: ${plText}`).toEqual(numbers(enText));
      }
  });

  it('shows the service’s text for a rule this build does not know', () => {
    expect(ruleText(ruleTitles, 'pl', 'X9', 'A rule from a newer service')).toBe('A rule from a newer service');
    expect(ruleRecommendation('pl', { ruleId: 'toString', recommendation: 'Do the thing.' })).toBe('Do the thing.');
    expect(ruleText(ruleTitles, 'pl', 'F1', 'A live Welcome flow exists')).toBe(ruleTitles.pl.F1);
    expect(ruleRecommendation('en', { ruleId: 'F1', recommendation: 'stale text' })).toBe(ruleRecommendations.en.F1);
  });
});

describe('rule words that name the account’s own metrics', () => {
  const shopifyTitle = 'A live checkout-abandonment flow (Checkout Started) with at least 2 live emails';

  it('fills the checkout metric from the finding’s parameters, in every language', () => {
    expect(ruleText(ruleTitles, 'en', 'F3', 'stale', { checkoutMetric: 'Checkout Started' })).toBe(shopifyTitle);
    expect(ruleText(ruleTitles, 'pl', 'F3', 'stale', { checkoutMetric: 'Checkout Started' })).toContain(
      '(Checkout Started)',
    );
    const rec = ruleRecommendation('pl', {
      ruleId: 'F3',
      recommendation: 'stale',
      message: { params: { checkoutMetric: 'Checkout Started' } },
    });
    expect(rec).toContain('na Checkout Started z');
  });

  it('reads the name back from the service’s English title when the finding comes without its message', () => {
    expect(ruleText(ruleTitles, 'pl', 'F3', shopifyTitle)).toContain('(Checkout Started)');
    expect(ruleText(ruleTitles, 'pl', 'F3', shopifyTitle)).not.toContain('Started Checkout');
  });

  it('says the common name when nothing names the account’s metric, and never shows a placeholder', () => {
    expect(ruleText(ruleTitles, 'en', 'F3', 'something else')).toBe(
      'A live checkout-abandonment flow (Started Checkout) with at least 2 live emails',
    );
    for (const r of RULES)
      for (const locale of locales) {
        expect(ruleText(ruleTitles, locale, r.id, r.title), r.id).not.toMatch(/\{\w+\}/);
        expect(ruleRecommendation(locale, { ruleId: r.id, recommendation: r.recommendation }), r.id).not.toMatch(
          /\{\w+\}/,
        );
      }
  });
});
