import { refreshWorkspaceFigures, type RefreshResult, type WorkspaceFiguresOptions } from '../performance';
import { buildModel, watchedMetricsOf } from './model';
import { ruleById } from './rules';
import type { AuditInput } from './input';
import { buildAuditInput } from './run';
import { SEVERITY_WEIGHT } from './score';

/** A rule's catalogue severity weight: figures read by weightier rules are fetched first. */
export function ruleWeight(ruleId: string): number {
  const rule = ruleById(ruleId);
  return rule ? SEVERITY_WEIGHT[rule.severity] : 0;
}

export type WorkspaceRefreshOptions = Omit<WorkspaceFiguresOptions, 'metrics' | 'resourceUsable' | 'ruleWeight'> & {
  /** what to fetch, when the caller read it elsewhere (the audit worker); read here from the store otherwise */
  facts?: FigureFacts;
};

/** What the figures refresh needs from the inventory: the metrics to count, and which resources the key could read. */
export type FigureFacts = {
  metrics: { id: string; name: string; withValue: boolean }[];
  usable: string[];
};

/**
 * The metrics the live flows are triggered by (whatever the platform calls them) and the account's Placed Order,
 * and the resources the latest sync could read.
 */
export function figureFacts(input: AuditInput): FigureFacts {
  return {
    metrics: watchedMetricsOf(buildModel(input), input.resources.flows?.status === 'ok').map((m) => ({
      id: m.id,
      name: m.name,
      withValue: m.withValue,
    })),
    usable: Object.entries(input.resources)
      .filter(([, r]) => r?.status === 'ok')
      .map(([k]) => k),
  };
}

/**
 * Refreshes the performance figures this workspace's audit reads: the metrics and which resources the key could
 * read come from the latest sync, the order of the report calls from the rules' weights.
 */
export async function refreshWorkspacePerformance(o: WorkspaceRefreshOptions): Promise<RefreshResult> {
  const { facts: given, ...rest } = o;
  const facts = given ?? figureFacts(buildAuditInput(o.store, o.workspaceId, (o.now ?? Date.now)()).input);
  const usable = new Set(facts.usable);
  return refreshWorkspaceFigures({
    ...rest,
    metrics: facts.metrics,
    resourceUsable: (k) => usable.has(k),
    ruleWeight,
  });
}
