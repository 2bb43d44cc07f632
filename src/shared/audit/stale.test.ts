import { errorCodes } from '../errors';
import { STALE_WORDS, staleLine } from './stale';

const statuses = ['failed_auth', 'partial_or_timeout', 'cancelled'] as const;

describe('the stale audit in words', () => {
  it('says since when, how the last sync ended and why, in English and Polish', () => {
    const last = { status: 'failed_auth', code: 'auth' } as const;
    expect(staleLine('en', { lastSync: last }, '3 Dec 2026, 19:40')).toBe(
      'Stale since 3 Dec 2026, 19:40 (last sync: failed, the API key was rejected)',
    );
    expect(staleLine('pl', { lastSync: last }, '3 gru 2026, 19:40')).toBe(
      'Nieaktualny od 3 gru 2026, 19:40 (ostatnia synchronizacja: nieudana, klucz API został odrzucony)',
    );
    expect(staleLine('en', { lastSync: { status: 'partial_or_timeout', code: null } }, 'x')).toBe(
      'Stale since x (last sync: stopped early, not every resource was read)',
    );
    expect(staleLine('pl', { lastSync: { status: 'cancelled', code: null } }, 'x')).toBe(
      'Nieaktualny od x (ostatnia synchronizacja: anulowana)',
    );
  });

  it('never shows an internal code or an unfilled placeholder, whatever the status and error class', () => {
    for (const locale of ['en', 'pl'] as const)
      for (const status of statuses)
        for (const code of [...errorCodes, null]) {
          const line = staleLine(locale, { lastSync: { status, code } }, 'WHEN');
          expect(line, `${locale} ${status} ${code}`).not.toMatch(/[{}_]|failed_auth|partial_or_timeout/);
          expect(line.startsWith(locale === 'en' ? 'Stale since WHEN' : 'Nieaktualny od WHEN')).toBe(true);
        }
    expect(Object.keys(STALE_WORDS.pl.reason).sort()).toEqual(Object.keys(STALE_WORDS.en.reason).sort());
  });
});
