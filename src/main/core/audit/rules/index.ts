import { campaignRules } from './campaigns';
import type { Rule } from './define';
import { flowRules } from './flows';
import { listRules } from './lists';
import { accountRules, deliverabilityRules, formRules, revenueRules, syncRules, trackingRules } from './misc';

/** The whole catalogue (audit-research.md §1.3), in report order. */
export const RULES: readonly Rule[] = [
  ...flowRules,
  ...trackingRules,
  ...campaignRules,
  ...deliverabilityRules,
  ...listRules,
  ...formRules,
  ...revenueRules,
  ...accountRules,
  ...syncRules,
];

export const RULE_IDS = RULES.map((r) => r.id);
export const ruleById = (id: string): Rule | undefined => RULES.find((r) => r.id === id);
export type { Rule, Threshold } from './define';
