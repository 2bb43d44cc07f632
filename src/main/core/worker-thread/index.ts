/** Starting worker threads the same way from the sources and from the build (see start-worker.ts). */
export { startWorkerThread } from './start-worker';
export type { WorkerEntry } from './start-worker';
