/**
 * The audit worker: a thread of its own that reads a workspace's whole inventory, evaluates the rules and stores the
 * audit on its own connection to the same file (WAL). At xl that is tens of thousands of items parsed and seconds of
 * work, and storing then reading back the audit (every finding's JSON, the previous audit, the garbage they leave)
 * stalled the thread that answers the screens for hundreds of ms: that thread only gets the stored audit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openStore } from '../store';
import { serveJobs } from '../worker-thread';
import { answerJob } from './in-thread';
import type { AuditTask, WorkerData } from './protocol';

const data = workerData as WorkerData;

// The host migrated the file before starting this thread, and its checkpointer keeps the WAL short for both
// connections. It writes the audits (one immediate transaction each), with a small cache.
const store = openStore(data.dbFile, { migrate: false, backgroundCheckpoint: false, cacheKb: 4096 });
store.database.sqlite.pragma('wal_autocheckpoint = 0');

serveJobs(
  parentPort!,
  (t: AuditTask) => answerJob(store, t.job, t.workspaceId, t.now),
  () => store.close(),
);
