/**
 * The history worker: a thread of its own that reads the run records on its own read connection to the same file
 * (WAL) and computes the analytics and the health report, so the thread that answers the screens only words them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store';
import { serveJobs } from '../worker-thread';
import { answerHistoryJob, type HistoryJob } from './jobs';

const data = workerData as { dbFile: string };

// the host migrated the file before starting this thread; it only reads, with a small cache
const store = openStore(data.dbFile, { readonly: true, migrate: false, backgroundCheckpoint: false, cacheKb: 4096 });

serveJobs(
  parentPort!,
  (job: HistoryJob) => answerHistoryJob(store, job),
  () => store.close(),
);
