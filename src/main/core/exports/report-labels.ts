import { auditWords, type AuditWords } from '../../../shared/audit/audit-words';
import type { Language } from '../../../shared/contract/primitives';

/**
 * The report's own words (cover, summary, sections, footers) in every language. The audit's vocabulary (areas,
 * statuses, severities), rule titles, sentences, recommendations and evidence words come from the shared tables
 * the screens use (src/shared/audit); only what exists on paper alone is written here.
 */
export type ReportLabels = AuditWords & {
  locale: Language;
  coverKicker: string;
  prepared: (date: string) => string;
  preparedBy: (who: string) => string;
  preparedFor: string;
  overallScore: string;
  counts: (c: { fail: string; pass: string; unknown: string; critical: string }) => string;
  coverage: (pct: string) => string;
  testAccount: string;
  evaluated: (at: string) => string;
  figuresAsOf: (at: string) => string;
  summary: string;
  scoreLine: (score: string) => string;
  scoreChange: (delta: number, deltaText: string, previous: string, at: string) => string;
  /** the same against the last exported report */
  scoreChangeSinceReport: (delta: number, deltaText: string, previous: string, at: string) => string;
  noPreviousAudit: string;
  topActions: string;
  noActions: string;
  changes: string;
  changesBetween: (from: string, to: string) => string;
  changeCounts: (c: { added: string; removed: string; modified: string }) => string;
  noChanges: string;
  firstSync: string;
  changesIncomplete: (what: string) => string;
  moreChanges: (n: string) => string;
  scoreByArea: string;
  areaLine: (a: { fail: string; pass: string; unknown: string; coverage: string }) => string;
  failingBySeverity: string;
  weights: string;
  performance: string;
  flowRevenue: (currency: string) => string;
  campaignRevenue: (currency: string) => string;
  recipients: (n: string) => string;
  metricVolume: string;
  metricPeak: (max: string) => string;
  seriesSpan: (start: string, end: string, days: string) => string;
  noCurrency: string;
  findings: string;
  findingFiguresAsOf: (at: string) => string;
  window: (days: string) => string;
  moreEvidence: (n: string) => string;
  recommendation: string;
  noActionNeeded: string;
  /** a failure the strategist accepted or snoozed: its badge, and who decided when (until when) */
  decision: { accepted: string; snoozed: string };
  decisionLine: (d: { state: 'accepted' | 'snoozed'; by: string; at: string; until: string | null }) => string;
  noteLine: (by: string, text: string) => string;
  page: (i: number, n: number) => string;
  title: (client: string) => string;
};

const en: ReportLabels = {
  ...auditWords.en,
  locale: 'en',
  coverKicker: 'KLAVIYO ACCOUNT AUDIT',
  prepared: (date) => `Prepared ${date}`,
  preparedBy: (who) => `Prepared by ${who}`,
  preparedFor: 'Prepared for',
  overallScore: 'overall score',
  counts: (c) => `${c.fail} failing · ${c.pass} passing · ${c.unknown} unknown · ${c.critical} critical`,
  coverage: (pct) => `Coverage ${pct} of the weighted rules could be evaluated (unknown rules earn no points).`,
  testAccount: 'Test account: shown for reference, not counted as a client score.',
  evaluated: (at) => `Audit evaluated ${at}`,
  figuresAsOf: (at) => `Performance figures as of ${at}`,
  summary: 'Executive summary',
  scoreLine: (score) => `Overall score: ${score} out of 100`,
  scoreChange: (delta, text, previous, at) =>
    delta === 0
      ? `Unchanged since the previous audit (${previous} on ${at}).`
      : `${delta > 0 ? 'Up' : 'Down'} ${text} ${Math.abs(delta) === 1 ? 'point' : 'points'} since the previous audit (${previous} on ${at}).`,
  scoreChangeSinceReport: (delta, text, previous, at) =>
    delta === 0
      ? `Unchanged since the last report (${previous}, exported on ${at}).`
      : `${delta > 0 ? 'Up' : 'Down'} ${text} ${Math.abs(delta) === 1 ? 'point' : 'points'} since the last report (${previous}, exported on ${at}).`,
  noPreviousAudit: 'This is the first audit of this account: there is no earlier score to compare with.',
  topActions: 'Top five actions by impact',
  noActions: 'No failing checks: nothing to fix right now.',
  changes: 'What changed since the previous sync',
  changesBetween: (from, to) => `Between the syncs of ${from} and ${to}:`,
  changeCounts: (c) => `${c.added} added · ${c.removed} removed · ${c.modified} changed`,
  noChanges: 'Nothing changed in the account between the last two complete syncs.',
  firstSync: 'Only one complete sync so far: changes are shown from the next one on.',
  changesIncomplete: (what) => `Not fully read in one of the two syncs: ${what}.`,
  moreChanges: (n) => `… and ${n} more`,
  scoreByArea: 'Score by area',
  areaLine: (a) => `${a.fail} fail · ${a.pass} pass · ${a.unknown} unknown · coverage ${a.coverage}`,
  failingBySeverity: 'Failing findings by severity',
  weights:
    'Weights: critical 10, high 6, medium 3, low 1, info 0. A pass earns the full weight, an unknown earns nothing, a fail earns the weight minus the weight of the band it hit. Area weights: Flows 25, Deliverability 15, Campaigns 15, Lists & segments 12, Tracking 10, Forms 8, Revenue 8, Account 4, Data freshness 3.',
  performance: 'Performance',
  flowRevenue: (currency) => `Flow revenue in ${currency}, last 90 days (top 10)`,
  campaignRevenue: (currency) => `Campaign revenue in ${currency}, last 90 days (top 10)`,
  recipients: (n) => `${n} recipients`,
  metricVolume: 'Trigger-metric events per day, last 90 days',
  metricPeak: (max) => `peak ${max} a day`,
  seriesSpan: (start, end, days) => `${start} – ${end} (${days} days), each chart on its own scale`,
  noCurrency: 'account currency not known',
  findings: 'Findings',
  findingFiguresAsOf: (at) => `figures as of ${at}`,
  window: (days) => `last ${days} days`,
  moreEvidence: (n) => `• … and ${n} more`,
  recommendation: 'Recommendation: ',
  noActionNeeded: 'No action needed: this check passes.',
  decision: { accepted: 'Accepted', snoozed: 'Snoozed' },
  decisionLine: (d) =>
    d.state === 'accepted'
      ? `Accepted (won't fix) by ${d.by} on ${d.at}; not counted in the score.`
      : `Snoozed until ${d.until} by ${d.by} on ${d.at}; not counted in the score until then.`,
  noteLine: (by, text) => `Note (${by}): ${text}`,
  page: (i, n) => `Page ${i} of ${n}`,
  title: (client) => `Klaviyo audit – ${client}`,
};

const pl: ReportLabels = {
  ...auditWords.pl,
  locale: 'pl',
  coverKicker: 'AUDYT KONTA KLAVIYO',
  prepared: (date) => `Przygotowano ${date}`,
  preparedBy: (who) => `Przygotował(a): ${who}`,
  preparedFor: 'Przygotowano dla',
  overallScore: 'wynik ogólny',
  counts: (c) => `${c.fail} do poprawy · ${c.pass} w porządku · ${c.unknown} nieznane · ${c.critical} krytyczne`,
  coverage: (pct) => `Pokrycie: ${pct} ważonych reguł dało się ocenić (nieznane reguły nie dają punktów).`,
  testAccount: 'Konto testowe: pokazane dla informacji, nie liczy się jako wynik klienta.',
  evaluated: (at) => `Audyt z ${at}`,
  figuresAsOf: (at) => `Dane o wynikach z ${at}`,
  summary: 'Podsumowanie',
  scoreLine: (score) => `Wynik ogólny: ${score} na 100`,
  scoreChange: (delta, text, previous, at) =>
    delta === 0
      ? `Bez zmian od poprzedniego audytu (${previous} z ${at}).`
      : `${delta > 0 ? 'Wzrost' : 'Spadek'} o ${text} pkt od poprzedniego audytu (${previous} z ${at}).`,
  scoreChangeSinceReport: (delta, text, previous, at) =>
    delta === 0
      ? `Bez zmian od ostatniego raportu (${previous}, wyeksportowanego ${at}).`
      : `${delta > 0 ? 'Wzrost' : 'Spadek'} o ${text} pkt od ostatniego raportu (${previous}, wyeksportowanego ${at}).`,
  noPreviousAudit: 'To pierwszy audyt tego konta: nie ma wcześniejszego wyniku do porównania.',
  topActions: 'Pięć najważniejszych działań',
  noActions: 'Żadna kontrola nie wypadła źle: na razie nie ma nic do poprawy.',
  changes: 'Co się zmieniło od poprzedniej synchronizacji',
  changesBetween: (from, to) => `Między synchronizacjami z ${from} i ${to}:`,
  changeCounts: (c) => `dodane: ${c.added} · usunięte: ${c.removed} · zmienione: ${c.modified}`,
  noChanges: 'Między dwiema ostatnimi pełnymi synchronizacjami nic się na koncie nie zmieniło.',
  firstSync: 'Na razie jest tylko jedna pełna synchronizacja: zmiany pojawią się od następnej.',
  changesIncomplete: (what) => `Nie w pełni odczytane w jednej z dwóch synchronizacji: ${what}.`,
  moreChanges: (n) => `… i jeszcze ${n}`,
  scoreByArea: 'Wynik według obszaru',
  areaLine: (a) => `do poprawy: ${a.fail} · w porządku: ${a.pass} · nieznane: ${a.unknown} · pokrycie ${a.coverage}`,
  failingBySeverity: 'Problemy według wagi',
  weights:
    'Wagi: krytyczne 10, wysokie 6, średnie 3, niskie 1, info 0. Reguła spełniona daje pełną wagę, nieznana nic, niespełniona wagę pomniejszoną o wagę progu, który przekroczyła. Wagi obszarów: flow 25, dostarczalność 15, kampanie 15, listy 12, śledzenie 10, formularze 8, przychód 8, konto 4, świeżość danych 3.',
  performance: 'Wyniki',
  flowRevenue: (currency) => `Przychód z flow w ${currency}, ostatnie 90 dni (10 najlepszych)`,
  campaignRevenue: (currency) => `Przychód z kampanii w ${currency}, ostatnie 90 dni (10 najlepszych)`,
  recipients: (n) => `odbiorcy: ${n}`,
  metricVolume: 'Zdarzenia metryk wyzwalających dziennie, ostatnie 90 dni',
  metricPeak: (max) => `maks. ${max} dziennie`,
  seriesSpan: (start, end, days) => `${start} – ${end} (dni: ${days}), każdy wykres we własnej skali`,
  noCurrency: 'waluta konta nieznana',
  findings: 'Wyniki kontroli',
  findingFiguresAsOf: (at) => `dane z ${at}`,
  window: (days) => `ostatnie ${days} dni`,
  moreEvidence: (n) => `• … i jeszcze ${n}`,
  recommendation: 'Zalecenie: ',
  noActionNeeded: 'Nic do zrobienia: ta kontrola wypada dobrze.',
  decision: { accepted: 'Zaakceptowane', snoozed: 'Odłożone' },
  decisionLine: (d) =>
    d.state === 'accepted'
      ? `Zaakceptowane (bez poprawki) przez ${d.by} dnia ${d.at}; nie liczy się do wyniku.`
      : `Odłożone do ${d.until} przez ${d.by} dnia ${d.at}; do tego dnia nie liczy się do wyniku.`,
  noteLine: (by, text) => `Notatka (${by}): ${text}`,
  page: (i, n) => `Strona ${i} z ${n}`,
  title: (client) => `Audyt Klaviyo – ${client}`,
};

export const REPORT_LABELS: Record<Language, ReportLabels> = { en, pl };
