import type { ResourceLimits } from 'node:worker_threads';
import { AppError, type ErrorEnvelope } from '../../../shared/errors';
import type { Logger } from '../log';
import { ManagedWorker, type WorkerEntry } from '../worker-thread';
import type { SyncProgressEvent, SyncResult } from './types';
import type { FromWorker, ToWorker, WorkerData, WorkerRunArgs } from './worker-protocol';

type PendingRun = {
  resolve: (r: SyncResult) => void;
  reject: (e: AppError) => void;
  onProgress: (p: SyncProgressEvent) => void;
};

const fromEnvelope = (e: ErrorEnvelope, cause?: unknown) =>
  new AppError(e.code, e.message, { requestId: e.requestId, details: e.details, cause });

/**
 * The sync worker's V8 heap, bounded. What a sync keeps alive is small (pages in flight, the ids its child listings
 * wait on: about 50 MB with the modules at xl), but it allocates a whole account's worth of JSON, canonical text
 * and rows on the way. With V8's defaults (a 48 MB young generation, and an old generation let grow by a large
 * factor after each full GC while its multi-GB ceiling is far away) that garbage piled up: the worker's heap reached
 * 156 MB at xl and kept it for the runs after (peak RSS of the syncing process 370 MB). A 512 MB ceiling makes V8
 * grow the old generation by a small factor (alone: peak RSS 298 MB), and an 8 MB young generation holds less of each
 * page in flight (with a 16 MB one: 270 MB; 8 MB: 263 MB). Measured at xl, the worker's heap stays near 70 MB, ten
 * times less than its ceiling. The sync mostly waits on the rate limits, so the extra scavenges are cheap.
 */
export const SYNC_WORKER_HEAP: ResourceLimits = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 8 };

/** where the sync worker's entry is, what it reads as workerData, and its heap's limits */
export function syncWorkerEntry(opts: { dbFile: string; logger: Logger }): WorkerEntry {
  return {
    from: import.meta.url,
    source: './worker.ts',
    bundle: 'sync-worker.js',
    workerData: { dbFile: opts.dbFile, logLevel: opts.logger.level } satisfies WorkerData,
    resourceLimits: SYNC_WORKER_HEAP,
  };
}

/**
 * The screens' side of the sync worker: starts it with the first run, hands it runs, relays their progress and
 * log lines, and closes it (its runs cancelled and awaited, its connection closed) on `close()`.
 */
export class SyncWorkerHost {
  private readonly runs = new Map<number, PendingRun>();
  private readonly queries = new Map<number, (n: number) => void>();
  private nextQuery = 1;
  private readonly thread: ManagedWorker<ToWorker, FromWorker>;

  constructor(private readonly opts: { dbFile: string; logger: Logger }) {
    this.thread = new ManagedWorker({
      name: 'sync worker',
      // worker.ts from the sources, or the `sync-worker.js` entry the build emits
      entry: () => syncWorkerEntry(opts),
      onMessage: (m) => this.onMessage(m),
      onDied: (cause) => this.failAll(cause),
    });
  }

  /** runs one claimed run in the worker; resolves with its result, rejects when the worker's store failed */
  run(args: WorkerRunArgs, onProgress: (p: SyncProgressEvent) => void): Promise<SyncResult> {
    const worker = this.thread.get();
    this.thread.busy(worker);
    return new Promise<SyncResult>((resolve, reject) => {
      this.runs.set(args.runId, { resolve, reject, onProgress });
      this.thread.post(worker, { type: 'run', args });
    }).finally(() => {
      if (this.runs.size === 0) this.thread.idle(worker);
    });
  }

  cancel(runId: number): void {
    const worker = this.thread.current();
    if (worker && this.runs.has(runId)) this.thread.post(worker, { type: 'cancel', runId });
  }

  /** rows in the worker's stage for a run (its stage is a TEMP table of the worker's connection) */
  stagedCount(runId: number): Promise<number> {
    const worker = this.thread.current();
    if (!worker) return Promise.resolve(0);
    const id = this.nextQuery++;
    return new Promise((resolve) => {
      this.queries.set(id, resolve);
      this.thread.post(worker, { type: 'stagedCount', id, runId });
    });
  }

  /** cancels what runs in the worker, waits for it to close its database, then ends the thread */
  close(): Promise<void> {
    return this.thread.close();
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
