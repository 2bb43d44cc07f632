import { JobWorker } from '../worker-thread';
import type { HistoryAnswer, HistoryJob, HistoryRunner } from './jobs';

/**
 * The screens' side of the history worker: the analytics and the health report read every run record of every
 * workspace in their window (60 clients × a year is a quarter of a million rows parsed and grouped), which would
 * stall every other screen call; the worker reads them on its own read-only connection.
 */
export class HistoryWorker implements HistoryRunner {
  private readonly jobs: JobWorker<HistoryJob, HistoryAnswer[HistoryJob['kind']]>;

  constructor(opts: { dbFile: string }) {
    this.jobs = new JobWorker({
      name: 'history worker',
      // worker.ts from the sources, or the `history-worker.js` entry the build emits
      entry: () => ({
        from: import.meta.url,
        source: './worker.ts',
        bundle: 'history-worker.js',
        workerData: { dbFile: opts.dbFile },
      }),
    });
  }

  run<K extends HistoryJob['kind']>(
    job: Extract<HistoryJob, { kind: K }>,
    requestId?: string,
  ): Promise<HistoryAnswer[K]> {
    return this.jobs.run<HistoryAnswer[K]>(job, requestId);
  }

  close(): Promise<void> {
    return this.jobs.close();
  }
}
