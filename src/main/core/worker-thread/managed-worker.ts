import type { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';
import { startWorkerThread, type WorkerEntry } from './start-worker';

/** Every worker of the core speaks this much of one protocol: the host asks it to close, it answers when it has. */
export type CloseRequest = { type: 'close' };
export type ClosedAnswer = { type: 'closed' };

export type ManagedWorkerOptions<FromWorker> = {
  /** how the worker is named in errors ("the sync worker") */
  name: string;
  /** where its entry is and what it reads as workerData; asked at each (re)start */
  entry: () => WorkerEntry;
  onMessage: (m: FromWorker) => void;
  /** the thread died or failed: whatever it was doing must fail; the next `get()` starts a new one */
  onDied: (cause: unknown) => void;
};

/**
 * One worker thread of the core, from the screens' side: started on first use and kept (a start costs more than a
 * job), holding the process open only while it has work, and closed with a handshake — the worker closes its own
 * database connection and says so before the thread ends, so no WAL or lock is left behind by a terminate.
 */
export class ManagedWorker<ToWorker extends { type: string }, FromWorker extends { type: string }> {
  private worker: Worker | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly opts: ManagedWorkerOptions<FromWorker>) {}

  /** the running thread, started if there is none; refused once closing began */
  get(): Worker {
    if (this.closing) throw new AppError('internal', `The ${this.opts.name} is closed.`);
    if (this.worker) return this.worker;
    const worker = startWorkerThread(this.opts.entry());
    worker.on('message', (m: FromWorker) => this.opts.onMessage(m));
    worker.on('error', (err) => this.opts.onDied(err));
    worker.on('exit', (code) => {
      this.opts.onDied(new Error(`the ${this.opts.name} exited with code ${code}`));
      if (this.worker === worker) this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  /** the running thread, without starting one */
  current(): Worker | null {
    return this.worker;
  }

  post(worker: Worker, m: ToWorker | CloseRequest): void {
    worker.postMessage(m);
  }

  /** work under way keeps the process alive; an idle worker does not (a CLI that forgets to close still exits) */
  busy(worker: Worker): void {
    worker.ref();
  }

  idle(worker: Worker): void {
    if (this.worker === worker) worker.unref();
  }

  /**
   * Lets `drain` finish what is under way, asks the worker to close its connection, waits for its answer (or its
   * exit), then ends the thread. Idempotent: every caller awaits the same close.
   */
  close(drain: () => Promise<unknown> = () => Promise.resolve()): Promise<void> {
    this.closing ??= (async () => {
      const worker = this.worker;
      if (!worker) return;
      // an idle worker is unref'd: waiting for its answer must hold the process open, or a CLI whose last step is
      // this close would exit with the loop empty, before it could set its exit code
      worker.ref();
      await drain();
      const closed = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (m: FromWorker | ClosedAnswer) => m.type === 'closed' && resolve());
      });
      this.post(worker, { type: 'close' });
      await closed;
      await worker.terminate();
      this.worker = null;
    })();
    return this.closing;
  }
}
