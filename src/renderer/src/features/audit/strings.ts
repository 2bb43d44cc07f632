import { translate, flattenCatalogue, type TParams } from '../../i18n/catalogue';
import { useI18n } from '../../i18n';

/**
 * The audit screens' strings, kept beside the feature (AUDIT owns this folder) and looked up through the same
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
  exported: 'Report saved',
  answers: 'Manual checks',
  answersTitle: 'What the API cannot see',
  answersHelp: 'SPF, DKIM, DMARC and the sending domain (rules D1, D2) and mobile vs desktop form rates (FM4).',
  save: 'Save and re-run',
  none: 'Not audited yet. The audit runs after every sync.',
  areas: 'Score by area',
  history: 'Score over time',
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
  status: { pass: 'Pass', fail: 'Fail', unknown: 'Unknown' },
  severity: { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low', info: 'Info' },
  area: {
    flows: 'Flows',
    tracking: 'Tracking',
    campaigns: 'Campaigns',
    deliverability: 'Deliverability',
    lists: 'Lists & segments',
    forms: 'Forms',
    revenue: 'Revenue',
    account: 'Account',
    sync: 'Data freshness',
  },
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
};

const pl: typeof en = {
  ...en,
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
  exported: 'Raport zapisany',
  answers: 'Kontrole ręczne',
  answersTitle: 'Czego API nie widzi',
  save: 'Zapisz i uruchom ponownie',
  none: 'Jeszcze bez audytu. Audyt uruchamia się po każdej synchronizacji.',
  areas: 'Wynik według obszaru',
  history: 'Wynik w czasie',
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
  status: { pass: 'OK', fail: 'Błąd', unknown: 'Nieznane' },
  severity: { critical: 'Krytyczne', high: 'Wysokie', medium: 'Średnie', low: 'Niskie', info: 'Info' },
};

const maps = { en: flattenCatalogue(en), pl: flattenCatalogue(pl) };

export function useAuditT() {
  const i18n = useI18n();
  const primary = maps[i18n.locale as keyof typeof maps] ?? maps.en;
  const t = (key: string, params?: TParams) => translate(i18n.locale, primary, maps.en, key, params);
  return { ...i18n, at: t };
}
