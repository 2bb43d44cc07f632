import type { Writable } from 'node:stream';
import type { AuditStaleness, Finding } from '../audit';
import { writeCsv, FINDING_COLUMNS, INVENTORY_COLUMNS, staleColumns, type InventoryCsvRow } from './csv';
import { writeAuditPdf, type PdfReportInput } from './pdf';

/**
 * One export as plain data, so it crosses to the export worker as it is. An inventory CSV carries no rows: the
 * worker asks for them page by page (the store stays on the thread that owns it, and 100,000 rows never sit in
 * memory together).
 */
export type ExportJob =
  | { kind: 'findings-csv'; findings: Finding[]; stale?: AuditStaleness | null }
  | { kind: 'inventory-csv'; total: number }
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
    return writeCsv(counted(job.findings, total, io), [...FINDING_COLUMNS, ...staleColumns(job.stale)], out);
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
