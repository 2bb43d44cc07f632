/**
 * The sync worker: a thread of its own that runs syncs end to end — listing, canonical JSON and hashing, staging
 * and merging — on its own SQLite connection to the same file (WAL: the screens' connection reads meanwhile). The
 * thread that answers the screens only claims runs, reads keys and relays progress (worker-host.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, toErrorEnvelope } from '../../../shared/errors';
import { logLevels, type LogFields, type Logger, type LogLevel } from '../log';
import { openStore } from '../store';
import { klaviyoSourceFactory } from './klaviyo-source';
import { executeRun } from './run';
import type { FromWorker, ToWorker, WorkerData, WorkerRunArgs } from './worker-protocol';

const port = parentPort!;
const data = workerData as WorkerData;
const post = (m: FromWorker) => port.postMessage(m);

/** log lines go to the host's logger, which redacts and writes them */
function forwardingLogger(level: LogLevel, fields: LogFields = {}): Logger {
  const rank = (l: LogLevel) => logLevels.indexOf(l);
  const line = (l: LogLevel) => (msg: string, extra?: LogFields) => {
    if (rank(l) >= rank(level)) post({ type: 'log', level: l, msg, fields: { ...fields, ...extra } });
  };
  return {
    level,
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    child: (more) => forwardingLogger(level, { ...fields, ...more }),
    isEnabled: (l) => rank(l) >= rank(level),
    close: () => undefined,
  };
}

// The host migrated the file before starting this thread; its checkpointer keeps the WAL short for both.
// A smaller page cache than the screens' connection: the stage is written once and read once by the merge, so a
// big cache only grows with it (16 MB for the file and 16 MB for the TEMP stage by default).
const store = openStore(data.dbFile, { migrate: false, backgroundCheckpoint: false, cacheKb: 4096 });
store.database.sqlite.pragma('wal_autocheckpoint = 0');
const logger = forwardingLogger(data.logLevel);
const sourceFactory = klaviyoSourceFactory();
const running = new Map<number, { controller: AbortController; done: Promise<void> }>();

/** a checkpoint that could not finish (a reader, a locked file) is no reason to fail the run: the next one retries */
function settleWal(): void {
  try {
    store.settleWal();
  } catch (err) {
    logger.warn('sync.wal_not_settled', { error: err instanceof Error ? err.message : String(err) });
  }
}

function run(args: WorkerRunArgs): void {
  const controller = new AbortController();
  const apiKey = args.apiKey.ok
    ? args.apiKey.key
    : new AppError(args.apiKey.error.code, args.apiKey.error.message, {
        requestId: args.apiKey.error.requestId,
        details: args.apiKey.error.details,
      });
  const done = executeRun({
    ...args,
    store,
    logger,
    now: Date.now,
    sourceFactory,
    apiKey,
    signal: controller.signal,
    onProgress: (event) => post({ type: 'progress', runId: args.runId, event }),
  }).then(
    (result) => {
      // the run's writes (stage merge, versions, snapshot) leave the WAL, not the data folder, holding them
      if (running.size <= 1) settleWal();
      post({ type: 'result', runId: args.runId, result });
    },
    (err: unknown) => {
      // the store itself failed (disk full, file removed): the stage of this connection goes, the host records the rest
      try {
        store.inventory.dropStage(args.runId);
      } catch {
        // nothing more to do here
      }
      post({ type: 'crashed', runId: args.runId, error: toErrorEnvelope(err, args.requestId) });
    },
  );
  running.set(args.runId, { controller, done: done.finally(() => running.delete(args.runId)) });
}

async function close(): Promise<void> {
  for (const r of running.values()) r.controller.abort();
  await Promise.allSettled([...running.values()].map((r) => r.done));
  await store.close();
  post({ type: 'closed' });
  port.close();
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'run') run(m.args);
  else if (m.type === 'cancel') running.get(m.runId)?.controller.abort();
  else if (m.type === 'stagedCount')
    post({ type: 'stagedCount', id: m.id, count: store.inventory.stagedCount(m.runId) });
  else if (m.type === 'close') void close();
});
