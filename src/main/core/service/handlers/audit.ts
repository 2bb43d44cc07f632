import { worstFailing } from '../../../../shared/audit/severity';
import { AppError } from '../../../../shared/errors';
import { announceCriticalFindings } from '../critical-alerts';
import { fileSlug } from '../file-names';
import { checkManualRates } from '../manual-answers';
import { notAvailable, type HandlerContext } from '../handler-context';
import type { ReportsPort } from '../ports';
import type { HandlersOf } from '../types';

/** Audits (stored per sync run), manual answers, performance figures, and the CSV/PDF reports. */
export function auditHandlers(ctx: HandlerContext): HandlersOf<'audit:' | 'report:'> {
  const { deps, store, emit, now, workspaceRow } = ctx;
  const announce = (workspaceId: string) =>
    announceCriticalFindings({
      audit: deps.audit ?? notAvailable('audit'),
      store,
      emit,
      logger: deps.logger,
      workspaceId,
      silent: deps.mode === 'cli',
    });
  return {
    'audit:get': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).latest(workspaceId);
    },
    'audit:run': async ({ workspaceId }) => {
      workspaceRow(workspaceId);
      // the audit is evaluated in its worker: what changed and the critical findings are told once it is stored
      const audit = await (deps.audit ?? notAvailable('audit')).run(workspaceId);
      emit('workspaces:changed', { workspaceId, reason: 'audited' });
      announce(workspaceId);
      return audit;
    },
    'audit:refreshFigures': ({ workspaceId, all }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).refreshFigures(workspaceId, { all });
    },
    'audit:overview': ({ includeArchived }) => {
      const audit = deps.audit ?? notAvailable('audit');
      return store.workspaces.list({ includeArchived }).map((w) => {
        const a = audit.latest(w.id);
        // an accepted or snoozed failure is not the client's worst problem
        const worst = worstFailing((a?.findings ?? []).filter((f) => !f.decision));
        return {
          workspaceId: w.id,
          score: a?.score ?? null,
          criticalCount: a?.counts.critical ?? 0,
          worstFinding: worst ? { ruleId: worst.ruleId, title: worst.title, severity: worst.severity } : null,
          evaluatedAt: a?.evaluatedAt ?? null,
          stale: a?.stale ?? null,
        };
      });
    },
    'audit:history': ({ workspaceId, limit }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).history(workspaceId, limit);
    },
    'audit:figures': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).figures(workspaceId);
    },
    'audit:answers': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).answers(workspaceId);
    },
    'audit:setAnswers': async ({ workspaceId, answers }) => {
      workspaceRow(workspaceId);
      checkManualRates(answers);
      const result = await (deps.audit ?? notAvailable('audit')).setAnswers(workspaceId, answers);
      emit('workspaces:changed', { workspaceId, reason: 'audited' });
      announce(workspaceId);
      return result;
    },
    'report:export': async ({ workspaceId, format, kind, inventoryType, lang: asked }) => {
      const row = workspaceRow(workspaceId);
      if (kind === 'inventory' && (format !== 'csv' || !inventoryType)) {
        throw new AppError('validation', 'An inventory export is a CSV of one resource type.', {
          details: { field: 'inventoryType' },
        });
      }
      const reports = deps.reports ?? notAvailable('reports');
      const target = deps.exportTarget ?? notAvailable('export');
      const date = now().toISOString().slice(0, 10);
      const what = kind === 'inventory' ? inventoryType! : 'audit';
      const fileName = `${fileSlug(row.name)}-${what}-${date}.${format}`;
      const mimeType = format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8';
      const chosen = await target.choose(fileName, mimeType);
      if (!chosen) return { fileName, mimeType, bytes: 0, savedTo: null, downloadId: null, cancelled: true };
      const setting = deps.settings.get().locale;
      const lang = asked ?? (setting === 'system' ? 'en' : setting);
      let written: Awaited<ReturnType<ReportsPort['write']>>;
      try {
        written = await reports.write(
          { workspaceId, format, kind, inventoryType, lang, file: chosen.file },
          { onProgress: (done, total) => emit('report:progress', { workspaceId, format, kind, done, total }) },
        );
      } catch (err) {
        if (err instanceof AppError && err.code === 'cancelled')
          return { fileName, mimeType, bytes: 0, savedTo: null, downloadId: null, cancelled: true };
        throw err;
      }
      return {
        fileName,
        mimeType,
        ...written,
        savedTo: chosen.downloadId ? null : chosen.file,
        downloadId: chosen.downloadId,
        cancelled: false,
      };
    },
    'report:cancel': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return { cancelled: (deps.reports ?? notAvailable('reports')).cancel(workspaceId) };
    },
  };
}
