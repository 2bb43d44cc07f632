/**
 * The audit worker: a thread of its own that reads a workspace's whole inventory and evaluates the rules on its own
 * read connection to the same file (WAL). At xl that is tens of thousands of items parsed and seconds of work the
 * thread that answers the screens must not do; that thread only applies the strategist's decisions and stores the
 * result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store';
import { serveJobs } from '../worker-thread';
import { answerJob } from './in-thread';
import type { AuditTask, WorkerData } from './protocol';

const data = workerData as WorkerData;

// the host migrated the file before starting this thread; it only reads, with a small cache
const store = openStore(data.dbFile, { readonly: true, migrate: false, backgroundCheckpoint: false, cacheKb: 4096 });

serveJobs(
  parentPort!,
  (t: AuditTask) => answerJob(store, t.job, t.workspaceId, t.now),
  () => store.close(),
);
