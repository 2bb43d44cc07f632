import type { Writable } from 'node:stream';
import type { AuditStaleness, Finding } from '../audit';
import type { Language } from '../../../shared/contract/primitives';
import { writeCsv, findingColumns, INVENTORY_COLUMNS, staleColumns, type InventoryCsvRow } from './csv';
import { writeAuditPdf, type PdfReportInput } from './pdf';

/** Where an inventory CSV's rows come from: one resource type of a workspace, in the store at `storeFile`. */
export type InventorySource = { storeFile: string; workspaceId: string; resourceType: string };

/**
 * One export as plain data, so it crosses to the export worker as it is. An inventory CSV carries no rows: the
 * worker reads them page by page from a read connection of its own (no page is read, copied or held on the
 * thread that answers the screens, and 100,000 rows never sit in memory together).
 */
export type ExportJob =
  | {
      kind: 'findings-csv';
      findings: Finding[];
      lang: Language;
      currency: string | null;
      stale?: AuditStaleness | null;
    }
  | { kind: 'inventory-csv'; total: number; source: InventorySource }
  | { kind: 'pdf'; input: PdfReportInput };

/** What a job needs from the thread that started it. */
export type JobIo = {
  /** the next page of inventory rows; an empty page ends the table */
  nextPage(): Promise<InventoryCsvRow[]>;
  progress(done: number, total: number): void;
};

export type JobResult = { rows?: number; pages?: number };

/** Runs one job into `out`: the same code in the worker and wherever else a report is written. */
export async function writeJob(job: ExportJob, out: Writable, io: JobIo): Promise<JobResult> {
  if (job.kind === 'pdf') return writeAuditPdf(job.input, out, io.progress);
  if (job.kind === 'findings-csv') {
    const total = job.findings.length;
    return writeCsv(
      counted(job.findings, total, io),
      [...findingColumns(job.lang, job.currency), ...staleColumns(job.stale, job.lang)],
      out,
    );
  }
  return writeCsv(counted(pages(io), job.total, io), INVENTORY_COLUMNS, out);
}

async function* pages(io: JobIo): AsyncGenerator<InventoryCsvRow> {
  for (;;) {
    const rows = await io.nextPage();
    if (!rows.length) return;
    yield* rows;
  }
}

async function* counted<T>(rows: Iterable<T> | AsyncIterable<T>, total: number, io: JobIo): AsyncGenerator<T> {
  let done = 0;
  for await (const row of rows) {
    yield row;
    io.progress(++done, Math.max(total, done));
  }
}
