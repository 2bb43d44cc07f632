import type { ExportJob, JobResult } from './job';

/** What the export worker is started with. */
export type WorkerInput = { job: ExportJob; file: string };

/** From the worker. */
export type FromWorker =
  | { type: 'progress'; done: number; total: number }
  | ({ type: 'done' } & JobResult)
  | { type: 'failed'; code: string; message: string };
