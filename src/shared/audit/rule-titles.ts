import type { Language } from '../contract/primitives';

/**
 * Rule titles by rule id, in every language. The audit's rule definitions take their English from here, and
 * screens show the reader's language, so an English screen reads exactly what the CSV and PDF say.
 *
 * Only the titles live here because the all-clients table (eager) shows the worst finding's title; the longer
 * recommendations are needed by the Audit tab alone and live in their own module (rule-recommendations.ts), so
 * the page loads them with that tab.
 *
 * Klaviyo's own names (metrics, statuses, filters, the segment names the audit recognises) stay in English:
 * that is what the strategist sees in Klaviyo. A name that differs by account (the checkout metric is "Checkout
 * Started" on Shopify, "Started Checkout" elsewhere) is a `{placeholder}` filled from the finding's message
 * parameters, with the common name when the finding does not carry one.
 */
const en = {
  F1: 'A live Welcome flow exists',
  F2: 'The Welcome flow has at least 3 live emails and the first goes out within 60 minutes',
  F3: 'A live checkout-abandonment flow ({checkoutMetric}) with at least 2 live emails',
  F4: 'Abandonment flows exclude buyers (Placed Order zero times since starting the flow)',
  F5: 'Smart Sending on cart/checkout abandonment emails is reviewed',
  F6: 'A live Browse Abandonment flow exists (Viewed Product / Active on Site)',
  F7: 'A live Added-to-Cart flow exists, separate from checkout',
  F8: 'A live Post-purchase flow exists with at least 2 emails',
  F9: 'A live Winback flow exists (90–180 days without a purchase)',
  F10: 'A live Sunset flow exists and its segment is active',
  F11: 'No core flow sits in draft or manual, and no live flow is only partially live',
  F12: 'No live flow had 0 recipients or $0 revenue in the last 30 days',
  F13: 'Flow send volume has not fallen sharply against its own history',
  F14: 'Live flows were edited within the last year',
  F15: 'Flow placed-order rate at or above the Klaviyo median (1.71%), click ≥ 2%',
  F16: 'No single-email flows (except transactional)',
  M1: 'Trigger metrics are still recording (events in the last 72 hours)',
  C1: 'Campaign cadence between 1 and 7 per week, no gap of 30 days',
  C2: 'Campaigns target engaged segments, no full-list sends without exclusions',
  C3: 'Campaign spam-complaint rate below 0.05% (0.1% is critical)',
  C4: 'Campaign bounce rate below 1% (over 2% needs attention)',
  C5: 'Campaign unsubscribe rate below 0.3% (over 1% needs attention)',
  C6: 'Campaign click rate at least 0.8% (open rate shown only as secondary)',
  C7: 'Campaign revenue per recipient at or above the $0.11 average',
  D1: 'SPF, DKIM and DMARC pass for the sending domain (DMARC at least p=none)',
  D2: 'A branded (dedicated) sending domain is in use',
  D3: 'Account-level 30-day spam, bounce and unsubscribe rates within Klaviyo bands',
  L1: 'Engaged 30- and 90-day segments exist',
  L2: 'The 90-day engaged segment is at least 20% of emailable profiles',
  L3: 'Suppression rate below 20%',
  L4: 'A sunset/unengaged segment exists and is used',
  L5: 'A VIP / high-value segment exists',
  L6: 'No inactive or processing segment is used by a live flow or a recent campaign',
  L7: 'No segment or list count swung more than 40% between syncs',
  L8: 'List opt-in process (single vs double) reported',
  FM1: 'At least one live signup form',
  FM2: 'Primary form submit rate at least 2% (above 3% is good)',
  FM3: 'No live form with views but zero submits in 30 days',
  FM4: 'Mobile submit rate at least half the desktop rate',
  R1: 'Flows bring at least 20% of Klaviyo-attributed revenue (benchmark 30–60%)',
  R2: 'Klaviyo-attributed revenue is at least 20% of store revenue (over 50% = over-reliant)',
  A1: 'Account industry is set',
  A2: 'Not a test account (test accounts are excluded from scoring)',
  T1: 'Live flows and recent campaigns are tagged',
  S1: 'The last successful sync is less than 24 hours old',
  S2: 'The API key has every scope the audit reads',
};

export type RuleId = keyof typeof en;

// typed by the English ids, so Polish cannot leave a rule out or name one that does not exist
const pl: Record<RuleId, string> = {
  F1: 'Istnieje aktywny flow powitalny (Welcome)',
  F2: 'Flow powitalny ma co najmniej 3 aktywne e-maile, a pierwszy wychodzi w ciągu 60 minut',
  F3: 'Aktywny flow porzuconego checkoutu ({checkoutMetric}) z co najmniej 2 aktywnymi e-mailami',
  F4: 'Flow porzuceń wykluczają kupujących (Placed Order zero razy od wejścia do flow)',
  F5: 'Sprawdzono Smart Sending w e-mailach o porzuconym koszyku i checkoucie',
  F6: 'Istnieje aktywny flow porzuconego przeglądania (Viewed Product / Active on Site)',
  F7: 'Istnieje aktywny flow porzuconego koszyka (Added to Cart), oddzielny od checkoutu',
  F8: 'Istnieje aktywny flow posprzedażowy z co najmniej 2 e-mailami',
  F9: 'Istnieje aktywny flow winback (90–180 dni bez zakupu)',
  F10: 'Istnieje aktywny flow sunset, a jego segment jest aktywny',
  F11: 'Żaden kluczowy flow nie stoi w statusie Draft ani Manual i żaden aktywny flow nie działa tylko częściowo',
  F12: 'Żaden aktywny flow nie miał w ostatnich 30 dniach 0 odbiorców ani zerowego przychodu',
  F13: 'Wolumen wysyłek flow nie spadł gwałtownie względem jego własnej historii',
  F14: 'Aktywne flow były edytowane w ciągu ostatniego roku',
  F15: 'Współczynnik zamówień z flow co najmniej na poziomie mediany Klaviyo (1,71%), kliknięcia ≥ 2%',
  F16: 'Brak flow z jednym e-mailem (poza transakcyjnymi)',
  M1: 'Metryki wyzwalające nadal rejestrują zdarzenia (w ostatnich 72 godzinach)',
  C1: 'Od 1 do 7 kampanii tygodniowo, bez 30-dniowej przerwy',
  C2: 'Kampanie trafiają do zaangażowanych segmentów, bez wysyłek do całej listy bez wykluczeń',
  C3: 'Wskaźnik skarg na spam w kampaniach poniżej 0,05% (0,1% to poziom krytyczny)',
  C4: 'Wskaźnik odbić (bounce) w kampaniach poniżej 1% (powyżej 2% wymaga uwagi)',
  C5: 'Wskaźnik wypisań z kampanii poniżej 0,3% (powyżej 1% wymaga uwagi)',
  C6: 'Wskaźnik kliknięć w kampaniach co najmniej 0,8% (otwarcia tylko pomocniczo)',
  C7: 'Przychód z kampanii na odbiorcę co najmniej na poziomie średniej 0,11 USD',
  D1: 'SPF, DKIM i DMARC są poprawne dla domeny wysyłki (DMARC co najmniej p=none)',
  D2: 'Używana jest własna (dedykowana) domena wysyłki',
  D3: '30-dniowe wskaźniki skarg na spam, odbić i wypisań dla konta mieszczą się w normach Klaviyo',
  L1: 'Istnieją segmenty zaangażowanych z 30 i 90 dni',
  L2: 'Segment zaangażowanych z 90 dni to co najmniej 20% profili, do których można wysyłać e-maile',
  L3: 'Odsetek wykluczonych profili (suppressed) poniżej 20%',
  L4: 'Istnieje i jest używany segment sunset / niezaangażowanych',
  L5: 'Istnieje segment VIP / klientów o wysokiej wartości',
  L6: 'Żaden nieaktywny ani przetwarzany segment nie jest używany przez aktywny flow ani niedawną kampanię',
  L7: 'Liczebność żadnego segmentu ani listy nie zmieniła się o ponad 40% między synchronizacjami',
  L8: 'Odnotowano sposób zapisu na listy (single czy double opt-in)',
  FM1: 'Co najmniej jeden aktywny formularz zapisu',
  FM2: 'Wskaźnik zapisów w głównym formularzu co najmniej 2% (powyżej 3% to dobry wynik)',
  FM3: 'Żaden aktywny formularz nie ma wyświetleń bez ani jednego zapisu w 30 dni',
  FM4: 'Wskaźnik zapisów na telefonie wynosi co najmniej połowę wskaźnika na komputerze',
  R1: 'Flow przynoszą co najmniej 20% przychodu przypisanego do Klaviyo (benchmark 30–60%)',
  R2: 'Przychód przypisany do Klaviyo to co najmniej 20% przychodu sklepu (powyżej 50% = nadmierna zależność)',
  A1: 'Branża konta jest ustawiona',
  A2: 'To nie jest konto testowe (konta testowe nie są liczone w wyniku)',
  T1: 'Aktywne flow i niedawne kampanie mają tagi',
  S1: 'Ostatnia udana synchronizacja ma mniej niż 24 godziny',
  S2: 'Klucz API ma wszystkie uprawnienia, które odczytuje audyt',
};

export type RuleTexts = Record<Language, Record<RuleId, string>>;

export const ruleTitles: RuleTexts = { en, pl };

/** The account's own words a rule's text names, and what it says when the finding does not carry them. */
const ACCOUNT_WORDS: Readonly<Record<string, string>> = { checkoutMetric: 'Started Checkout' };

export type RuleTextParams = Readonly<Record<string, string | number>>;

/** A rule's text with the account's own names put in (see ACCOUNT_WORDS). */
export const fillRuleText = (text: string, params: RuleTextParams = {}): string =>
  text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    if (typeof v === 'string' && v.trim()) return v;
    return Object.hasOwn(ACCOUNT_WORDS, name) ? ACCOUNT_WORDS[name]! : whole;
  });

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The account's names read back from the service's English text (a finding's title as stored, or one carried
 * without its message, like an overview's worst finding): the English template with each placeholder matched.
 */
function paramsFromEnglish(template: string, english: string): Record<string, string> {
  const names: string[] = [];
  const pattern = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const m = /^\{(\w+)\}$/.exec(part);
      if (!m) return escapeRegExp(part);
      names.push(m[1]!);
      return '(.+?)';
    })
    .join('');
  if (!names.length) return {};
  const hit = new RegExp(`^${pattern}$`).exec(english);
  if (!hit) return {};
  // the template itself (a rule's definition before it judged an account) names no account
  return Object.fromEntries(names.map((n, i) => [n, hit[i + 1]!]).filter(([, v]) => !/^\{\w+\}$/.test(v!)));
}

/**
 * The text for a rule in the locale, naming the account's own metrics: from the finding's message parameters, or
 * else as the service's English text names them. An id this build does not know (a newer service) keeps the
 * service's text.
 */
export function ruleText(
  table: RuleTexts,
  locale: Language,
  ruleId: string,
  fromService: string,
  params?: RuleTextParams,
): string {
  const byId: Record<string, string> = table[locale];
  if (!Object.hasOwn(byId, ruleId)) return fromService;
  const english = (table.en as Record<string, string>)[ruleId]!;
  return fillRuleText(byId[ruleId]!, params ?? paramsFromEnglish(english, fromService));
}
