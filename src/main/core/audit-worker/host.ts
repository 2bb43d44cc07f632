import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { startWorkerThread } from '../worker-thread';
import type { AuditAnswer, AuditJob, AuditRunner, FromWorker, ToWorker } from './protocol';

type Pending = { resolve: (a: unknown) => void; reject: (e: AppError) => void };

/**
 * The screens' side of the audit worker: started with the first job and kept (its start costs more than a job),
 * unref'd while idle so a CLI that is done can exit, closed (its connection first) on `close()`.
 */
export class AuditWorker implements AuditRunner {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly inflight = new Set<Promise<unknown>>();
  private nextId = 1;
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: { dbFile: string }) {}

  /** runs one job on the workspace's inventory as it is now in the file */
  run<K extends AuditJob['kind']>(job: { kind: K }, workspaceId: string, now: number): Promise<AuditAnswer[K]> {
    const worker = this.ensure();
    worker.ref();
    const id = this.nextId++;
    const answer = new Promise<AuditAnswer[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (a: unknown) => void, reject });
      this.send(worker, { type: 'job', id, requestId: randomUUID(), job: job as AuditJob, workspaceId, now });
    }).finally(() => {
      this.inflight.delete(answer);
      if (this.pending.size === 0 && this.worker === worker) worker.unref();
    });
    this.inflight.add(answer);
    return answer;
  }

  /** lets the jobs under way finish, closes the worker's connection, then ends the thread */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      worker.ref();
      await Promise.allSettled([...this.inflight]);
      const closed = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (m: FromWorker) => m.type === 'closed' && resolve());
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
    if (this.closing) throw new AppError('internal', 'The audit worker is closed.');
    if (this.worker) return this.worker;
    // worker.ts from the sources, or the `audit-worker.js` entry the build emits
    const worker = startWorkerThread({
      from: import.meta.url,
      source: './worker.ts',
      bundle: 'audit-worker.js',
      workerData: { dbFile: this.opts.dbFile },
    });
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (err) => this.failAll(err));
    worker.on('exit', (code) => {
      this.failAll(new Error(`the audit worker exited with code ${code}`));
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(m: FromWorker): void {
    if (m.type === 'closed') return;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.type === 'answer') p?.resolve(m.answer);
    else
      p?.reject(
        new AppError(m.error.code, m.error.message, { requestId: m.error.requestId, details: m.error.details }),
      );
  }

  /** the worker died: its jobs fail with the envelope, and the next job starts a new one */
  private failAll(err: unknown): void {
    for (const p of this.pending.values())
      p.reject(new AppError('internal', 'The audit worker stopped unexpectedly.', { cause: err }));
    this.pending.clear();
  }
}
