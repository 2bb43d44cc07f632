import { healthText, patternText } from './health-words';

const pattern = (runs: number, days: number) => ({
  code: 'throttled',
  scope: null,
  runs,
  days,
  firstAt: '2026-11-12T13:05:00.000Z',
  hourFrom: 13,
  hourTo: 15,
});

describe('failure patterns and the health report count in proper plural forms', () => {
  it.each([
    [1, 1, 'throttled (429): 1 run on 1 day, 13:00–15:00 UTC, since 2026-11-12'],
    [2, 2, 'throttled (429): 2 runs on 2 days, 13:00–15:00 UTC, since 2026-11-12'],
    [21, 11, 'throttled (429): 21 runs on 11 days, 13:00–15:00 UTC, since 2026-11-12'],
  ])('English: %i runs on %i days', (runs, days, text) => {
    expect(patternText(pattern(runs, days), 'en')).toBe(text);
  });

  it.each([
    // one
    [1, 1, '1 synchronizacja w 1 dniu'],
    // few: 2–4 and 22–24, but not 12–14
    [2, 2, '2 synchronizacje w 2 dniach'],
    [4, 3, '4 synchronizacje w 3 dniach'],
    [22, 4, '22 synchronizacje w 4 dniach'],
    [24, 4, '24 synchronizacje w 4 dniach'],
    // many: 0, 5–21 (with 12–14), 25…, and 11 / 111
    [5, 5, '5 synchronizacji w 5 dniach'],
    [12, 12, '12 synchronizacji w 12 dniach'],
    [13, 13, '13 synchronizacji w 13 dniach'],
    [14, 14, '14 synchronizacji w 14 dniach'],
    [21, 11, '21 synchronizacji w 11 dniach'],
    [111, 25, '111 synchronizacji w 25 dniach'],
  ])('Polish: %i runs on %i days', (runs, days, words) => {
    expect(patternText(pattern(runs, days), 'pl')).toBe(
      `ograniczenie zapytań (429): ${words}, 13:00–15:00 UTC, od 2026-11-12`,
    );
  });

  it.each([
    ['en', 1, 'The last complete sync was 1 day ago:'],
    ['en', 3, 'The last complete sync was 3 days ago:'],
    ['pl', 1, 'Ostatnia pełna synchronizacja była 1 dzień temu:'],
    ['pl', 2, 'Ostatnia pełna synchronizacja była 2 dni temu:'],
    ['pl', 12, 'Ostatnia pełna synchronizacja była 12 dni temu:'],
    ['pl', 22, 'Ostatnia pełna synchronizacja była 22 dni temu:'],
  ] as const)('%s: last complete sync %i days ago', (lang, days, start) => {
    expect(healthText({ kind: 'stale', days }, lang).startsWith(start)).toBe(true);
  });
});
