import { randomUUID } from 'node:crypto';
import type { MessagePort } from 'node:worker_threads';
import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../../shared/errors';
import { ManagedWorker } from './managed-worker';
import type { WorkerEntry } from './start-worker';

/** What a job worker is sent: a job (answered once, by its id) or the request to close. */
export type JobMessage<Job> = { type: 'job'; id: number; requestId: string; job: Job } | { type: 'close' };

/** What a job worker answers: the job's answer, its failure as the error envelope, or that it has closed. */
export type JobReply<Answer> =
  | { type: 'answer'; id: number; answer: Answer }
  | { type: 'failed'; id: number; error: ErrorEnvelope }
  | { type: 'closed' };

type Pending = { resolve: (a: unknown) => void; reject: (e: AppError) => void };

/**
 * A worker thread that answers jobs one message each, from the screens' side: started with the first job and kept
 * (its start costs more than a job), unref'd while idle so a process that is done can exit, closed (its connection
 * first) on `close()`. A failed job rejects with the envelope the worker sent, requestId included; a worker that
 * dies fails its jobs, and the next job starts a new one.
 */
export class JobWorker<Job, Answer> {
  private readonly pending = new Map<number, Pending>();
  private readonly inflight = new Set<Promise<unknown>>();
  private nextId = 1;
  private readonly thread: ManagedWorker<JobMessage<Job>, JobReply<Answer>>;

  constructor(opts: { name: string; entry: () => WorkerEntry }) {
    this.thread = new ManagedWorker({
      name: opts.name,
      entry: opts.entry,
      onMessage: (m) => this.onMessage(m),
      onDied: (cause) => this.failAll(opts.name, cause),
    });
  }

  /** posts one job; `requestId` is the caller's, carried by the envelope of a failure */
  run<A extends Answer>(job: Job, requestId: string = randomUUID()): Promise<A> {
    const worker = this.thread.get();
    this.thread.busy(worker);
    const id = this.nextId++;
    const answer = new Promise<A>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (a: unknown) => void, reject });
      this.thread.post(worker, { type: 'job', id, requestId, job });
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

  private onMessage(m: JobReply<Answer>): void {
    if (m.type === 'closed') return;
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.type === 'answer') p?.resolve(m.answer);
    else
      p?.reject(
        new AppError(m.error.code, m.error.message, { requestId: m.error.requestId, details: m.error.details }),
      );
  }

  private failAll(name: string, err: unknown): void {
    for (const p of this.pending.values())
      p.reject(new AppError('internal', `The ${name} stopped unexpectedly.`, { cause: err }));
    this.pending.clear();
  }
}

/**
 * The worker's side: answers each job with `answer` (a throw becomes the envelope, with the job's requestId), and on
 * the request to close runs `close` (its connection) before saying it has closed.
 */
export function serveJobs<Job, Answer>(
  port: MessagePort,
  answer: (job: Job) => Answer,
  close: () => Promise<void>,
): void {
  const post = (m: JobReply<Answer>) => port.postMessage(m);
  port.on('message', (m: JobMessage<Job>) => {
    if (m.type === 'close') {
      void close().finally(() => post({ type: 'closed' }));
      return;
    }
    try {
      post({ type: 'answer', id: m.id, answer: answer(m.job) });
    } catch (err) {
      post({ type: 'failed', id: m.id, error: toErrorEnvelope(err, m.requestId) });
    }
  });
}
