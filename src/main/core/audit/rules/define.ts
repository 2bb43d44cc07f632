import type { AuditInput, ResourceKey } from '../input';
import type { Model } from '../model';
import type { Area, EvidenceItem, Severity } from '../types';

export type Threshold = { value: number; unit: string; source: string };

export type Outcome =
  | {
      status: 'pass' | 'fail';
      severity?: Severity;
      summary: string;
      items?: EvidenceItem[];
      figures?: Record<string, number | string | boolean | null>;
      figuresAsOf?: number | null;
    }
  | {
      status: 'unknown';
      summary: string;
      items?: EvidenceItem[];
      figures?: Record<string, number | string | boolean | null>;
      figuresAsOf?: number | null;
    };

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
  evaluate(ctx: RuleContext<T>): Outcome;
};

export function rule<T extends Record<string, Threshold>>(r: Rule<T>): Rule {
  return r as unknown as Rule;
}

export const pct = (x: number | null | undefined, digits = 2): string =>
  x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(digits)}%`;
export const round = (x: number | null | undefined, digits = 4): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits));

export const unknown = (summary: string, extra: Partial<Outcome> = {}): Outcome => ({
  ...extra,
  status: 'unknown',
  summary,
});
export const pass = (summary: string, extra: Partial<Outcome> = {}): Outcome => ({ ...extra, status: 'pass', summary });
export const fail = (severity: Severity, summary: string, extra: Partial<Outcome> = {}): Outcome => ({
  ...extra,
  status: 'fail',
  severity,
  summary,
});

export const flowItem = (f: { id: string; name: string }, figures: EvidenceItem['figures'] = {}, note?: string) =>
  ({ type: 'flow', id: f.id, name: f.name, figures, ...(note ? { note } : {}) }) as EvidenceItem;
