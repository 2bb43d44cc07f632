import { en } from './en';
import { pl } from './pl';
import { flattenCatalogue, translate, type CatalogueTree } from './catalogue';
import { createFormatters, readDate } from './format';
import { HOSTILE_DATES } from '../../../sim/fixtures/hostile';

const enMap = flattenCatalogue(en as unknown as CatalogueTree);
const plMap = flattenCatalogue(pl);
const formatters = (locale: 'en' | 'pl') =>
  createFormatters(locale, (k, p) => translate(locale, locale === 'en' ? enMap : plMap, enMap, k, p));

/** every value a date-time field from Klaviyo (or a broken row) may hand a formatter */
const oddDates: unknown[] = [
  HOSTILE_DATES.notADate,
  HOSTILE_DATES.impossible,
  HOSTILE_DATES.empty,
  '   ',
  'x'.repeat(10_000),
  '2024-13-45',
  '+999999-01-01T00:00:00Z',
  null,
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  8.64e15 + 1,
  new Date(Number.NaN),
];

describe('formatters degrade per value', () => {
  it.each([
    ['en', 'unknown date'],
    ['pl', 'nieznana data'],
  ] as const)('%s: a date none can read is "%s", never a RangeError', (locale, word) => {
    const f = formatters(locale);
    for (const v of oddDates) {
      const d = v as string;
      expect(f.dateTime(d), String(v)).toBe(word);
      expect(f.date(d), String(v)).toBe(word);
      expect(f.time(d), String(v)).toBe(word);
      expect(f.relative(d), String(v)).toBe(word);
    }
    expect(f.day('not-a-day')).toBe(word);
    expect(f.day('2024-02-30T25:61:00Z', 'short')).toBe(word);
    expect(f.dayRange('2026-08-24', 'nope')).toBe(word);
  });

  it('reads a valid timestamp with a long fraction of a second (longer than any schema limit)', () => {
    const f = formatters('en');
    expect(readDate(HOSTILE_DATES.longValid)?.toISOString()).toBe('2024-06-01T12:34:56.123Z');
    expect(f.date(HOSTILE_DATES.longValid)).toBe('Jun 1, 2024');
    expect(f.date('2024-06-01T12:00:00+00:00')).toBe('Jun 1, 2024');
  });

  it('numbers that are not finite and currencies Intl does not know still read', () => {
    const f = formatters('en');
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(f.number(n)).toBe('—');
      expect(f.percent(n)).toBe('—');
      expect(f.currency(n, 'USD')).toBe('—');
      expect(f.duration(n)).toBe('—');
      expect(f.durationShort(n)).toBe('—');
    }
    expect(f.currency(12.5, 'NOT A CURRENCY')).toBe('12.5 NOT A CU');
    expect(f.currency(12.5, 'USD')).toBe('$12.50');
    expect(f.dayRange('2026-08-30', '2026-08-24')).toMatch(/2026/);
  });
});
