/**
 * Writes a change's message in English or Polish. Pure and free of React: the renderer, the CLI and the CSV
 * export share it. Plural forms, placeholders and number formats are the audit summaries' (shared/audit/render).
 */
import type { ChangeMessage, Duration } from '../contract/changes';
import { renderSummary, summaryTemplate, type SummaryParams } from '../audit/render';
import { actionWordsEn, changesEn, typeWordsEn, unitWordsEn } from './messages.en';
import { actionWordsPl, changesPl, typeWordsPl, unitWordsPl } from './messages.pl';

export type ChangeLang = 'en' | 'pl';

const words = {
  en: { sentences: changesEn, types: typeWordsEn, units: unitWordsEn, actions: actionWordsEn },
  pl: { sentences: changesPl, types: typeWordsPl, units: unitWordsPl, actions: actionWordsPl },
} as const;

const locales: Record<ChangeLang, string> = { en: 'en', pl: 'pl' };

/** "1 day", "3 dni", "1,5 godziny". */
export function durationWords(d: Duration, lang: ChangeLang): string {
  const locale = locales[lang];
  const unit = summaryTemplate(words[lang].units, d.unit, { count: d.amount }, locale) ?? d.unit;
  return `${new Intl.NumberFormat(locale).format(d.amount)} ${unit}`;
}

/** The kind of item in words ("Campaign", "Kampania"); a type without words stays as sent. */
export function typeWord(type: string, lang: ChangeLang): string {
  const table: Record<string, string> = words[lang].types;
  return Object.hasOwn(table, type) ? table[type]! : type;
}

/** The sentence of one change; its key when no template has it (a newer core than this screen). */
export function changeSentence(message: ChangeMessage, lang: ChangeLang): string {
  const params: SummaryParams = {};
  for (const [k, v] of Object.entries(message.params)) {
    params[k] = typeof v === 'object' ? durationWords(v, lang) : v;
  }
  if (typeof params.type === 'string') params.type = typeWord(params.type, lang);
  if (typeof params.action === 'string') {
    const actions = words[lang].actions;
    params.action = Object.hasOwn(actions, params.action) ? actions[params.action]! : params.action;
  }
  return renderSummary(words[lang].sentences, message.key, params, locales[lang]) ?? message.key;
}
