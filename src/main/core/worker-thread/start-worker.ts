import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { AppError } from '../../../shared/errors';

export type WorkerEntry = {
  /** the calling module's `import.meta.url`: the entry is found relative to it */
  from: string;
  /** the worker's source module, relative to `from` (e.g. './worker.ts') */
  source: string;
  /** the file the build emits for that entry (an entry of electron.vite.config.ts), e.g. 'sync-worker.js' */
  bundle: string;
  /** what the worker reads as `workerData` (copied: plain data only) */
  workerData: unknown;
  resourceLimits?: ResourceLimits;
};

/**
 * Starts a worker thread from the sources (tsx, tests) or from the build. From the sources the entry is loaded
 * through tsx's require hook, which compiles in the worker's own thread: tsx's ESM loader would start a loader
 * thread of its own for every worker (tens of MB, and a round trip to it for every module the worker loads), and
 * a worker's own `--import` does not reach its entry module on Node 20. Built, the entry is its own bundle next
 * to the module that starts it, or one folder up when that module landed in a shared chunk.
 */
export function startWorkerThread(entry: WorkerEntry): Worker {
  const opts = {
    workerData: entry.workerData,
    ...(entry.resourceLimits ? { resourceLimits: entry.resourceLimits } : {}),
  };
  if (entry.from.endsWith('.ts')) {
    const tsx = createRequire(entry.from).resolve('tsx/cjs/api');
    const file = fileURLToPath(new URL(entry.source, entry.from));
    const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(file)});`;
    return new Worker(boot, { ...opts, eval: true });
  }
  const candidates = [new URL(`./${entry.bundle}`, entry.from), new URL(`../${entry.bundle}`, entry.from)];
  const found = candidates.find((u) => fs.existsSync(fileURLToPath(u)));
  if (!found) {
    throw new AppError('internal', `The worker ${entry.bundle} is missing from this build.`, {
      details: { searched: candidates.map((u) => fileURLToPath(u)) },
    });
  }
  return new Worker(found, opts);
}
