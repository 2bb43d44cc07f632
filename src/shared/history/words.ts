import type { RunOutcome, SyncTrigger } from '../contract/primitives';

export type HistoryLang = 'en' | 'pl';

/** The history's words in each language: headings of its CSV, outcomes, triggers and directions. */
export const HISTORY_WORDS = {
  en: {
    headers: {
      run: 'Run',
      client: 'Client',
      direction: 'Direction',
      trigger: 'Started by',
      outcome: 'Outcome',
      started: 'Started (UTC)',
      finished: 'Finished (UTC)',
      seconds: 'Duration (seconds)',
      requests: 'Requests',
      throttled: 'Throttled requests',
      added: 'Items added',
      changed: 'Items changed',
      removed: 'Items removed',
      resources: 'Resources',
      error: 'Error',
      requestId: 'Support reference',
    },
    outcome: { success: 'Succeeded', failure: 'Failed', partial: 'Partial', in_progress: 'In progress' },
    trigger: {
      manual: 'By hand',
      tray: 'Tray menu',
      daily: 'Daily schedule',
      cli: 'Command line',
      retry: 'Retry',
      auto: 'Sent by itself',
    },
    direction: { pull: 'From Klaviyo', push: 'To Klaviyo' },
  },
  pl: {
    headers: {
      run: 'Synchronizacja',
      client: 'Klient',
      direction: 'Kierunek',
      trigger: 'Uruchomiona przez',
      outcome: 'Wynik',
      started: 'Początek (UTC)',
      finished: 'Koniec (UTC)',
      seconds: 'Czas trwania (sekundy)',
      requests: 'Zapytania',
      throttled: 'Zapytania wstrzymane limitem',
      added: 'Dodane elementy',
      changed: 'Zmienione elementy',
      removed: 'Usunięte elementy',
      resources: 'Zasoby',
      error: 'Błąd',
      requestId: 'Numer dla wsparcia',
    },
    outcome: { success: 'Udana', failure: 'Nieudana', partial: 'Częściowa', in_progress: 'W toku' },
    trigger: {
      manual: 'Ręcznie',
      tray: 'Menu w zasobniku',
      daily: 'Harmonogram dzienny',
      cli: 'Wiersz poleceń',
      retry: 'Ponowienie',
      auto: 'Wysłane samoczynnie',
    },
    direction: { pull: 'Z Klaviyo', push: 'Do Klaviyo' },
  },
} as const satisfies Record<
  HistoryLang,
  {
    headers: Record<string, string>;
    outcome: Record<RunOutcome, string>;
    trigger: Record<SyncTrigger, string>;
    direction: Record<'pull' | 'push', string>;
  }
>;
