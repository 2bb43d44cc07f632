import type { Language as Locale } from '../contract/primitives';

/**
 * Words for a finding's evidence, in every language: the names of the figures the rules record (`recipients30d`)
 * with their unit and time window, the kinds of items behind a finding, the rules' notes on those items, the
 * values Klaviyo and the manual checks record as codes, and yes/no. The service sends the rules' keys and English
 * notes; the Audit tab's drawer, the PDF and the CSV all word them from here. Anything newer than these tables is
 * shown as it came.
 *
 * Each rule declares the figures it records (rule-evidence.ts, typed by these keys); the audit tests check that
 * every figure a rule emits is declared, so every declared figure has words here.
 */
const figuresEn = {
  status: 'Status',
  archived: 'Archived',
  liveEmails: 'Live emails',
  firstDelayMinutes: 'Minutes before the first email',
  smartSendingEmails: 'Emails with Smart Sending',
  messagesNotLive: 'Messages not live',
  recipients30d: 'Recipients, 30 days',
  revenue30d: 'Revenue, 30 days',
  dailyBefore: 'Recipients per day, earlier weeks',
  dailyRecent: 'Recipients per day, last 7 days',
  drop: 'Drop',
  daysSinceEdit: 'Days since the last edit',
  recipients90d: 'Recipients, 90 days',
  conversionRate: 'Placed-order rate',
  clickRate: 'Click rate',
  openRate: 'Open rate',
  baselinePerDay: 'Usual events per day',
  last72h: 'Events, last 72 hours',
  sent90d: 'Campaigns sent, 90 days',
  perWeek: 'Campaigns per week',
  longestGapDays: 'Longest gap (days)',
  campaigns: 'Campaigns judged',
  toEngagedSegments: 'Sent to engaged segments',
  engagedShare: 'Share sent to engaged segments',
  fullListSends: 'Full-list sends',
  delivered: 'Delivered',
  spamRate: 'Spam-complaint rate',
  bounceRate: 'Bounce rate',
  unsubscribeRate: 'Unsubscribe rate',
  openRateSecondary: 'Open rate (secondary)',
  revenuePerRecipient: 'Revenue per recipient',
  currency: 'Currency',
  recipients: 'Recipients',
  spf: 'SPF',
  dkim: 'DKIM',
  dmarc: 'DMARC',
  dmarcPolicy: 'DMARC policy',
  sendingDomain: 'Sending domain',
  profileCount: 'Profiles',
  engagedDays: 'Engagement window (days)',
  engaged90: 'Engaged in 90 days',
  emailable: 'Emailable profiles',
  share: 'Share',
  suppressed: 'Suppressed profiles',
  suppressionRate: 'Suppression rate',
  count: 'Profiles',
  isActive: 'Active',
  isProcessing: 'Processing',
  before: 'Profiles at the earlier sync',
  now: 'Profiles at the latest sync',
  swing: 'Change',
  lists: 'Lists',
  singleOptIn: 'Lists with single opt-in',
  optIn: 'Opt-in',
  views30d: 'Views, 30 days',
  submits30d: 'Submits, 30 days',
  submitRate: 'Submit rate',
  mobileSubmitRate: 'Mobile submit rate',
  desktopSubmitRate: 'Desktop submit rate',
  ratio: 'Mobile against desktop',
  flowRevenue: 'Flow revenue, 90 days',
  campaignRevenue: 'Campaign revenue, 90 days',
  flowShare: 'Flows’ share of revenue',
  attributed: 'Attributed revenue, 30 days',
  storeRevenue: 'Store revenue, 30 days',
  industry: 'Industry',
  testAccount: 'Test account',
  checked: 'Checked',
  untagged: 'Without a tag',
  hoursSinceSync: 'Hours since the sync',
  missingScope: 'Missing scope',
};

export type FigureKey = keyof typeof figuresEn;

// typed by the English keys, so a figure cannot be left out in Polish
const figuresPl: Record<FigureKey, string> = {
  status: 'Status',
  archived: 'Zarchiwizowany',
  liveEmails: 'Aktywne e-maile',
  firstDelayMinutes: 'Minuty do pierwszego e-maila',
  smartSendingEmails: 'E-maile ze Smart Sending',
  messagesNotLive: 'Nieaktywne wiadomości',
  recipients30d: 'Odbiorcy, 30 dni',
  revenue30d: 'Przychód, 30 dni',
  dailyBefore: 'Odbiorcy dziennie wcześniej',
  dailyRecent: 'Odbiorcy dziennie, ostatnie 7 dni',
  drop: 'Spadek',
  daysSinceEdit: 'Dni od ostatniej edycji',
  recipients90d: 'Odbiorcy, 90 dni',
  conversionRate: 'Współczynnik zamówień',
  clickRate: 'Współczynnik kliknięć',
  openRate: 'Współczynnik otwarć',
  baselinePerDay: 'Zdarzenia dziennie wcześniej',
  last72h: 'Zdarzenia, ostatnie 72 godziny',
  sent90d: 'Wysłane kampanie, 90 dni',
  perWeek: 'Kampanie tygodniowo',
  longestGapDays: 'Najdłuższa przerwa (dni)',
  campaigns: 'Ocenione kampanie',
  toEngagedSegments: 'Wysłane do zaangażowanych segmentów',
  engagedShare: 'Udział wysyłek do zaangażowanych segmentów',
  fullListSends: 'Wysyłki do całej listy',
  delivered: 'Doręczone',
  spamRate: 'Wskaźnik skarg na spam',
  bounceRate: 'Wskaźnik odbić',
  unsubscribeRate: 'Wskaźnik wypisań',
  openRateSecondary: 'Współczynnik otwarć (pomocniczo)',
  revenuePerRecipient: 'Przychód na odbiorcę',
  currency: 'Waluta',
  recipients: 'Odbiorcy',
  spf: 'SPF',
  dkim: 'DKIM',
  dmarc: 'DMARC',
  dmarcPolicy: 'Polityka DMARC',
  sendingDomain: 'Domena wysyłki',
  profileCount: 'Profile',
  engagedDays: 'Okno zaangażowania (dni)',
  engaged90: 'Zaangażowani w 90 dni',
  emailable: 'Profile, do których można wysyłać e-maile',
  share: 'Udział',
  suppressed: 'Wykluczone profile',
  suppressionRate: 'Odsetek wykluczonych profili',
  count: 'Profile',
  isActive: 'Aktywny',
  isProcessing: 'Przetwarzany',
  before: 'Profile przy wcześniejszej synchronizacji',
  now: 'Profile teraz',
  swing: 'Zmiana',
  lists: 'Listy',
  singleOptIn: 'Listy z single opt-in',
  optIn: 'Opt-in',
  views30d: 'Wyświetlenia, 30 dni',
  submits30d: 'Zapisy, 30 dni',
  submitRate: 'Współczynnik zapisów',
  mobileSubmitRate: 'Zapisy na telefonie',
  desktopSubmitRate: 'Zapisy na komputerze',
  ratio: 'Telefon względem komputera',
  flowRevenue: 'Przychód z flow, 90 dni',
  campaignRevenue: 'Przychód z kampanii, 90 dni',
  flowShare: 'Udział flow w przychodzie',
  attributed: 'Przypisany przychód, 30 dni',
  storeRevenue: 'Przychód sklepu, 30 dni',
  industry: 'Branża',
  testAccount: 'Konto testowe',
  checked: 'Sprawdzone',
  untagged: 'Bez tagu',
  hoursSinceSync: 'Godziny od synchronizacji',
  missingScope: 'Brakujące uprawnienie',
};

/** figures the rules record as shares (0.0123): shown as percentages */
const SHARES: ReadonlySet<string> = new Set<FigureKey>([
  'drop',
  'conversionRate',
  'clickRate',
  'openRate',
  'engagedShare',
  'spamRate',
  'bounceRate',
  'unsubscribeRate',
  'openRateSecondary',
  'share',
  'suppressionRate',
  'swing',
  'submitRate',
  'mobileSubmitRate',
  'desktopSubmitRate',
  'ratio',
  'flowShare',
]);

/** figures the rules record as amounts in the account's currency; revenue per recipient needs a tenth of a cent */
const MONEY: ReadonlyMap<string, number> = new Map<FigureKey, number>([
  ['revenue30d', 2],
  ['flowRevenue', 2],
  ['campaignRevenue', 2],
  ['attributed', 2],
  ['storeRevenue', 2],
  ['revenuePerRecipient', 3],
]);

const itemTypesEn = {
  flow: 'Flow',
  campaign: 'Campaign',
  segment: 'Segment',
  list: 'List',
  form: 'Form',
  metric: 'Metric',
  resource: 'Data',
};
const itemTypesPl: Record<keyof typeof itemTypesEn, string> = {
  flow: 'Flow',
  campaign: 'Kampania',
  segment: 'Segment',
  list: 'Lista',
  form: 'Formularz',
  metric: 'Metryka',
  resource: 'Dane',
};

/** the rules' notes on evidence items, by their English text */
const notesPl: Record<string, string> = {
  'core flow not live': 'kluczowy flow nieaktywny',
  'partially live': 'aktywny tylko częściowo',
  'no Placed Order = 0 since flow start filter': 'brak filtra „Placed Order = 0 od wejścia do flow”',
  'the Placed Order = 0 filter is narrowed by a property filter; other buyers are not excluded':
    'filtr „Placed Order = 0” jest zawężony filtrem właściwości; pozostali kupujący nie są wykluczeni',
  'sent to a full list without excluding unengaged profiles':
    'wysłana do całej listy bez wykluczenia niezaangażowanych profili',
  'emailable base': 'baza profili, do których można wysyłać e-maile',
  'largest list used as base': 'największa lista użyta jako baza',
  'not judged: no flow definition synced': 'nieoceniony: definicja flow nie została zsynchronizowana',
  'audience names a list or segment that no longer exists': 'odbiorcy obejmują listę lub segment, których już nie ma',
};

const yesNo = { en: { true: 'Yes', false: 'No' }, pl: { true: 'Tak', false: 'Nie' } } as const;

/**
 * Figures recorded as codes (the manual checks' answers, a list's opt-in process), in words. Klaviyo's own
 * names (a flow's status, an industry, a scope) are what the strategist sees in Klaviyo and stay as they are.
 */
const checkWordsEn = { pass: 'passes', fail: 'fails', unknown: 'not checked' };
const checkWordsPl: typeof checkWordsEn = { pass: 'poprawny', fail: 'błędny', unknown: 'nie sprawdzono' };
const codeWords: Record<Locale, Partial<Record<FigureKey, Record<string, string>>>> = {
  en: {
    spf: checkWordsEn,
    dkim: checkWordsEn,
    dmarc: checkWordsEn,
    dmarcPolicy: { none: 'none (monitor only)', quarantine: 'quarantine', reject: 'reject', unknown: 'not checked' },
    optIn: { single_opt_in: 'single opt-in', double_opt_in: 'double opt-in' },
  },
  pl: {
    spf: checkWordsPl,
    dkim: checkWordsPl,
    dmarc: checkWordsPl,
    dmarcPolicy: {
      none: 'none (tylko monitorowanie)',
      quarantine: 'quarantine',
      reject: 'reject',
      unknown: 'nie sprawdzono',
    },
    optIn: { single_opt_in: 'single opt-in', double_opt_in: 'double opt-in' },
  },
};

export const evidenceLabels = {
  figures: { en: figuresEn, pl: figuresPl },
  itemTypes: { en: itemTypesEn, pl: itemTypesPl },
  notes: { pl: notesPl },
  codes: codeWords,
} as const;

const own = <V>(table: Readonly<Record<string, V>>, key: string): V | undefined =>
  Object.hasOwn(table, key) ? table[key] : undefined;

/** The name of a figure in the locale; a key this build does not know is shown as it is. */
export const figureLabel = (locale: Locale, key: string): string => own(evidenceLabels.figures[locale], key) ?? key;

export const itemTypeLabel = (locale: Locale, type: string): string =>
  own(evidenceLabels.itemTypes[locale], type) ?? type;

/** The rule's note in the locale (the rules write English notes). */
export const noteLabel = (locale: Locale, note: string): string =>
  locale === 'en' ? note : (own(evidenceLabels.notes[locale], note) ?? note);

/**
 * A figure's value for the locale: shares as percentages, amounts in the account's currency (when the audit knows
 * it), other numbers with the locale's separators, yes/no.
 */
export function figureValue(
  locale: Locale,
  key: string,
  value: number | string | boolean | null,
  currency: string | null = null,
): string {
  if (value === null) return '—';
  if (typeof value === 'boolean') return yesNo[locale][`${value}`];
  if (typeof value === 'string') {
    const codes = own(evidenceLabels.codes[locale], key) as Record<string, string> | undefined;
    return (codes && own(codes, value)) ?? value;
  }
  const moneyDigits = MONEY.get(key);
  if (moneyDigits !== undefined && currency) {
    try {
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: moneyDigits,
      }).format(value);
    } catch {
      // a code Intl does not know: the number alone, as for an account without a currency
    }
  }
  if (SHARES.has(key))
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 3 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 3 }).format(value);
}

/** Figures recorded as an amount of money: a report says which currency they are in. */
export const isMoneyFigure = (key: string): boolean => MONEY.has(key);

/** "Revenue, 30 days: $1,234.50": a figure as a person reads it, its name, window and unit included. */
export const figureText = (
  locale: Locale,
  key: string,
  value: number | string | boolean | null,
  currency: string | null = null,
): string => `${figureLabel(locale, key)}: ${figureValue(locale, key, value, currency)}`;
