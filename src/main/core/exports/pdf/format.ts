import type { Language } from '../../../../shared/contract/primitives';

/**
 * Numbers, money and dates as a reader of the report's language writes them ("1 234,50 zł", "20 Nov 2026"). Times
 * are printed in UTC and say so: a report travels between time zones.
 */
export type ReportFormat = ReturnType<typeof reportFormat>;

export function reportFormat(locale: Language) {
  const nums = new Map<number, Intl.NumberFormat>();
  const num = (n: number, digits = 0) => {
    let f = nums.get(digits);
    if (!f) nums.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return f.format(n);
  };
  const pct = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' });
  const dayTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  return {
    num,
    /** a share (0.123) as "12.3%" */
    share: (x: number) => pct.format(x),
    date: (t: number) => day.format(t),
    dateTime: (t: number) => `${dayTime.format(t)} UTC`,
    /** a calendar day ("2026-11-20") */
    day: (iso: string) => day.format(Date.parse(`${iso}T00:00:00Z`)),
    /** an amount in a currency; null when the code is not one Intl knows */
    money(v: number, currency: string, digits = 0): string | null {
      try {
        return new Intl.NumberFormat(locale, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        }).format(v);
      } catch {
        return null;
      }
    },
  };
}
