import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WorkerInput } from './worker-protocol';

/**
 * Starts the export worker. Built, the worker is its own bundle beside the main one (`export-worker.js`, an
 * entry of electron.vite.config.ts). From source (tests, `npm run web`, the CLI under tsx) it is worker.ts,
 * loaded through tsx's require hook: Node 20 does not apply the parent's `--import` loaders to a worker's entry.
 */
export function startExportWorker(input: WorkerInput): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(new URL('./export-worker.js', import.meta.url), { workerData: input });
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const entry = path.join(path.dirname(here), 'worker.ts');
  const source = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(source, { eval: true, workerData: input });
}
