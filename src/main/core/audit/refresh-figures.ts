import { refreshWorkspaceFigures, type RefreshResult, type WorkspaceFiguresOptions } from '../performance';
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
    metrics: input.metrics.map((m) => ({ id: m.id, name: String(m.attributes.name ?? '') })),
    resourceUsable: (k) => input.resources[k]?.status === 'ok',
    ruleWeight,
  });
}
