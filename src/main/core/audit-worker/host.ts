import { JobWorker } from '../worker-thread';
import type { AuditAnswer, AuditJob, AuditRunner, AuditTask } from './protocol';

/**
 * The screens' side of the audit worker: started with the first job and kept (its start costs more than a job),
 * unref'd while idle so a CLI that is done can exit, closed (its connection first) on `close()`.
 */
export class AuditWorker implements AuditRunner {
  private readonly jobs: JobWorker<AuditTask, AuditAnswer[AuditJob['kind']]>;

  constructor(opts: { dbFile: string }) {
    this.jobs = new JobWorker({
      name: 'audit worker',
      // worker.ts from the sources, or the `audit-worker.js` entry the build emits
      entry: () => ({
        from: import.meta.url,
        source: './worker.ts',
        bundle: 'audit-worker.js',
        workerData: { dbFile: opts.dbFile },
      }),
    });
  }

  /** runs one job on the workspace's inventory as it is now in the file */
  run<K extends AuditJob['kind']>(job: { kind: K }, workspaceId: string, now: number): Promise<AuditAnswer[K]> {
    return this.jobs.run<AuditAnswer[K]>({ job: job as AuditJob, workspaceId, now });
  }

  /** lets the jobs under way finish, closes the worker's connection, then ends the thread */
  close(): Promise<void> {
    return this.jobs.close();
  }
}
