import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { ManagedWorker } from '../worker-thread';
import type { AuditAnswer, AuditJob, AuditRunner, FromWorker, ToWorker } from './protocol';

type Pending = { resolve: (a: unknown) => void; reject: (e: AppError) => void };

/**
 * The screens' side of the audit worker: started with the first job and kept (its start costs more than a job),
 * unref'd while idle so a CLI that is done can exit, closed (its connection first) on `close()`.
 */
export class AuditWorker implements AuditRunner {
  private readonly pending = new Map<number, Pending>();
  private readonly inflight = new Set<Promise<unknown>>();
  private nextId = 1;
  private readonly thread: ManagedWorker<ToWorker, FromWorker>;

  constructor(opts: { dbFile: string }) {
    this.thread = new ManagedWorker({
      name: 'audit worker',
      // worker.ts from the sources, or the `audit-worker.js` entry the build emits
      entry: () => ({
        from: import.meta.url,
        source: './worker.ts',
        bundle: 'audit-worker.js',
        workerData: { dbFile: opts.dbFile },
      }),
      onMessage: (m) => this.onMessage(m),
      onDied: (cause) => this.failAll(cause),
    });
  }

  /** runs one job on the workspace's inventory as it is now in the file */
  run<K extends AuditJob['kind']>(job: { kind: K }, workspaceId: string, now: number): Promise<AuditAnswer[K]> {
    const worker = this.thread.get();
    this.thread.busy(worker);
    const id = this.nextId++;
    const answer = new Promise<AuditAnswer[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (a: unknown) => void, reject });
      this.thread.post(worker, { type: 'job', id, requestId: randomUUID(), job: job as AuditJob, workspaceId, now });
    }).finally(() => {
      this.inflight.delete(answer);
      if (this.pending.size === 0) this.thread.idle(worker);
    });
    this.inflight.add(answer);
    return answer;
  }

  /** lets the jobs under way finish, closes the worker's connection, then ends the thread */
  close(): Promise<void> {
    return this.thread.close(() => Promise.allSettled([...this.inflight]));
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
