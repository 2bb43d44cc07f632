import { AppError } from '../../../shared/errors';
import type { CoreContext } from '../context';
import { refreshWorkspacePerformance } from '../performance/workspace';
import type { RefreshResult } from '../performance/refresh';
import { worstFinding } from './evaluate';
import { auditWorkspace } from './run';
import { latestAudit } from './store';
import type { AuditResult, Finding } from './types';

export { evaluateAudit, worstFinding } from './evaluate';
export { buildAuditInput, auditWorkspace } from './run';
export { latestAudit, auditHistory, getManualAnswers, setManualAnswers } from './store';
export type { StoredAudit, AuditHistoryPoint } from './store';
export { RULES, RULE_IDS, ruleById } from './rules';
export { SEVERITY_WEIGHT, AREA_WEIGHTS } from './score';
export * from './types';

type Ctx = Pick<CoreContext, 'store' | 'secrets' | 'clock' | 'logger'>;

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

/** After every finished sync (ok or partial), refresh figures and audit. Returns the unsubscribe function. */
export function attachAuditToSync(
  ctx: Pick<CoreContext, 'store' | 'secrets' | 'clock' | 'logger' | 'sync'>,
): () => void {
  return ctx.sync.onFinished((r) => {
    if (r.status !== 'ok' && r.status !== 'partial_or_timeout') return;
    refreshAndAudit(ctx, r.workspaceId).catch((err: unknown) =>
      ctx.logger.error('audit.after_sync_failed', { workspaceId: r.workspaceId, error: (err as Error).message }),
    );
  });
}

export type AuditOverviewRow = {
  workspaceId: string;
  score: number | null;
  scored: boolean;
  coverage: number | null;
  criticalCount: number;
  failCount: number;
  evaluatedAt: number | null;
  worst: Pick<Finding, 'ruleId' | 'area' | 'severity' | 'title' | 'summary'> | null;
};

/** The all-clients view: per workspace the latest score, critical count and worst finding. */
export function auditOverview(ctx: Pick<CoreContext, 'store'>): AuditOverviewRow[] {
  return ctx.store.workspaces.list().map((ws) => {
    const a = latestAudit(ctx.store.db, ws.id);
    const worst = a ? worstFinding(a.result) : null;
    return {
      workspaceId: ws.id,
      score: a?.result.score ?? null,
      scored: a?.result.scored ?? true,
      coverage: a?.result.coverage ?? null,
      criticalCount: a?.result.counts.critical ?? 0,
      failCount: a?.result.counts.fail ?? 0,
      evaluatedAt: a?.result.evaluatedAt ?? null,
      worst: worst
        ? {
            ruleId: worst.ruleId,
            area: worst.area,
            severity: worst.severity,
            title: worst.title,
            summary: worst.summary,
          }
        : null,
    };
  });
}
