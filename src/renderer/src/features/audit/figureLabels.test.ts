// The drawer's words for evidence, checked against what the rules really emit: every audit fixture case is run
// and each figure name, item type and note it produces must have a label in every language.
import { allFixtureCases, evaluateCase } from '../../../../main/core/audit/fixtures/summary-cases';
import { locales } from '../../i18n';
import { evidenceLabels, figureLabel, figureValue, itemTypeLabel, noteLabel } from './figureLabels';
import { findingSummary } from './findingSummary';

const findings = allFixtureCases().flatMap(([, c]) => evaluateCase(c).findings);
const figureKeys = new Set(
  findings.flatMap((f) => [
    ...Object.keys(f.evidence.figures),
    ...f.evidence.items.flatMap((i) => Object.keys(i.figures)),
  ]),
);
const itemTypes = new Set(findings.flatMap((f) => f.evidence.items.map((i) => i.type)));
const notes = new Set(findings.flatMap((f) => f.evidence.items.flatMap((i) => (i.note ? [i.note] : []))));

const missing = (table: Record<string, string>, keys: Set<string>) => [...keys].filter((k) => !Object.hasOwn(table, k));

describe('evidence labels', () => {
  it('the fixtures emit figures, item types and notes to check', () => {
    expect(figureKeys.size).toBeGreaterThan(60);
    expect(itemTypes.size).toBeGreaterThanOrEqual(7);
    expect(notes.size).toBeGreaterThanOrEqual(6);
  });

  it('every figure the rules emit has a label in every language', () => {
    for (const locale of locales) expect(missing(evidenceLabels.figures[locale], figureKeys), locale).toEqual([]);
  });

  it('every item type and note the rules emit has Polish words', () => {
    for (const locale of locales) expect(missing(evidenceLabels.itemTypes[locale], itemTypes), locale).toEqual([]);
    expect(missing(evidenceLabels.notes.pl, notes)).toEqual([]);
  });

  it('labels no figure the rules never emit', () => {
    for (const locale of locales)
      expect(Object.keys(evidenceLabels.figures[locale]).filter((k) => !figureKeys.has(k))).toEqual([]);
  });

  it('shows a key, type or note this build does not know as it came', () => {
    expect(figureLabel('pl', 'recipients30d')).toBe('Odbiorcy, 30 dni');
    expect(figureLabel('pl', 'newFigure')).toBe('newFigure');
    expect(figureLabel('pl', 'toString')).toBe('toString');
    expect(itemTypeLabel('pl', 'campaign')).toBe('Kampania');
    expect(itemTypeLabel('pl', 'template')).toBe('template');
    expect(noteLabel('pl', 'partially live')).toBe('aktywny tylko częściowo');
    expect(noteLabel('pl', 'a newer note')).toBe('a newer note');
    expect(noteLabel('en', 'partially live')).toBe('partially live');
  });

  it('writes shares as percentages and numbers, booleans and gaps for the locale', () => {
    expect(figureValue('pl', 'clickRate', 0.0123)).toBe('1,23%');
    expect(figureValue('en', 'clickRate', 0.0123)).toBe('1.23%');
    expect(figureValue('pl', 'perWeek', 1.5)).toBe('1,5');
    expect(figureValue('pl', 'archived', false)).toBe('Nie');
    expect(figureValue('en', 'testAccount', true)).toBe('Yes');
    expect(figureValue('pl', 'status', 'draft')).toBe('draft');
    expect(figureValue('pl', 'sendingDomain', null)).toBe('—');
  });

  it('writes revenue in the account’s currency, to a tenth of a cent per recipient, and a bare number without one', () => {
    const norm = (s: string) => s.replace(/\s/g, ' ');
    expect(figureValue('en', 'revenue30d', 1234.5, 'USD')).toBe('$1,234.50');
    expect(norm(figureValue('pl', 'revenue30d', 1234.5, 'PLN'))).toBe('1234,50 zł');
    expect(figureValue('en', 'revenuePerRecipient', 0.0834, 'USD')).toBe('$0.083');
    expect(figureValue('en', 'revenue30d', 0, 'EUR')).toBe('€0.00');
    expect(figureValue('en', 'revenue30d', 1234.5, null)).toBe('1,234.5');
    expect(figureValue('en', 'revenue30d', 12, 'NOT-A-CODE')).toBe('12');
    // counts stay counts whatever the currency
    expect(figureValue('en', 'recipients30d', 1234, 'USD')).toBe('1,234');
  });
});

describe('finding summaries on screen', () => {
  it('writes every finding in Polish from its message, and in English exactly as the service did', () => {
    for (const f of findings) {
      expect(findingSummary('en', f)).toBe(f.summary);
      expect(findingSummary('pl', f), f.summary).not.toBe(f.summary);
    }
  });

  it('falls back to the service’s summary for a message this build cannot write', () => {
    const f = { summary: 'From a newer service.', message: { key: 'X9.pass', params: {} } };
    expect(findingSummary('pl', f)).toBe('From a newer service.');
  });
});
