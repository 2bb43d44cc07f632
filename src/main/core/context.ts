import path from 'node:path';
import type { Logger } from './log';
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
  /** the live key check (account and scopes) the workspaces domain uses */
  checkKey: CheckKeyFn;
  /** cancels running syncs, waits for them, closes the sync worker and the database */
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
    checkKey: keyCheck,
    async close() {
      if (closed) return;
      closed = true;
      await sync.close();
      await store.close();
    },
  };
}
