/**
 * The shell's own user-facing strings (tray, notifications), in the app's two languages (PRODUCT F2). The
 * screens have their i18n layer in the renderer; these are the few the main process shows itself.
 */
export type ShellMessages = {
  trayEmpty: string;
  trayWorkspaces: (n: number) => string;
  traySyncing: (n: number) => string;
  trayAttention: (n: number) => string;
  trayCritical: (n: number) => string;
  menuSyncAll: string;
  menuSyncing: string;
  menuOpen: string;
  menuQuit: string;
  authTitle: (name: string) => string;
  authBody: string;
  partialTitle: (name: string) => string;
  partialBody: string;
  overdueTitle: (name: string) => string;
  overdueBody: string;
  neverSyncedBody: string;
  criticalTitle: (name: string, n: number) => string;
  updateTitle: (version: string) => string;
  updateWaiting: string;
  updateReady: string;
};

// Polish plural forms: 1, 2–4 (not 12–14), everything else
function pl(n: number, one: string, few: string, many: string): string {
  if (n === 1) return one;
  const d = n % 10;
  const t = n % 100;
  return d >= 2 && d <= 4 && (t < 12 || t > 14) ? few : many;
}

export const messages: Record<'en' | 'pl', ShellMessages> = {
  en: {
    trayEmpty: 'Klaviyo Audit Desk — no workspaces yet',
    trayWorkspaces: (n) => `${n} workspace${n === 1 ? '' : 's'}`,
    traySyncing: (n) => `${n} syncing`,
    trayAttention: (n) => `${n} need${n === 1 ? 's' : ''} attention`,
    trayCritical: (n) => `${n} critical finding${n === 1 ? '' : 's'}`,
    menuSyncAll: 'Sync all now',
    menuSyncing: 'Syncing…',
    menuOpen: 'Open Klaviyo Audit Desk',
    menuQuit: 'Quit',
    authTitle: (name) => `${name}: the Klaviyo key was rejected`,
    authBody: 'The key is invalid, revoked or expired. Open the workspace to enter a new key; nothing was changed.',
    partialTitle: (name) => `${name}: sync incomplete`,
    partialBody: 'Some resources did not finish. Your data is intact; open the workspace to see why and retry.',
    overdueTitle: (name) => `${name}: sync overdue`,
    overdueBody: 'No successful sync for more than two days. Open the app to sync now or check the last error.',
    neverSyncedBody: 'This workspace has never synced successfully. Open the app to sync it.',
    criticalTitle: (name, n) => `${name}: ${n === 1 ? 'a new critical finding' : `${n} new critical findings`}`,
    updateTitle: (v) => `Klaviyo Audit Desk ${v} is ready`,
    updateWaiting: 'It installs when the running syncs finish.',
    updateReady: 'Restart from Settings to install it.',
  },
  pl: {
    trayEmpty: 'Klaviyo Audit Desk — brak klientów',
    trayWorkspaces: (n) => `${n} ${pl(n, 'klient', 'klientów', 'klientów')}`,
    traySyncing: (n) => `${n} w synchronizacji`,
    trayAttention: (n) => `${n} ${pl(n, 'wymaga', 'wymagają', 'wymaga')} uwagi`,
    trayCritical: (n) => `${n} ${pl(n, 'krytyczny problem', 'krytyczne problemy', 'krytycznych problemów')}`,
    menuSyncAll: 'Synchronizuj wszystko',
    menuSyncing: 'Synchronizacja…',
    menuOpen: 'Otwórz Klaviyo Audit Desk',
    menuQuit: 'Zakończ',
    authTitle: (name) => `${name}: klucz Klaviyo został odrzucony`,
    authBody:
      'Klucz jest nieprawidłowy, unieważniony lub wygasł. Otwórz klienta i wpisz nowy klucz; nic nie zostało zmienione.',
    partialTitle: (name) => `${name}: synchronizacja niepełna`,
    partialBody: 'Część zasobów nie została pobrana. Dane są bezpieczne; otwórz klienta, aby zobaczyć powód i ponowić.',
    overdueTitle: (name) => `${name}: zaległa synchronizacja`,
    overdueBody:
      'Brak udanej synchronizacji od ponad dwóch dni. Otwórz aplikację, aby zsynchronizować lub sprawdzić błąd.',
    neverSyncedBody: 'Ten klient nie został jeszcze zsynchronizowany. Otwórz aplikację, aby to zrobić.',
    criticalTitle: (name, n) =>
      `${name}: ${n === 1 ? 'nowy krytyczny problem' : `${n} ${pl(n, 'nowy krytyczny problem', 'nowe krytyczne problemy', 'nowych krytycznych problemów')}`}`,
    updateTitle: (v) => `Klaviyo Audit Desk ${v} jest gotowy`,
    updateWaiting: 'Instalacja nastąpi po zakończeniu synchronizacji.',
    updateReady: 'Uruchom ponownie z Ustawień, aby zainstalować.',
  },
};

/** The language for a setting: `system` follows the OS locale (Polish for pl-*, English otherwise). */
export function shellMessages(locale: 'system' | 'en' | 'pl', systemLocale: string): ShellMessages {
  if (locale === 'en' || locale === 'pl') return messages[locale];
  return systemLocale.toLowerCase().startsWith('pl') ? messages.pl : messages.en;
}
