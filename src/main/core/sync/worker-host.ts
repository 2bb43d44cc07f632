import type { Worker } from 'node:worker_threads';
import { AppError, type ErrorEnvelope } from '../../../shared/errors';
import type { Logger } from '../log';
import { startWorkerThread } from '../worker-thread';
import type { SyncProgressEvent, SyncResult } from './types';
import type { FromWorker, ToWorker, WorkerData, WorkerRunArgs } from './worker-protocol';

/** worker.ts, from the sources or as the `sync-worker.js` entry the build emits */
function startWorker(data: WorkerData): Worker {
  return startWorkerThread({
    from: import.meta.url,
    source: './worker.ts',
    bundle: 'sync-worker.js',
    workerData: data,
  });
}

type PendingRun = {
  resolve: (r: SyncResult) => void;
  reject: (e: AppError) => void;
  onProgress: (p: SyncProgressEvent) => void;
};

const fromEnvelope = (e: ErrorEnvelope, cause?: unknown) =>
  new AppError(e.code, e.message, { requestId: e.requestId, details: e.details, cause });

/**
 * The screens' side of the sync worker: starts it with the first run, hands it runs, relays their progress and
 * log lines, and closes it (its runs cancelled and awaited, its connection closed) on `close()`.
 */
export class SyncWorkerHost {
  private worker: Worker | null = null;
  private readonly runs = new Map<number, PendingRun>();
  private readonly queries = new Map<number, (n: number) => void>();
  private nextQuery = 1;
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: { dbFile: string; logger: Logger }) {}

  /** runs one claimed run in the worker; resolves with its result, rejects when the worker's store failed */
  run(args: WorkerRunArgs, onProgress: (p: SyncProgressEvent) => void): Promise<SyncResult> {
    const worker = this.ensure();
    // a run in the worker keeps the process alive; an idle worker does not (a CLI that forgets to close still exits)
    worker.ref();
    return new Promise<SyncResult>((resolve, reject) => {
      this.runs.set(args.runId, { resolve, reject, onProgress });
      this.send(worker, { type: 'run', args });
    }).finally(() => {
      if (this.runs.size === 0 && this.worker === worker) worker.unref();
    });
  }

  cancel(runId: number): void {
    if (this.worker && this.runs.has(runId)) this.send(this.worker, { type: 'cancel', runId });
  }

  /** rows in the worker's stage for a run (its stage is a TEMP table of the worker's connection) */
  stagedCount(runId: number): Promise<number> {
    if (!this.worker) return Promise.resolve(0);
    const id = this.nextQuery++;
    const worker = this.worker;
    return new Promise((resolve) => {
      this.queries.set(id, resolve);
      this.send(worker, { type: 'stagedCount', id, runId });
    });
  }

  /** cancels what runs in the worker, waits for it to close its database, then ends the thread */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      // an idle worker is unref'd: waiting for its answer must hold the process open, or a CLI whose last step is
      // this close would exit with the loop empty, before it could set its exit code (a failed_auth sync left 0)
      worker.ref();
      const closed = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (m: FromWorker) => {
          if (m.type === 'closed') resolve();
        });
      });
      this.send(worker, { type: 'close' });
      await closed;
      await worker.terminate();
      this.worker = null;
    })();
    return this.closing;
  }

  private send(worker: Worker, m: ToWorker): void {
    worker.postMessage(m);
  }

  private ensure(): Worker {
    if (this.closing) throw new AppError('internal', 'The sync worker is closed.');
    if (this.worker) return this.worker;
    const worker = startWorker({ dbFile: this.opts.dbFile, logLevel: this.opts.logger.level });
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      this.failAll(new Error(`the sync worker exited with code ${code}`));
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'progress') this.runs.get(m.runId)?.onProgress(m.event);
    else if (m.type === 'log') this.opts.logger[m.level](m.msg, m.fields);
    else if (m.type === 'result' || m.type === 'crashed') {
      const run = this.runs.get(m.runId);
      this.runs.delete(m.runId);
      if (m.type === 'result') run?.resolve(m.result);
      else run?.reject(fromEnvelope(m.error));
    } else if (m.type === 'stagedCount') {
      this.queries.get(m.id)?.(m.count);
      this.queries.delete(m.id);
    }
  }

  /** the worker died: its runs end as failed (their stage died with its connection) */
  private failAll(err: unknown): void {
    for (const [runId, run] of this.runs) {
      run.reject(new AppError('internal', 'The sync worker stopped unexpectedly.', { details: { runId }, cause: err }));
    }
    this.runs.clear();
    for (const q of this.queries.values()) q(0);
    this.queries.clear();
  }
}
