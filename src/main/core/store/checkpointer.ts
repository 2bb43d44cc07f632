import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

// Runs in a worker thread: its own connection to the same file, checkpointing the WAL into the database file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next tick */ } };
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); tick(); db.close(); parentPort.postMessage('stopped'); }
});
`;

export type Checkpointer = { stop(): Promise<void> };

/**
 * Moves WAL checkpoints off the main thread. A checkpoint copies the WAL into the database file and, with
 * synchronous=NORMAL, is the one moment SQLite fsyncs — tens to hundreds of milliseconds on a busy disk. SQLite's
 * automatic checkpoint would run it inside whichever commit crosses 1000 pages, i.e. on the event loop in the
 * middle of a sync. The main connection turns that off and this worker checkpoints every `intervalMs` instead.
 */
export function startCheckpointer(file: string, intervalMs = 1000): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, intervalMs } });
  worker.unref();
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        const done = () => {
          void worker.terminate().finally(resolve);
        };
        const timer = setTimeout(done, 2000);
        worker.once('message', () => {
          clearTimeout(timer);
          done();
        });
        worker.once('error', () => {
          clearTimeout(timer);
          done();
        });
        worker.postMessage('stop');
      });
      return stopped;
    },
  };
}
