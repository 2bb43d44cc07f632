import type { InventoryCsvRow } from './csv';
import type { ExportJob, JobResult } from './job';

/** What the export worker is started with. */
export type WorkerInput = { job: ExportJob; file: string };

/** To the worker: the page of inventory rows it asked for (empty: no more). */
export type ToWorker = { type: 'page'; rows: InventoryCsvRow[] };

/** From the worker. */
export type FromWorker =
  | { type: 'need' }
  | { type: 'progress'; done: number; total: number }
  | ({ type: 'done' } & JobResult)
  | { type: 'failed'; code: string; message: string };
