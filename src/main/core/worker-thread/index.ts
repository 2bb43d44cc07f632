/** Starting worker threads the same way from the sources and from the build, and keeping them (see each module). */
export { startWorkerThread } from './start-worker';
export type { WorkerEntry } from './start-worker';
export { ManagedWorker } from './managed-worker';
export { JobWorker, serveJobs, type JobMessage, type JobReply } from './job-worker';
