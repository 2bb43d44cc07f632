import {
  figureLabel,
  figureValue,
  isMoneyFigure,
  itemTypeLabel,
  noteLabel,
} from '../../../shared/audit/evidence-words';
import type { SummaryTemplates } from '../../../shared/audit/render';
import { findingSentence, resourceWords } from '../../../shared/audit/resource-words';
import { ruleEvidence } from '../../../shared/audit/rule-evidence';
import { ruleRecommendation } from '../../../shared/audit/rule-recommendations';
import { ruleText, ruleTitles } from '../../../shared/audit/rule-titles';
import { summariesEn } from '../../../shared/audit/summaries.en';
import { summariesPl } from '../../../shared/audit/summaries.pl';
import type { Language } from '../../../shared/contract/primitives';
import type { Finding } from '../audit';

const templates: Record<Language, SummaryTemplates> = { en: summariesEn, pl: summariesPl };

type Figures = Finding['evidence']['figures'];

/** A finding as a report writes it, in one language: every word from the tables the screens use. */
export type FindingText = {
  title: string;
  summary: string;
  /** null for a passing finding: a check that passes asks for nothing */
  recommendation: string | null;
  /** "Delivered: 12,345", one per figure, in the rule's order */
  figures: string[];
  /** days the figures cover, when the rule reads performance figures */
  windowDays: number | null;
  items: { name: string; type: string; id: string; note: string | null; figures: string[] }[];
};

/**
 * The words of a finding in the report language: title, sentence and recommendation by rule id and message key
 * (the stored English when this build has none), each figure with its name, unit, window and currency.
 * `noCurrency` is appended to an amount whose currency the audit does not know, so no amount stands bare.
 */
export function findingText(lang: Language, f: Finding, currency: string | null, noCurrency: string): FindingText {
  const money = currency ?? (typeof f.evidence.figures.currency === 'string' ? f.evidence.figures.currency : null);
  const words = (figures: Figures) =>
    Object.entries(figures).map(([k, v]) => {
      const value = figureValue(lang, k, v, money);
      const bare = isMoneyFigure(k) && typeof v === 'number' && !money;
      return `${figureLabel(lang, k)}: ${value}${bare ? ` (${noCurrency})` : ''}`;
    });
  return {
    title: ruleText(ruleTitles, lang, f.ruleId, f.title),
    summary: findingSentence(templates[lang], f.message, lang) ?? f.summary,
    recommendation: f.status === 'pass' ? null : ruleRecommendation(lang, f),
    figures: words(f.evidence.figures),
    windowDays: (ruleEvidence as Record<string, { windowDays?: number }>)[f.ruleId]?.windowDays ?? null,
    items: f.evidence.items.map((i) => ({
      // the data the audit could not read is named by the audit's own key: in words, and without an id
      name: i.type === 'resource' ? resourceWord(lang, i.id) : (i.name ?? i.id),
      type: itemTypeLabel(lang, i.type),
      id: i.type === 'resource' ? '' : i.id,
      note: i.note ? noteLabel(lang, i.note) : null,
      figures: words(i.figures),
    })),
  };
}

const resourceWord = (lang: Language, key: string): string => {
  const words: Record<string, string> = resourceWords[lang];
  return Object.hasOwn(words, key) ? words[key]! : key;
};
