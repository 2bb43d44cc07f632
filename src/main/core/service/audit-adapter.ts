import { AppError } from '../../../shared/errors';
import type { Audit, AuditFigures, ManualAnswers } from '../../../shared/contract/audit';
import {
  auditHistory,
  auditWorkspace,
  buildAuditInput,
  getManualAnswers,
  latestAudit,
  ManualAnswersSchema as DomainAnswersSchema,
  refreshWorkspacePerformance,
  setManualAnswers,
  workspaceAuditStaleness,
  type AuditResult,
  type AuditStaleness,
  type StoredAudit,
} from '../audit';
import type { Logger } from '../log';
import { changeSet } from '../changes';
import {
  chartsFromInput,
  createExporter,
  dashboardCharts,
  oldestFigures,
  reportSummary,
  type ExportData,
} from '../exports';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import type { AuditPort, ReportsPort } from './ports';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

function toStale(s: AuditStaleness | null): Audit['stale'] {
  if (!s) return null;
  const { runId, finishedAt, ...rest } = s.lastSync;
  return {
    since: new Date(s.since).toISOString(),
    lastSync: { ...rest, runId: String(runId), finishedAt: new Date(finishedAt).toISOString() },
  };
}

function toAudit(stored: StoredAudit, stale: AuditStaleness | null): Audit {
  const r = stored.result;
  const asOf = r.findings.map((f) => f.figuresAsOf).filter((t): t is number => typeof t === 'number');
  return {
    workspaceId: stored.workspaceId,
    runId: stored.syncRunId === null ? null : String(stored.syncRunId),
    evaluatedAt: new Date(r.evaluatedAt).toISOString(),
    score: r.score,
    coverage: r.coverage,
    scored: r.scored,
    areas: r.areas,
    findings: r.findings.map((f) => ({ ...f, figuresAsOf: iso(f.figuresAsOf) })),
    counts: r.counts,
    figuresAsOf: asOf.length ? new Date(Math.min(...asOf)).toISOString() : null,
    currency: r.currency,
    stale: toStale(stale),
  };
}

/** The Reporting API figures of one workspace, refreshed within the account's budget; a failure is an answer. */
function figuresRefresher(
  store: Store,
  secrets: SecretStore,
  logger: Logger,
  now: () => number,
): AuditPort['refreshFigures'] {
  return async (workspaceId, { all }) => {
    try {
      const r = await refreshWorkspacePerformance({
        store,
        secrets,
        workspaceId,
        now,
        ...(all ? { force: true } : {}),
      });
      logger.info('performance figures refreshed', {
        workspaceId,
        fetched: r.fetched,
        spent: r.spent,
        budgetLeft: r.budgetLeft,
        errors: r.errors.length,
      });
      return { fetched: r.fetched, spent: r.spent, budgetLeft: r.budgetLeft, error: null };
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw err;
      logger.warn('performance refresh failed', { workspaceId, error: (err as Error).message });
      return { fetched: [], spent: 0, budgetLeft: null, error: (err as Error).message };
    }
  };
}

/**
 * The audit's domains (audit/, performance/, exports/) behind the service's ports: stored audits, manual answers, the
 * post-sync performance refresh and evaluation, and the CSV/PDF writers streaming into the file the transport
 * chose.
 */
export function auditPorts(opts: { store: Store; secrets: SecretStore; logger: Logger; now?: () => number }): {
  audit: AuditPort;
  reports: ReportsPort;
} {
  const { store } = opts;
  const now = opts.now ?? Date.now;
  const withStaleness = (stored: StoredAudit): Audit =>
    toAudit(stored, workspaceAuditStaleness(store, stored.workspaceId, stored.syncRunId));
  const evaluate = (workspaceId: string): Audit => {
    const { auditRunId, syncRunId, result } = auditWorkspace(store, workspaceId, now());
    return withStaleness({ id: auditRunId, workspaceId, syncRunId, result });
  };
  const latestOrRun = (workspaceId: string) => {
    const stored = latestAudit(store.db, workspaceId);
    return stored ? stored.result : auditWorkspace(store, workspaceId, now()).result;
  };

  const refreshFigures = figuresRefresher(opts.store, opts.secrets, opts.logger, now);

  const audit: AuditPort = {
    latest(workspaceId) {
      const stored = latestAudit(store.db, workspaceId);
      return stored ? withStaleness(stored) : null;
    },
    run: evaluate,
    figures(workspaceId): AuditFigures {
      const charts = dashboardCharts(buildAuditInput(store, workspaceId, now()).input);
      return {
        currency: charts.currency,
        flowRevenue: charts.flowRevenue ?? [],
        campaignRevenue: charts.campaignRevenue ?? [],
        metricVolume: charts.metricVolume ?? null,
        asOf: {
          flows: iso(charts.asOf.flows),
          campaigns: iso(charts.asOf.campaigns),
          metrics: iso(charts.asOf.metrics),
        },
      };
    },
    history(workspaceId, limit) {
      return auditHistory(store.db, workspaceId, limit).map((p) => ({
        runId: p.syncRunId === null ? null : String(p.syncRunId),
        evaluatedAt: new Date(p.evaluatedAt).toISOString(),
        score: p.score,
        coverage: p.coverage,
        criticalCount: p.criticalCount,
        failCount: p.failCount,
      }));
    },
    answers(workspaceId): ManualAnswers {
      const a = getManualAnswers(store.db, workspaceId) ?? DomainAnswersSchema.parse({});
      return {
        spf: a.spf,
        dkim: a.dkim,
        dmarc: a.dmarc,
        dmarcPolicy: a.dmarcPolicy,
        brandedDomain: a.brandedDomain,
        sendingDomain: a.sendingDomain ?? null,
        mobileSubmitRate: a.mobileSubmitRate ?? null,
        desktopSubmitRate: a.desktopSubmitRate ?? null,
        answeredAt: iso(a.answeredAt),
      };
    },
    setAnswers(workspaceId, answers) {
      const previous = getManualAnswers(store.db, workspaceId) ?? {};
      const { answeredAt: _old, ...rest } = previous as Record<string, unknown>;
      setManualAnswers(store.db, workspaceId, { ...rest, ...answers }, now());
      return evaluate(workspaceId);
    },
    refreshFigures,
    async afterSync(workspaceId) {
      // the audit runs on what the store has even when the refresh failed: missing figures make rules unknown
      await refreshFigures(workspaceId, { all: false });
      return evaluate(workspaceId);
    },
  };

  const reports: ReportsPort = createExporter(exportData({ store, now, latestOrRun }));
  return { audit, reports };
}

/** What the export pipeline reads, from the store and the audit. */
function exportData(o: {
  store: Store;
  now: () => number;
  latestOrRun: (workspaceId: string) => AuditResult;
}): ExportData {
  const { store, now } = o;
  return {
    clientName: (workspaceId) => store.workspaces.get(workspaceId)?.name ?? null,
    auditResult: o.latestOrRun,
    auditStaleness(workspaceId) {
      const stored = latestAudit(store.db, workspaceId);
      return stored ? workspaceAuditStaleness(store, workspaceId, stored.syncRunId) : null;
    },
    summary: (workspaceId, result) =>
      reportSummary(result, auditHistory(store.db, workspaceId, 50), changeSet(store, { workspaceId, limit: 8 })),
    pdfFigures(workspaceId) {
      const { input } = buildAuditInput(store, workspaceId, now());
      return { charts: chartsFromInput(input), figuresAsOf: oldestFigures(input) };
    },
    storeFile: () => store.database.file,
    inventoryCount: (workspaceId, resourceType) => store.inventory.counts(workspaceId)[resourceType] ?? 0,
    now,
  };
}
