import { refreshWorkspaceFigures, type RefreshResult, type WorkspaceFiguresOptions } from '../performance';
import { buildModel, watchedMetricsOf } from './model';
import { ruleById } from './rules';
import { buildAuditInput } from './run';
import { SEVERITY_WEIGHT } from './score';

/** A rule's catalogue severity weight: figures read by weightier rules are fetched first. */
export function ruleWeight(ruleId: string): number {
  const rule = ruleById(ruleId);
  return rule ? SEVERITY_WEIGHT[rule.severity] : 0;
}

export type WorkspaceRefreshOptions = Omit<WorkspaceFiguresOptions, 'metrics' | 'resourceUsable' | 'ruleWeight'>;

/**
 * Refreshes the performance figures this workspace's audit reads: the metrics and which resources the key could
 * read come from the latest sync, the order of the report calls from the rules' weights.
 */
export async function refreshWorkspacePerformance(o: WorkspaceRefreshOptions): Promise<RefreshResult> {
  const { input } = buildAuditInput(o.store, o.workspaceId, (o.now ?? Date.now)());
  return refreshWorkspaceFigures({
    ...o,
    // the metrics the live flows are triggered by (whatever the platform calls them) and the account's Placed Order
    metrics: watchedMetricsOf(buildModel(input), input.resources.flows?.status === 'ok').map((m) => ({
      id: m.id,
      name: m.name,
      withValue: m.withValue,
    })),
    resourceUsable: (k) => input.resources[k]?.status === 'ok',
    ruleWeight,
  });
}
