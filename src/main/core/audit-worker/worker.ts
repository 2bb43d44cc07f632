/**
 * The audit worker: a thread of its own that reads a workspace's whole inventory and evaluates the rules on its own
 * read connection to the same file (WAL). At xl that is tens of thousands of items parsed and seconds of work the
 * thread that answers the screens must not do; that thread only applies the strategist's decisions and stores the
 * result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toErrorEnvelope } from '../../../shared/errors';
import { openStore } from '../store';
import { answerJob } from './in-thread';
import type { FromWorker, ToWorker, WorkerData } from './protocol';

const port = parentPort!;
const data = workerData as WorkerData;
const post = (m: FromWorker) => port.postMessage(m);

// the host migrated the file before starting this thread; it only reads, with a small cache
const store = openStore(data.dbFile, { readonly: true, migrate: false, backgroundCheckpoint: false, cacheKb: 4096 });

port.on('message', (m: ToWorker) => {
  if (m.type === 'close') {
    void store.close().finally(() => post({ type: 'closed' }));
    return;
  }
  try {
    post({ type: 'answer', id: m.id, answer: answerJob(store, m.job, m.workspaceId, m.now) });
  } catch (err) {
    post({ type: 'failed', id: m.id, error: toErrorEnvelope(err, m.requestId) });
  }
});
