import type { ErrorCode } from '../errors';
import type { AuditStale } from '../contract/audit';

/**
 * The words of a stale audit, for the screens, the reports and the CLI alike: the audit on show is of the last
 * complete sync, and the syncs since then failed or stopped early. One sentence — "Stale since {when} (last sync:
 * {status}, {reason})" — whose status and reason are words for a person, never the sync's internal codes.
 */
type StaleStatus = AuditStale['lastSync']['status'];
type StaleWords = {
  /** short label for a badge beside the score */
  badge: string;
  line: string;
  /** the line when the sync recorded no reason */
  lineNoReason: string;
  /** what stays as it was */
  kept: string;
  status: Record<StaleStatus, string>;
  reason: Partial<Record<ErrorCode, string>> & { auth: string; incomplete: string; other: string };
};

const en: StaleWords = {
  badge: 'Stale',
  line: 'Stale since {when} (last sync: {status}, {reason})',
  lineNoReason: 'Stale since {when} (last sync: {status})',
  kept: 'The score, its history and the reports are of the last complete sync.',
  status: { failed_auth: 'failed', partial_or_timeout: 'stopped early', cancelled: 'cancelled' },
  reason: {
    auth: 'the API key was rejected',
    forbidden: 'the API key lacks a permission',
    network: 'Klaviyo could not be reached',
    server: 'Klaviyo’s servers answered with errors',
    timeout: 'it ran out of time',
    throttled: 'Klaviyo kept limiting the request rate',
    malformed_response: 'Klaviyo’s answers could not be read',
    keychain_unavailable: 'the API key could not be read from the system keychain',
    storage: 'the local database could not be written',
    incomplete: 'not every resource was read',
    other: 'an unexpected error',
  },
};

const pl: StaleWords = {
  badge: 'Nieaktualny',
  line: 'Nieaktualny od {when} (ostatnia synchronizacja: {status}, {reason})',
  lineNoReason: 'Nieaktualny od {when} (ostatnia synchronizacja: {status})',
  kept: 'Wynik, jego historia i raporty pochodzą z ostatniej pełnej synchronizacji.',
  status: { failed_auth: 'nieudana', partial_or_timeout: 'przerwana przed końcem', cancelled: 'anulowana' },
  reason: {
    auth: 'klucz API został odrzucony',
    forbidden: 'kluczowi API brakuje uprawnienia',
    network: 'nie udało się połączyć z Klaviyo',
    server: 'serwery Klaviyo odpowiadały błędami',
    timeout: 'zabrakło czasu',
    throttled: 'Klaviyo stale ograniczało liczbę zapytań',
    malformed_response: 'nie udało się odczytać odpowiedzi Klaviyo',
    keychain_unavailable: 'nie udało się odczytać klucza API z pęku kluczy systemu',
    storage: 'nie udało się zapisać lokalnej bazy danych',
    incomplete: 'nie wszystkie zasoby zostały pobrane',
    other: 'nieoczekiwany błąd',
  },
};

export const STALE_WORDS = { en, pl } as const;

const wordsOf = (locale: string): StaleWords => (locale.startsWith('pl') ? pl : en);

/** The reason in words: by the error's class; a run cut short without an error did not read everything. */
function reasonOf(w: StaleWords, last: Pick<AuditStale['lastSync'], 'status' | 'code'>): string | null {
  if (last.code) return w.reason[last.code] ?? w.reason.other;
  if (last.status === 'partial_or_timeout') return w.reason.incomplete;
  if (last.status === 'failed_auth') return w.reason.auth;
  return null;
}

/** "Stale since 3 Dec 2026, 19:40 (last sync: failed, the API key was rejected)", `when` formatted by the caller. */
export function staleLine(
  locale: string,
  stale: { lastSync: Pick<AuditStale['lastSync'], 'status' | 'code'> },
  when: string,
): string {
  const w = wordsOf(locale);
  const reason = reasonOf(w, stale.lastSync);
  const status = w.status[stale.lastSync.status];
  return (reason ? w.line : w.lineNoReason)
    .replace('{when}', when)
    .replace('{status}', status)
    .replace('{reason}', reason ?? '');
}

/** The badge and the "what stays" note in a locale. */
export const staleBadge = (locale: string): string => wordsOf(locale).badge;
export const staleKept = (locale: string): string => wordsOf(locale).kept;
