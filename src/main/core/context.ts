import path from 'node:path';
import { AuditWorker, inThreadAuditRunner, type AuditRunner } from './audit-worker';
import { HistoryWorker, inThreadHistoryRunner, type HistoryRunner } from './history';
import type { Logger } from './log';
import { AutoFlusher, Outbox, type AutoFlushOptions, type OutboxOptions } from './outbox';
import { checkKey, type SecretStore } from './secrets';
import { openStore, type Store } from './store';
import { SyncManager, type SyncSourceFactory } from './sync';
import { Workspaces, type CheckKeyFn } from './workspaces';

export const DATABASE_FILE = 'audit-desk.sqlite';

export type Clock = { now(): number };

export type CreateCoreContextOptions = {
  dataDir: string;
  secrets: SecretStore;
  logger: Logger;
  clock?: Clock;
  /** drizzle migrations folder (packaged app: resources/drizzle); found automatically when absent */
  migrationsFolder?: string;
  /** tests and the demo: how Klaviyo is reached (default: the Klaviyo client over HTTP) */
  sourceFactory?: SyncSourceFactory;
  checkKey?: CheckKeyFn;
  /** send queued changes on a schedule and when the connection returns (the app and the web version; not the CLI) */
  autoFlush?: Omit<AutoFlushOptions, 'logger'> | false;
  /** client and retry settings of the outbox (tests) */
  outbox?: Pick<OutboxOptions, 'client' | 'retry'>;
  /**
   * audits, history analytics and the health report on this thread (the CLI: no screen to keep answering) instead
   * of in the audit and history workers
   */
  auditInThread?: boolean;
};

/**
 * The core's domains on one data folder: `<dataDir>/audit-desk.sqlite` (migrated at open), the workspaces
 * domain and the sync manager. The service (service/service.ts), the CLI and the web bridge build on this.
 */
export type CoreContext = {
  dataDir: string;
  dbFile: string;
  store: Store;
  secrets: SecretStore;
  logger: Logger;
  clock: Clock;
  workspaces: Workspaces;
  sync: SyncManager;
  /** changes queued for Klaviyo */
  outbox: Outbox;
  /** the automatic flush, when this process runs one */
  autoFlusher: AutoFlusher | null;
  /** the live key check (account and scopes) the workspaces domain uses */
  checkKey: CheckKeyFn;
  /** evaluates audits and reads their figures (off the thread that answers the screens, but in the CLI) */
  auditWorker: AuditRunner;
  /** computes history analytics and the health report (off the thread that answers the screens, but in the CLI) */
  historyWorker: HistoryRunner;
  /** cancels running syncs, waits for them, closes the sync, audit and history workers and the database */
  close(): Promise<void>;
};

export function createCoreContext(opts: CreateCoreContextOptions): CoreContext {
  const clock = opts.clock ?? { now: () => Date.now() };
  const now = () => clock.now();
  const dbFile = path.join(opts.dataDir, DATABASE_FILE);
  const store = openStore(dbFile, opts.migrationsFolder ? { migrationsFolder: opts.migrationsFolder } : {});
  const sync = new SyncManager({
    store,
    secrets: opts.secrets,
    logger: opts.logger,
    now,
    ...(opts.sourceFactory ? { sourceFactory: opts.sourceFactory } : {}),
  });
  // runs left "running" by a process that died (crash, kill -9) are closed before anything else looks at them
  sync.recoverInterrupted();
  const keyCheck: CheckKeyFn = opts.checkKey ?? ((o) => checkKey(o));
  const workspaces = new Workspaces({
    store,
    secrets: opts.secrets,
    checkKey: keyCheck,
    logger: opts.logger,
    now,
    isSyncing: (id) => sync.isRunning(id),
  });
  const outbox = new Outbox({ store, secrets: opts.secrets, logger: opts.logger, now, ...opts.outbox });
  const autoFlusher = opts.autoFlush ? new AutoFlusher(outbox, { ...opts.autoFlush, logger: opts.logger }) : null;
  autoFlusher?.start();
  const auditWorker = opts.auditInThread ? inThreadAuditRunner(store) : new AuditWorker({ dbFile });
  const historyWorker = opts.auditInThread ? inThreadHistoryRunner(store) : new HistoryWorker({ dbFile });
  let closed = false;
  return {
    dataDir: opts.dataDir,
    dbFile,
    store,
    secrets: opts.secrets,
    logger: opts.logger,
    clock,
    workspaces,
    sync,
    outbox,
    autoFlusher,
    checkKey: keyCheck,
    auditWorker,
    historyWorker,
    async close() {
      if (closed) return;
      closed = true;
      await autoFlusher?.stop();
      await sync.close();
      await auditWorker.close();
      await historyWorker.close();
      await store.close();
    },
  };
}
