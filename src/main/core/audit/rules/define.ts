import type { SummaryParams } from '../../../../shared/audit/render';
import { ruleEvidence, type RuleEvidence } from '../../../../shared/audit/rule-evidence';
import { ruleRecommendations } from '../../../../shared/audit/rule-recommendations';
import { ruleTitles, type RuleId } from '../../../../shared/audit/rule-titles';
import type { SummaryKey } from '../../../../shared/audit/summaries.en';
import type { AuditInput, ResourceKey } from '../input';
import type { Model } from '../model';
import type { Area, EvidenceItem, Severity } from '../types';

export type Threshold = { value: number; unit: string; source: string };

/** What an outcome says, as data: the sentence is written from the templates in src/shared/audit. */
export type Message = { key: SummaryKey; params: SummaryParams };

type Evidence = {
  items?: EvidenceItem[];
  figures?: Record<string, number | string | boolean | null>;
  figuresAsOf?: number | null;
};

export type Outcome =
  | ({ status: 'pass' | 'fail'; severity?: Severity; message: Message } & Evidence)
  | ({ status: 'unknown'; message: Message } & Evidence);

export type RuleContext<T extends Record<string, Threshold>> = {
  input: AuditInput;
  model: Model;
  t: T;
};

/** A rule is data (id, area, title, severity, thresholds with sources) plus one small pure evaluator. */
export type Rule<T extends Record<string, Threshold> = Record<string, Threshold>> = {
  id: string;
  area: Area;
  title: string;
  /** severity when it fails at its worst band; also its weight in the score */
  severity: Severity;
  thresholds: T;
  /** where the rule itself comes from (audit-research.md §1.3) */
  source: string;
  /** inventory resources without which the rule cannot be judged */
  needs: ResourceKey[];
  recommendation: string;
  /** the figures it records and the period they cover (shared/audit/rule-evidence.ts) */
  evidence: RuleEvidence;
  evaluate(ctx: RuleContext<T>): Outcome;
};

/** A rule's definition without its words: the title and recommendation come from the shared tables by id. */
export type RuleDefinition<T extends Record<string, Threshold>> = Omit<
  Rule<T>,
  'id' | 'title' | 'recommendation' | 'evidence'
> & {
  id: RuleId;
};

/**
 * Defines a rule; its English title and recommendation are the ones every screen and report shows, its evidence
 * the figures it declares.
 */
export function rule<T extends Record<string, Threshold>>(r: RuleDefinition<T>): Rule {
  const full: Rule<T> = {
    ...r,
    title: ruleTitles.en[r.id],
    recommendation: ruleRecommendations.en[r.id],
    evidence: ruleEvidence[r.id],
  };
  return full as unknown as Rule;
}

/** A share (0.0123) as the percentage a summary shows (1.23 for "1.23%"), rounded to `digits` decimals. */
export const percent = (x: number, digits = 2): number => Number((x * 100).toFixed(digits));
export const round = (x: number | null | undefined, digits = 4): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits));

export const unknown = (key: SummaryKey, params: SummaryParams = {}, extra: Evidence = {}): Outcome => ({
  ...extra,
  status: 'unknown',
  message: { key, params },
});
export const pass = (key: SummaryKey, params: SummaryParams = {}, extra: Evidence = {}): Outcome => ({
  ...extra,
  status: 'pass',
  message: { key, params },
});
export const fail = (
  severity: Severity,
  key: SummaryKey,
  params: SummaryParams = {},
  extra: Evidence = {},
): Outcome => ({
  ...extra,
  status: 'fail',
  severity,
  message: { key, params },
});

export const flowItem = (f: { id: string; name: string }, figures: EvidenceItem['figures'] = {}, note?: string) =>
  ({ type: 'flow', id: f.id, name: f.name, figures, ...(note ? { note } : {}) }) as EvidenceItem;
