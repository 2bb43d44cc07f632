import type { HealthRecommendationData } from '../contract/history';
import type { HistoryLang } from './words';

const day = (iso: string) => iso.slice(0, 10);
const hh = (h: number) => `${String(h).padStart(2, '0')}:00`;
const minutes = (ms: number) => (ms / 60_000).toFixed(ms < 600_000 ? 1 : 0);

/** a count's word forms: English one/other; Polish one (1), few (2–4, 22–24…) and many (0, 5–21, 25…) */
type Forms = { one: string; few?: string; many?: string; other: string };
const pluralRules = { en: new Intl.PluralRules('en'), pl: new Intl.PluralRules('pl') };

/** "1 run", "5 runs"; "1 synchronizacja", "2 synchronizacje", "12 synchronizacji" */
export function counted(n: number, forms: Forms, lang: HistoryLang): string {
  const category = pluralRules[lang].select(n) as keyof Forms;
  return `${n} ${forms[category] ?? forms.other}`;
}

const FORMS = {
  runs: {
    en: { one: 'run', other: 'runs' },
    pl: { one: 'synchronizacja', few: 'synchronizacje', many: 'synchronizacji', other: 'synchronizacji' },
  },
  /** "N pushes" / "N wysyłek" */
  pushes: {
    en: { one: 'push', other: 'pushes' },
    pl: { one: 'wysyłka', few: 'wysyłki', many: 'wysyłek', other: 'wysyłki' },
  },
  /** "on N days" / "w N dniach" */
  onDays: {
    en: { one: 'day', other: 'days' },
    pl: { one: 'dniu', few: 'dniach', many: 'dniach', other: 'dnia' },
  },
  /** "N days ago" / "N dni temu" */
  daysAgo: {
    en: { one: 'day', other: 'days' },
    pl: { one: 'dzień', few: 'dni', many: 'dni', other: 'dnia' },
  },
} satisfies Record<string, Record<HistoryLang, Forms>>;

/** A health recommendation in a person's words. */
export function healthText(r: HealthRecommendationData, lang: HistoryLang): string {
  const en = lang === 'en';
  switch (r.kind) {
    case 'key_rejected':
      return en
        ? `Klaviyo has rejected the API key since ${day(r.since)}: enter a new key for this client.`
        : `Klaviyo odrzuca klucz API od ${day(r.since)}: wprowadź nowy klucz dla tego klienta.`;
    case 'missing_scope':
      return en
        ? `The key lacks the scope ${r.scope} (since ${day(r.since)}), so ${r.resources.join(', ')} cannot be read: create a key with it.`
        : `Kluczowi brakuje uprawnienia ${r.scope} (od ${day(r.since)}), więc nie można odczytać: ${r.resources.join(', ')}. Utwórz klucz z tym uprawnieniem.`;
    case 'reporting_budget':
      return en
        ? `The Reporting API budget ran out around ${hh(r.hour)} UTC on ${r.days} of the last 7 days: refresh figures less often or earlier in the day.`
        : `Budżet Reporting API wyczerpał się około ${hh(r.hour)} UTC w ${r.days} z ostatnich 7 dni: odświeżaj dane rzadziej lub wcześniej w ciągu dnia.`;
    case 'duration_doubled':
      return en
        ? `Syncs take twice as long as the month before (${minutes(r.nowMs)} min against ${minutes(r.beforeMs)} min): check the account's size and throttling.`
        : `Synchronizacje trwają dwa razy dłużej niż miesiąc wcześniej (${minutes(r.nowMs)} min wobec ${minutes(r.beforeMs)} min): sprawdź rozmiar konta i ograniczenia zapytań.`;
    case 'push_failed':
      return en
        ? `Not every change reached Klaviyo: ${counted(r.runs, FORMS.pushes.en, 'en')} since ${day(r.since)} (${CODE_WORDS.en[r.code] ?? r.code}). Open the outbox, fix or drop the refused changes and send again.`
        : `Nie wszystkie zmiany dotarły do Klaviyo: ${counted(r.runs, FORMS.pushes.pl, 'pl')} od ${day(r.since)} (${CODE_WORDS.pl[r.code] ?? r.code}). Otwórz kolejkę zmian, popraw lub odrzuć odrzucone zmiany i wyślij ponownie.`;
    case 'push_paused':
      return en
        ? `Sending changes to Klaviyo has been paused since ${day(r.since)} (${CODE_WORDS.en[r.code] ?? r.code}): fix the cause, then resume the outbox.`
        : `Wysyłanie zmian do Klaviyo jest wstrzymane od ${day(r.since)} (${CODE_WORDS.pl[r.code] ?? r.code}): usuń przyczynę i wznów kolejkę zmian.`;
    case 'stale':
      return r.days === null
        ? en
          ? 'No sync of this client has completed yet: run a sync.'
          : 'Żadna synchronizacja tego klienta jeszcze się nie zakończyła: uruchom synchronizację.'
        : en
          ? `The last complete sync was ${counted(r.days, FORMS.daysAgo.en, 'en')} ago: sync again and check why the later ones did not complete.`
          : `Ostatnia pełna synchronizacja była ${counted(r.days, FORMS.daysAgo.pl, 'pl')} temu: zsynchronizuj ponownie i sprawdź, czemu kolejne się nie zakończyły.`;
  }
}

const CODE_WORDS: Record<HistoryLang, Record<string, string>> = {
  en: {
    throttled: 'throttled (429)',
    auth: 'key rejected',
    forbidden: 'forbidden',
    server: 'Klaviyo server error',
    network: 'network error',
    timeout: 'timed out',
    cancelled: 'cancelled',
    invalid: 'refused as invalid',
    conflict: 'changed in Klaviyo meanwhile',
    not_found: 'no longer in Klaviyo',
  },
  pl: {
    throttled: 'ograniczenie zapytań (429)',
    auth: 'klucz odrzucony',
    forbidden: 'brak dostępu',
    server: 'błąd serwera Klaviyo',
    network: 'błąd sieci',
    timeout: 'przekroczony czas',
    cancelled: 'anulowano',
    invalid: 'odrzucone jako nieprawidłowe',
    conflict: 'zmienione w Klaviyo w międzyczasie',
    not_found: 'nie ma już w Klaviyo',
  },
};

/** A failure pattern in words: "throttled (429) on 12 days, 13:00–15:00 UTC, since 2026-11-12". */
export function patternText(
  p: {
    code: string;
    scope: string | null;
    runs: number;
    days: number;
    firstAt: string;
    hourFrom: number;
    hourTo: number;
  },
  lang: HistoryLang,
): string {
  const what = `${CODE_WORDS[lang][p.code] ?? p.code}${p.scope ? `: ${p.scope}` : ''}`;
  const hours = p.hourTo - p.hourFrom <= 6 ? `, ${hh(p.hourFrom)}–${hh(p.hourTo % 24)} UTC` : '';
  const runs = counted(p.runs, FORMS.runs[lang], lang);
  const days = counted(p.days, FORMS.onDays[lang], lang);
  return lang === 'en'
    ? `${what}: ${runs} on ${days}${hours}, since ${day(p.firstAt)}`
    : `${what}: ${runs} w ${days}${hours}, od ${day(p.firstAt)}`;
}

/** The health report's and analytics' headings and states, for the CLI and anything else printing them. */
export const HEALTH_WORDS = {
  en: {
    client: 'CLIENT',
    state: 'HEALTH',
    successRate: 'SUCCESS RATE (30 DAYS)',
    pushSuccessRate: 'PUSHES TO KLAVIYO (30 DAYS)',
    pulls: '  from Klaviyo',
    pushes: '  to Klaviyo',
    lastComplete: 'LAST COMPLETE SYNC',
    advice: 'WHAT TO DO',
    good: 'good',
    attention: 'needs attention',
    none: 'nothing to do',
    never: 'never',
    runs: 'RUNS',
    avg: 'AVERAGE (S)',
    p95: 'P95 (S)',
    requests: 'REQUESTS',
    throttled: '429s',
    patterns: 'Failure patterns',
    all: 'All clients',
    noClients: 'No clients.',
  },
  pl: {
    client: 'KLIENT',
    state: 'STAN',
    successRate: 'SKUTECZNOŚĆ (30 DNI)',
    pushSuccessRate: 'WYSYŁKI DO KLAVIYO (30 DNI)',
    pulls: '  z Klaviyo',
    pushes: '  do Klaviyo',
    lastComplete: 'OSTATNIA PEŁNA SYNCHRONIZACJA',
    advice: 'CO ZROBIĆ',
    good: 'dobry',
    attention: 'wymaga uwagi',
    none: 'nic do zrobienia',
    never: 'nigdy',
    runs: 'SYNCHRONIZACJE',
    avg: 'ŚREDNIO (S)',
    p95: 'P95 (S)',
    requests: 'ZAPYTANIA',
    throttled: '429',
    patterns: 'Powtarzające się błędy',
    all: 'Wszyscy klienci',
    noClients: 'Brak klientów.',
  },
} as const;
