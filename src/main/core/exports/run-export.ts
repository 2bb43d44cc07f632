import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import { AppError, errorCodes, type ErrorCode } from '../../../shared/errors';
import type { AuditResult, AuditStaleness } from '../audit';
import { startWorkerThread } from '../worker-thread';
import type { ExportJob, JobResult } from './job';
import type { Language } from '../../../shared/contract/primitives';
import { findFontDir, type PdfCharts, type ReportBranding, type ReportSummary } from './pdf';
import type { FromWorker, WorkerInput } from './worker-protocol';

/** What an export reads, in the exports' own words (the service adapts the store and the audit onto it). */
export interface ExportData {
  /** the client's name as the workspace shows it; null when there is no such workspace */
  clientName(workspaceId: string): string | null;
  /** the latest stored audit, auditing first when none exists yet */
  auditResult(workspaceId: string): Promise<AuditResult>;
  /** why the audit is not of the latest sync (read after `auditResult`); null when it is */
  auditStaleness(workspaceId: string): AuditStaleness | null;
  /** the agency's branding for the cover and footers; absent when the store has none to give */
  branding?(): ReportBranding | null;
  /** the executive summary's facts for this audit (previous score, top actions, changes) */
  summary?(workspaceId: string, result: AuditResult): ReportSummary;
  /** keeps a findings report that was written (its summary compares the next report with it) */
  recordReport?(workspaceId: string, r: { result: AuditResult; format: 'csv' | 'pdf'; lang: Language }): void;
  /** the PDF's charts and the age of the oldest figures they use (read off the screens' thread) */
  pdfFigures(workspaceId: string): Promise<{ charts: PdfCharts; figuresAsOf: number | null }>;
  /** the store's file: the export worker reads an inventory table through a read connection of its own */
  storeFile(): string;
  inventoryCount(workspaceId: string, resourceType: string): number;
  now(): number;
}

export type ExportRequest = {
  workspaceId: string;
  format: 'csv' | 'pdf';
  kind: 'findings' | 'inventory';
  /** the resource type of an inventory CSV */
  inventoryType?: string;
  /** the report's language (default English) */
  lang?: Language;
};

export type ExportOptions = {
  /** `done` of `total` rows (CSV) or findings (PDF); a few times a second */
  onProgress?: (done: number, total: number) => void;
  /** aborting stops the worker and removes the file */
  signal?: AbortSignal;
};

export type ExportResult = JobResult & { bytes: number };

/** lets calls that arrived meanwhile be answered between two reads of the export's data */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The job of a request: the data it needs, read on this thread through the port, one read per turn; with the
 * audit a findings report is of.
 */
async function jobOf(data: ExportData, req: ExportRequest): Promise<{ job: ExportJob; result?: AuditResult }> {
  const clientName = data.clientName(req.workspaceId);
  if (clientName === null)
    throw new AppError('not_found', 'Workspace not found.', { details: { workspaceId: req.workspaceId } });
  if (req.kind === 'inventory') {
    if (req.format !== 'csv' || !req.inventoryType)
      throw new AppError('validation', 'An inventory export is a CSV of one resource type.', {
        details: { field: 'inventoryType' },
      });
    return {
      job: {
        kind: 'inventory-csv',
        total: data.inventoryCount(req.workspaceId, req.inventoryType),
        source: { storeFile: data.storeFile(), workspaceId: req.workspaceId, resourceType: req.inventoryType },
      },
    };
  }
  const lang = req.lang ?? 'en';
  const result = await data.auditResult(req.workspaceId);
  const stale = data.auditStaleness(req.workspaceId);
  if (req.format === 'csv')
    return { job: { kind: 'findings-csv', findings: result.findings, lang, currency: result.currency, stale }, result };
  await turn();
  const { charts, figuresAsOf } = await data.pdfFigures(req.workspaceId);
  await turn();
  const summary = data.summary?.(req.workspaceId, result);
  const branding = data.branding?.() ?? undefined;
  await turn();
  const job: ExportJob = {
    kind: 'pdf',
    input: {
      clientName,
      generatedAt: data.now(),
      result,
      stale,
      lang,
      charts,
      figuresAsOf,
      fontDir: findFontDir(),
      ...(summary ? { summary } : {}),
      ...(branding ? { branding } : {}),
    },
  };
  return { job, result };
}

/**
 * The one export pipeline, for the app, the web bridge and the CLI: the job's data is read here, through the port
 * (an inventory table's rows are read by the worker itself, page by page), and written by the export worker into
 * a private file beside the target, renamed onto it when complete. A failed or cancelled export leaves no file
 * behind.
 */
export async function runExport(
  data: ExportData,
  req: ExportRequest,
  file: string,
  opts: ExportOptions = {},
): Promise<ExportResult> {
  opts.signal?.throwIfAborted();
  const { job, result: audit } = await jobOf(data, req);
  const part = `${file}.${randomBytes(4).toString('hex')}.part`;
  try {
    const result = await inWorker({ job, file: part }, opts);
    await rename(part, file);
    const bytes = (await stat(file)).size;
    // only a report that reached its file counts as sent to the client
    if (audit) data.recordReport?.(req.workspaceId, { result: audit, format: req.format, lang: req.lang ?? 'en' });
    return { ...result, bytes };
  } catch (err) {
    await rm(part, { force: true });
    throw err;
  }
}

/** worker.ts, from the sources or as the `export-worker.js` entry the build emits */
function inWorker(input: WorkerInput, opts: ExportOptions): Promise<JobResult> {
  return new Promise<JobResult>((resolve, reject) => {
    const worker = startWorkerThread({
      from: import.meta.url,
      source: './worker.ts',
      bundle: 'export-worker.js',
      workerData: input,
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const stop = (err: Error) => settle(() => void worker.terminate().finally(() => reject(err)));
    const onAbort = () => stop(new AppError('cancelled', 'The export was cancelled.'));
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FromWorker) => {
      try {
        if (m.type === 'progress') opts.onProgress?.(m.done, m.total);
        else if (m.type === 'failed')
          stop(new AppError(codeOf(m.code), `The report could not be written: ${m.message}`));
        else {
          const { type: _done, ...result } = m;
          settle(() => void worker.terminate().finally(() => resolve(result)));
        }
      } catch (err) {
        stop(err as Error);
      }
    });
    worker.on('error', (err) => stop(new AppError('internal', `The export worker failed: ${err.message}`)));
    worker.on('exit', (code) => stop(new AppError('internal', `The export worker stopped (exit ${code}).`)));
  });
}

const codeOf = (code: string): ErrorCode =>
  (errorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'storage';

/**
 * Exports with cancel: at most the running ones per workspace are remembered, so `cancel(workspaceId)` stops
 * them (the service's `report:cancel`).
 */
export function createExporter(data: ExportData) {
  const running = new Map<string, Set<AbortController>>();
  return {
    async write(req: ExportRequest & { file: string }, opts: Omit<ExportOptions, 'signal'> = {}) {
      const ctl = new AbortController();
      const set = running.get(req.workspaceId) ?? new Set();
      running.set(req.workspaceId, set.add(ctl));
      try {
        return await runExport(data, req, req.file, { ...opts, signal: ctl.signal });
      } finally {
        set.delete(ctl);
        if (!set.size) running.delete(req.workspaceId);
      }
    },
    cancel(workspaceId: string): boolean {
      const set = running.get(workspaceId);
      if (!set?.size) return false;
      for (const ctl of set) ctl.abort();
      return true;
    },
  };
}
export type Exporter = ReturnType<typeof createExporter>;
