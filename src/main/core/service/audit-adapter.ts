import os from 'node:os';
import { AppError } from '../../../shared/errors';
import type { AuditRunner } from '../audit-worker';
import type { Audit, AuditFigures, ManualAnswers } from '../../../shared/contract/audit';
import type { FindingDecisionRow } from '../../../shared/contract/findings';
import {
  auditHistory,
  currentAudit,
  decideCriticalAlerts,
  decisionHolds,
  getManualAnswers,
  itemKeyOf,
  itemOfKey,
  latestAuditRef,
  rescoreLatest,
  RULE_IDS,
  type CurrentAudit,
  type Decision,
  type Comment,
  ManualAnswersSchema as DomainAnswersSchema,
  refreshWorkspacePerformance,
  setManualAnswers,
  workspaceAuditStaleness,
  type AuditResult,
  type AuditStaleness,
} from '../audit';
import type { Logger } from '../log';
import { changeSet } from '../changes';
import { createExporter, reportSummary, type ExportData } from '../exports';
import type { SecretStore } from '../secrets';
import type { Store, FindingDecisionRow as StoredDecision } from '../store';
import type { AuditPort, ReportsPort } from './ports';
import { parseSettings } from '../workspaces';

const iso = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

function toStale(s: AuditStaleness | null): Audit['stale'] {
  if (!s) return null;
  const { runId, finishedAt, ...rest } = s.lastSync;
  return {
    since: new Date(s.since).toISOString(),
    lastSync: { ...rest, runId: String(runId), finishedAt: new Date(finishedAt).toISOString() },
  };
}

const isoDecision = (d: Decision | null | undefined) =>
  d ? { ...d, until: iso(d.until), at: new Date(d.at).toISOString() } : null;
const isoComment = (c: Comment | null | undefined) => (c ? { ...c, at: new Date(c.at).toISOString() } : null);

function toAudit(stored: CurrentAudit, stale: AuditStaleness | null): Audit {
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
    findings: r.findings.map((f) => ({
      ...f,
      figuresAsOf: iso(f.figuresAsOf),
      decision: isoDecision(f.decision),
      comment: isoComment(f.comment),
      isNew: f.isNew ?? false,
      evidence: {
        figures: f.evidence.figures,
        items: f.evidence.items.map((i) => ({
          ...i,
          decision: isoDecision(i.decision),
          comment: isoComment(i.comment),
        })),
      },
    })),
    counts: r.counts,
    since: stored.since
      ? {
          evaluatedAt: new Date(stored.since.evaluatedAt).toISOString(),
          newRuleIds: stored.since.newRuleIds,
          resolved: stored.since.resolved,
        }
      : null,
    figuresAsOf: asOf.length ? new Date(Math.min(...asOf)).toISOString() : null,
    currency: r.currency,
    stale: toStale(stale),
  };
}

/** The Reporting API figures of one workspace, refreshed within the account's budget; a failure is an answer. */
function figuresRefresher(
  store: Store,
  worker: AuditRunner,
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
        facts: await worker.run({ kind: 'facts' }, workspaceId, now()),
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
export function auditPorts(opts: {
  store: Store;
  worker: AuditRunner;
  secrets: SecretStore;
  logger: Logger;
  now?: () => number;
}): {
  audit: AuditPort;
  reports: ReportsPort;
} {
  const { store, worker } = opts;
  const now = opts.now ?? Date.now;
  const withStaleness = (stored: CurrentAudit): Audit =>
    toAudit(stored, workspaceAuditStaleness(store, stored.workspaceId, stored.syncRunId));
  const justStored = lastStoredAudit(store, now);
  // the audit worker evaluates, applies the decisions, stores, and answers the audit as it reads back
  const auditNow = async (workspaceId: string): Promise<CurrentAudit> => {
    if (!store.workspaces.get(workspaceId))
      throw new AppError('not_found', 'No such workspace.', { details: { workspaceId } });
    return justStored.keep(await worker.run({ kind: 'audit' }, workspaceId, now()));
  };
  const evaluate = async (workspaceId: string): Promise<Audit> => withStaleness(await auditNow(workspaceId));
  const latestOrRun = async (workspaceId: string) =>
    latestAuditRef(store.db, workspaceId)
      ? currentAudit(store, workspaceId, now())!.result
      : (await auditNow(workspaceId)).result;
  const decisionAnswer = (workspaceId: string, row: StoredDecision) => {
    justStored.drop();
    const current = rescoreLatest(store, workspaceId, now());
    return { decision: toDecisionRow(row, now()), audit: current ? withStaleness(current) : null };
  };

  const refreshFigures = figuresRefresher(opts.store, worker, opts.secrets, opts.logger, now);

  const audit: AuditPort = {
    latest(workspaceId) {
      const current = currentAudit(store, workspaceId, now());
      return current ? withStaleness(current) : null;
    },
    decisions: (workspaceId) => store.findings.decisions(workspaceId).map((r) => toDecisionRow(r, now())),
    decide(workspaceId, d) {
      const at = now();
      const key = { workspaceId, ruleId: knownRule(d.ruleId), itemKey: d.item ? itemKeyOf(d.item) : '' };
      let snoozeUntil: number | null = null;
      if (d.action === 'snooze') {
        snoozeUntil = d.until === undefined ? NaN : Date.parse(d.until);
        if (!Number.isFinite(snoozeUntil) || snoozeUntil <= at)
          throw new AppError('validation', 'A snooze needs a date still to come.', {
            details: { field: 'until', until: d.until ?? null },
          });
      }
      const state = d.action === 'accept' ? 'accepted' : d.action === 'snooze' ? 'snoozed' : 'open';
      const row = store.findings.setState(key, { state, snoozeUntil, by: d.by ?? whoAmI(), at });
      return decisionAnswer(workspaceId, row);
    },
    note(workspaceId, n) {
      const key = { workspaceId, ruleId: knownRule(n.ruleId), itemKey: n.item ? itemKeyOf(n.item) : '' };
      const text = n.note.trim();
      const row = store.findings.setNote(key, { note: text || null, by: n.by ?? whoAmI(), at: now() });
      return decisionAnswer(workspaceId, row);
    },
    takeCriticalAlerts(workspaceId) {
      const current = justStored.take(workspaceId);
      if (!current) return [];
      const { announce, remember } = decideCriticalAlerts(current.result, store.findings.notifiedKeys(workspaceId));
      store.findings.setNotifiedKeys(workspaceId, remember, now());
      return announce.map((f) => ({ ruleId: f.ruleId, title: f.title, severity: f.severity }));
    },
    run: evaluate,
    async figures(workspaceId): Promise<AuditFigures> {
      const charts = await worker.run({ kind: 'dashboard' }, workspaceId, now());
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
    async setAnswers(workspaceId, answers) {
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

  const reports: ReportsPort = createExporter(exportData({ store, worker, now, latestOrRun }));
  return { audit, reports };
}

/**
 * The audit just stored, for the critical alerts told right after it: read again on this thread, an xl account's
 * findings stalled the screens. One slot, taken once; a decision since empties it, and an audit stored since (another
 * front end's) is read from the store.
 */
function lastStoredAudit(store: Store, now: () => number) {
  let slot: CurrentAudit | null = null;
  return {
    keep(current: CurrentAudit): CurrentAudit {
      slot = current;
      return current;
    },
    drop(): void {
      slot = null;
    },
    take(workspaceId: string): CurrentAudit | null {
      const kept = slot;
      slot = null;
      return kept && kept.workspaceId === workspaceId && kept.id === latestAuditRef(store.db, workspaceId)?.id
        ? kept
        : currentAudit(store, workspaceId, now());
    },
  };
}

/** who decided, when the caller does not say: the signed-in user of this computer */
function whoAmI(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return 'unknown';
  }
}

function knownRule(ruleId: string): string {
  if (!RULE_IDS.includes(ruleId))
    throw new AppError('validation', `There is no rule ${ruleId}.`, { details: { field: 'ruleId', ruleId } });
  return ruleId;
}

function toDecisionRow(r: StoredDecision, now: number): FindingDecisionRow {
  return {
    ruleId: r.ruleId,
    item: itemOfKey(r.itemKey),
    state: r.state,
    until: iso(r.snoozeUntil),
    holds: decisionHolds(r, now),
    stateBy: r.stateBy,
    stateAt: iso(r.stateAt),
    note: r.note,
    noteBy: r.noteBy,
    noteAt: iso(r.noteAt),
  };
}

/** What the export pipeline reads, from the store and the audit. */
function exportData(o: {
  store: Store;
  worker: AuditRunner;
  now: () => number;
  latestOrRun: (workspaceId: string) => Promise<AuditResult>;
}): ExportData {
  const { store, now } = o;
  return {
    // the client's display name when the strategist set one, else the workspace's own name
    clientName(workspaceId) {
      const row = store.workspaces.get(workspaceId);
      return row ? (parseSettings(row.settingsJson).clientName ?? row.name) : null;
    },
    auditResult: o.latestOrRun,
    auditStaleness(workspaceId) {
      const stored = latestAuditRef(store.db, workspaceId);
      return stored ? workspaceAuditStaleness(store, workspaceId, stored.syncRunId) : null;
    },
    summary: (workspaceId, result) =>
      reportSummary(
        result,
        auditHistory(store.db, workspaceId, 50),
        changeSet(store, { workspaceId, limit: 8 }),
        store.reports.last(workspaceId) ?? null,
      ),
    recordReport(workspaceId, r) {
      const audit = auditHistory(store.db, workspaceId, 50).find((h) => h.evaluatedAt === r.result.evaluatedAt);
      store.reports.record({
        workspaceId,
        auditRunId: audit?.id ?? null,
        exportedAt: now(),
        format: r.format,
        lang: r.lang,
        score: r.result.score,
      });
    },
    pdfFigures: (workspaceId) => o.worker.run({ kind: 'pdf' }, workspaceId, now()),
    // the agency's branding as set in the app's settings (the store's), on every report's cover and footers
    branding() {
      const b = store.branding.get();
      return b.agencyName || b.preparedBy || b.accentColor || b.logo
        ? { agencyName: b.agencyName, preparedBy: b.preparedBy, accentColor: b.accentColor, logo: b.logo }
        : null;
    },
    storeFile: () => store.database.file,
    inventoryCount: (workspaceId, resourceType) => store.inventory.counts(workspaceId)[resourceType] ?? 0,
    now,
  };
}
