import { typeWord, type ChangeLang } from '../changes';

export type TrendLang = ChangeLang;

/** What each captured figure means, for a person: CSV cells, the CLI's table and the screens' legends. */
const METRICS = {
  en: {
    score: 'Audit score',
    'findings.critical': 'Failing checks: critical',
    'findings.high': 'Failing checks: high',
    'findings.medium': 'Failing checks: medium',
    'findings.low': 'Failing checks: low',
    'findings.info': 'Failing checks: info',
    'flows.live': 'Live flows',
    'messages.live': 'Live flow messages',
    'flows.status.live': 'Flows set to live',
    'flows.status.manual': 'Flows set to manual',
    'flows.status.draft': 'Flows in draft',
    profile_count: 'Profiles',
    status: 'Status',
  },
  pl: {
    score: 'Wynik audytu',
    'findings.critical': 'Niespełnione kontrole: krytyczne',
    'findings.high': 'Niespełnione kontrole: wysokie',
    'findings.medium': 'Niespełnione kontrole: średnie',
    'findings.low': 'Niespełnione kontrole: niskie',
    'findings.info': 'Niespełnione kontrole: informacyjne',
    'flows.live': 'Aktywne flow',
    'messages.live': 'Aktywne wiadomości we flow',
    'flows.status.live': 'Flow ustawione na aktywne',
    'flows.status.manual': 'Flow ustawione na ręczne',
    'flows.status.draft': 'Flow w szkicu',
    profile_count: 'Profile',
    status: 'Status',
  },
} as const satisfies Record<TrendLang, Record<string, string>>;

const STATUSES = {
  en: { live: 'Live', manual: 'Manual', draft: 'Draft', unknown: 'Unknown' },
  pl: { live: 'Aktywny', manual: 'Ręczny', draft: 'Szkic', unknown: 'Nieznany' },
} as const satisfies Record<TrendLang, Record<string, string>>;

const HEADERS = {
  en: {
    at: 'Captured (UTC)',
    run: 'Sync run',
    measure: 'Measure',
    itemType: 'Item type',
    item: 'Item',
    id: 'Klaviyo id',
    value: 'Value',
    workspace: 'Whole account',
  },
  pl: {
    at: 'Zapisano (UTC)',
    run: 'Synchronizacja',
    measure: 'Miara',
    itemType: 'Rodzaj elementu',
    item: 'Element',
    id: 'Id w Klaviyo',
    value: 'Wartość',
    workspace: 'Całe konto',
  },
} as const satisfies Record<TrendLang, Record<string, string>>;

const has = <T extends Record<string, string>>(t: T, k: string): k is Extract<keyof T, string> => Object.hasOwn(t, k);

/** A figure's name ("Live flows", "Aktywne flow"); one without words (a newer core) stays as stored. */
export function trendMetricWord(metric: string, lang: TrendLang): string {
  const t: Record<string, string> = METRICS[lang];
  return has(t, metric) ? t[metric]! : metric;
}

/** A flow's status in words; an unknown one stays as Klaviyo sent it. */
export function trendStatusWord(status: string, lang: TrendLang): string {
  const t: Record<string, string> = STATUSES[lang];
  return has(t, status) ? t[status]! : status;
}

export function trendHeaders(lang: TrendLang): (typeof HEADERS)[TrendLang] {
  return HEADERS[lang];
}

/** The kind of item a point belongs to ("List", "Lista"), or "Whole account" for the workspace's figures. */
export function trendSubjectWord(type: string | null, lang: TrendLang): string {
  return type ? typeWord(type, lang) : HEADERS[lang].workspace;
}
