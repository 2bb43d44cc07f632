import { translate, flattenCatalogue, type TParams } from '../../i18n/catalogue';
import { useI18n } from '../../i18n';
import { auditWords } from '../../../../shared/audit/audit-words';
import { ruleText, ruleTitles } from '../../../../shared/audit/rule-titles';

/**
 * The audit screens' strings, kept beside the feature and looked up through the same
 * translate() as the rest of the app, with the app's current locale and English as fallback.
 */
const en = {
  title: 'Audit',
  score: 'Score',
  coverage: 'Coverage {value}',
  counts: '{fail} failing · {pass} passing · {unknown} unknown',
  critical_one: '{count} critical',
  critical_other: '{count} critical',
  evaluatedAt: 'Evaluated {when}',
  figuresAsOf: 'Performance figures as of {when}',
  noFigures: 'No performance figures yet',
  testAccount: 'Test account: shown, not scored',
  rerun: 'Re-run audit',
  exportCsv: 'Export CSV',
  exportPdf: 'Export PDF',
  reportLanguage: 'Language of the exported report',
  exported: 'Report saved',
  answers: 'Manual checks',
  answersTitle: 'What the API cannot see',
  answersHelp: 'SPF, DKIM, DMARC and the sending domain (rules D1, D2) and mobile vs desktop form rates (FM4).',
  save: 'Save and re-run',
  none: 'Not audited yet. The audit runs after every sync.',
  areas: 'Score by area',
  history: 'Score over time',
  flowRevenue: 'Flow revenue, last 90 days',
  campaignRevenue: 'Campaign revenue, last 90 days',
  metricVolumeDay: 'Trigger metrics per day',
  metricVolumeWeek: 'Trigger metrics per week',
  weekPartial: '{days} of 7 days',
  soFar: 'so far',
  incomplete: 'incomplete period',
  revenue: 'Revenue',
  perfAsOf: 'Figures as of {when}',
  noPerf: 'No figures fetched yet',
  noPerfWhy: 'They are fetched after each sync, as far as the account’s reporting limits allow.',
  noRevenue: 'No attributed revenue in the last 90 days',
  noRevenueWhy:
    'Either no orders followed these messages, or the account has no conversion metric (such as Placed Order) set.',
  noEvents: 'No trigger-metric events in the last 90 days',
  noEventsWhy:
    'None of the metrics that start flows (Placed Order, Added to Cart, Active on Site…) recorded an event. Check that the site sends its events to Klaviyo.',
  filterStatus: 'Status',
  filterArea: 'Area',
  filterSeverity: 'Severity',
  all: 'All',
  noFindings: 'No findings match the filters.',
  evidence: 'Evidence',
  figures: 'Figures',
  recommendation: 'Recommendation',
  item: 'Item',
  noEvidence: 'No items behind this finding.',
  column: 'Audit',
  worst: 'Worst: {rule} {title}',
  ...auditWords.en,
  answer: {
    spf: 'SPF',
    dkim: 'DKIM',
    dmarc: 'DMARC',
    dmarcPolicy: 'DMARC policy',
    brandedDomain: 'Branded sending domain',
    sendingDomain: 'Sending domain',
    mobileSubmitRate: 'Mobile submit rate (%)',
    desktopSubmitRate: 'Desktop submit rate (%)',
  },
  // the choices of the manual checks; DMARC policies keep their DNS spelling, which is what the record says
  answerValue: {
    pass: 'Passes',
    fail: 'Fails',
    unknown: 'Not checked',
    yes: 'Yes',
    no: 'No',
    none: 'none (monitor only)',
    quarantine: 'quarantine',
    reject: 'reject',
  },
};

// no spread of `en`: the type then makes every key a Polish string, so a new key cannot slip through in English
const pl: typeof en = {
  title: 'Audyt',
  score: 'Wynik',
  coverage: 'Pokrycie {value}',
  counts: '{fail} do poprawy · {pass} w porządku · {unknown} nieznane',
  critical_one: '{count} krytyczny',
  critical_other: '{count} krytycznych',
  evaluatedAt: 'Oceniono {when}',
  figuresAsOf: 'Dane o wynikach z {when}',
  noFigures: 'Brak danych o wynikach',
  testAccount: 'Konto testowe: pokazane, nie liczone',
  rerun: 'Uruchom audyt ponownie',
  exportCsv: 'Eksport CSV',
  exportPdf: 'Eksport PDF',
  reportLanguage: 'Język eksportowanego raportu',
  exported: 'Raport zapisany',
  answers: 'Kontrole ręczne',
  answersTitle: 'Czego API nie widzi',
  answersHelp:
    'SPF, DKIM, DMARC i domena wysyłki (reguły D1, D2) oraz współczynnik zapisów w formularzach na telefonie i komputerze (FM4).',
  save: 'Zapisz i uruchom ponownie',
  none: 'Jeszcze bez audytu. Audyt uruchamia się po każdej synchronizacji.',
  areas: 'Wynik według obszaru',
  history: 'Wynik w czasie',
  flowRevenue: 'Przychód z flow, 90 dni',
  campaignRevenue: 'Przychód z kampanii, 90 dni',
  metricVolumeDay: 'Metryki wyzwalające dziennie',
  metricVolumeWeek: 'Metryki wyzwalające tygodniowo',
  weekPartial: '{days} z 7 dni',
  soFar: 'do tej pory',
  incomplete: 'niepełny okres',
  revenue: 'Przychód',
  perfAsOf: 'Dane z {when}',
  noPerf: 'Jeszcze nie pobrano danych',
  noPerfWhy: 'Pobieramy je po każdej synchronizacji, na ile pozwalają limity raportowania konta.',
  noRevenue: 'Brak przypisanego przychodu w ostatnich 90 dniach',
  noRevenueWhy:
    'Po tych wiadomościach nie było zamówień albo konto nie ma ustawionej metryki konwersji (np. Placed Order).',
  noEvents: 'Brak zdarzeń metryk wyzwalających w ostatnich 90 dniach',
  noEventsWhy:
    'Żadna z metryk uruchamiających flow (Placed Order, Added to Cart, Active on Site…) nie zapisała zdarzenia. Sprawdź, czy sklep wysyła zdarzenia do Klaviyo.',
  filterStatus: 'Status',
  filterArea: 'Obszar',
  filterSeverity: 'Waga',
  all: 'Wszystkie',
  noFindings: 'Brak wyników dla filtrów.',
  evidence: 'Dowody',
  figures: 'Liczby',
  recommendation: 'Zalecenie',
  item: 'Element',
  noEvidence: 'Brak elementów.',
  column: 'Audyt',
  worst: 'Najgorsze: {rule} {title}',
  ...auditWords.pl,
  answer: {
    spf: 'SPF',
    dkim: 'DKIM',
    dmarc: 'DMARC',
    dmarcPolicy: 'Polityka DMARC',
    brandedDomain: 'Własna domena wysyłki',
    sendingDomain: 'Domena wysyłki',
    mobileSubmitRate: 'Zapisy na telefonie (%)',
    desktopSubmitRate: 'Zapisy na komputerze (%)',
  },
  answerValue: {
    pass: 'Poprawny',
    fail: 'Błędny',
    unknown: 'Nie sprawdzono',
    yes: 'Tak',
    no: 'Nie',
    none: 'none (tylko monitorowanie)',
    quarantine: 'quarantine (kwarantanna)',
    reject: 'reject (odrzucanie)',
  },
};

const maps = { en: flattenCatalogue(en), pl: flattenCatalogue(pl) };

export function useAuditT() {
  const i18n = useI18n();
  const primary = maps[i18n.locale as keyof typeof maps] ?? maps.en;
  const t = (key: string, params?: TParams) => translate(i18n.locale, primary, maps.en, key, params);
  const ruleTitle = (f: { ruleId: string; title: string }) => ruleText(ruleTitles, i18n.locale, f.ruleId, f.title);
  return { ...i18n, at: t, ruleTitle };
}
