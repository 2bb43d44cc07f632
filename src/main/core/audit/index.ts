import { AppError } from '../../../shared/errors';
import type { Logger } from '../log';
import type { RefreshResult } from '../performance';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import { refreshWorkspacePerformance } from './refresh-figures';
import { auditWorkspace } from './run';
import type { AuditResult } from './types';

export { auditAfterSync, type FinishedRun } from './after-sync';
export { auditStaleness, workspaceAuditStaleness, type AuditStaleness, type StaleStatus } from './staleness';
export { evaluateAudit, worstFinding } from './evaluate';
export { buildAuditInput, auditWorkspace, evaluateWorkspace, storeEvaluation, type Evaluation } from './run';
export { currentAudit, rescoreLatest, type CurrentAudit } from './current';
export {
  applyDecisions,
  compareWithPrevious,
  decisionHolds,
  isSetAside,
  itemKeyOf,
  itemOfKey,
  type SincePrevious,
} from './decisions';
export { decideCriticalAlerts, openCriticalRuleIds } from './alerts';
export { latestAudit, latestAuditRef, auditHistory, auditOfRun, getManualAnswers, setManualAnswers } from './store';
export type { StoredAudit, AuditHistoryPoint } from './store';
export { RULES, RULE_IDS, ruleById } from './rules';
export { SEVERITY_WEIGHT, AREA_WEIGHTS } from './score';
export * from './types';
export {
  figureFacts,
  refreshWorkspacePerformance,
  ruleWeight,
  type FigureFacts,
  type WorkspaceRefreshOptions,
} from './refresh-figures';
export { RESOURCE_KEYS, accountCurrency, nameOf } from './input';
export { chartsFromInput, dashboardCharts, oldestFigures } from './charts';
export type { AuditCharts, ChartBar, ChartSeries } from './charts';
export type { AuditInput, InvItem, ResourceKey, ResourceState } from './input';

/** What the audit needs from its caller (the composition root passes its own parts). */
type Ctx = { store: Store; secrets: SecretStore; clock: { now(): number }; logger: Logger };

/**
 * Refreshes the workspace's performance figures within the reporting budget (a failure there is logged and
 * the audit goes on with the figures it has, each with its age), then audits the current inventory and stores
 * the result against the latest sync run.
 */
export async function refreshAndAudit(
  ctx: Ctx,
  workspaceId: string,
  opts: { refresh?: boolean; force?: boolean; signal?: AbortSignal } = {},
): Promise<{ result: AuditResult; auditRunId: number; refresh: RefreshResult | null; refreshError: string | null }> {
  let refresh: RefreshResult | null = null;
  let refreshError: string | null = null;
  if (opts.refresh !== false) {
    try {
      refresh = await refreshWorkspacePerformance({
        store: ctx.store,
        secrets: ctx.secrets,
        workspaceId,
        now: () => ctx.clock.now(),
        ...(opts.force ? { force: true } : {}),
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw err;
      refreshError = (err as Error).message;
      ctx.logger.warn('audit.refresh_failed', { workspaceId, error: refreshError });
    }
  }
  const { result, auditRunId } = auditWorkspace(ctx.store, workspaceId, ctx.clock.now());
  ctx.logger.info('audit.done', { workspaceId, auditRunId, score: result.score, critical: result.counts.critical });
  return { result, auditRunId, refresh, refreshError };
}
