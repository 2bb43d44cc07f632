import path from 'node:path';
import { createCoreContext, type CreateCoreContextOptions, type CoreContext } from './context';
import { PRODUCT_NAME, type DataFolderLock } from './data-folder';
import { createLogger, type Logger } from './log';
import { selectSecretStore, type SecretStore, type SecretStoreMode } from './secrets';
import { createService, type Service, type ServiceDeps } from './service';
import { portsFromCore } from './service/adapters';
import { auditPorts } from './service/audit-adapter';
import { sizesPort } from './service/sizes-adapter';
import { DemoAwareSecretStore } from './service/demo-secrets';
import { SettingsStore } from './settings';
import { PickedFiles } from './imports';

export type { Service } from './service';
export type { CoreContext } from './context';

export { PRODUCT_NAME };
/** the app's rule for the data folder, for front ends that take a --data-dir */
export { resolveDataFolder } from './data-folder';

/**
 * What a front end says about itself when it opens the desk. Everything a front end may vary is here; what it
 * may not vary (which domains back which channels, the post-sync pipeline, the demo key overlay) is decided
 * once, in `openDesk`.
 */
export type DeskOptions = {
  mode: ServiceDeps['mode'];
  /** the data folder: `<dataDir>/audit-desk.sqlite`, logs, settings */
  dataDir: string;
  /** where API keys live: a store, or how to choose one (see secrets/select-store.ts) */
  secrets: SecretStore | { select: SecretStoreMode; env?: NodeJS.ProcessEnv };
  /** a logger, or the file to log to (closed with the desk) */
  logger: Logger | { file: string; fields?: Record<string, unknown> };
  /** default: `<dataDir>/settings.json` */
  settings?: SettingsStore;
  app?: Partial<ServiceDeps['app']>;
  demo?: ServiceDeps['demo'];
  /**
   * The data folder's lock, held by this process (the app, the web version). Only the owner re-points the demo
   * workspaces to its own simulator: a CLI beside the app would aim the app's demo client at a simulator that
   * dies with the CLI.
   */
  folderLock?: DataFolderLock;
  updates?: ServiceDeps['updates'];
  exportTarget?: ServiceDeps['exportTarget'];
  /** files chosen for an import: the desktop's dialog, the web bridge's uploads (default: neither) */
  pickedFiles?: PickedFiles;
  openExternal?: ServiceDeps['openExternal'];
  now?: ServiceDeps['now'];
  validateOutputs?: ServiceDeps['validateOutputs'];
  progressPerSecond?: ServiceDeps['progressPerSecond'];
  /** tests and packaging: how the core reaches SQLite migrations and Klaviyo */
  core?: Pick<
    CreateCoreContextOptions,
    'migrationsFolder' | 'sourceFactory' | 'checkKey' | 'clock' | 'autoFlush' | 'outbox'
  >;
};

/** The core and the one service on top of it, as every front end (Electron, web, CLI, tests) gets them. */
export type Desk = {
  service: Service;
  core: CoreContext;
  /** the key store the service uses (the demo key stays in memory; everything else goes to the real store) */
  secrets: DemoAwareSecretStore;
  logger: Logger;
  /** what the key store is, for words such as "checked but not stored" */
  keyStorage: ReturnType<SecretStore['describe']>;
  /** stops the service's listeners, cancels and awaits running syncs, closes the database */
  close(): Promise<void>;
};

/**
 * The composition root: the only place that decides which domain implements which part of the service. It
 * opens the core on one data folder, adapts its domains onto the service's ports and prepares the demo
 * workspaces (their simulator's key and port change on every start). A failure to prepare the demo is logged,
 * never fatal: the real clients must open even when the bundled simulator cannot start.
 */
export async function openDesk(opts: DeskOptions): Promise<Desk> {
  const desk = composeDesk(opts);
  try {
    await desk.service.init({ repinDemo: !!opts.folderLock });
  } catch (err) {
    desk.logger.warn('demo workspace could not be prepared', { error: (err as Error).message });
  }
  return desk;
}

/** `openDesk` without preparing the demo workspaces (for callers that do it later, or never). */
export function composeDesk(opts: DeskOptions): Desk {
  const ownsLogger = !isLogger(opts.logger);
  const logger = isLogger(opts.logger) ? opts.logger : createLogger(opts.logger);
  const base = isSecretStore(opts.secrets)
    ? opts.secrets
    : selectSecretStore({ mode: opts.secrets.select, ...(opts.secrets.env ? { env: opts.secrets.env } : {}) });
  const secrets = base instanceof DemoAwareSecretStore ? base : new DemoAwareSecretStore(base);
  let core: CoreContext;
  try {
    core = createCoreContext({
      dataDir: opts.dataDir,
      secrets,
      logger,
      // the app and the web version send queued changes by themselves; a CLI process lives for one command
      autoFlush: opts.mode === 'cli' ? false : {},
      auditInThread: opts.mode === 'cli',
      ...opts.core,
    });
  } catch (err) {
    if (ownsLogger) logger.close();
    throw err;
  }
  const settings =
    opts.settings ??
    new SettingsStore({
      file: path.join(opts.dataDir, 'settings.json'),
      activeDataDir: opts.dataDir,
      defaultDataDir: opts.dataDir,
    });
  const pickedFiles = opts.pickedFiles ?? new PickedFiles();
  const service = createService({
    mode: opts.mode,
    store: core.store,
    secrets,
    demoSecrets: secrets,
    logger,
    settings,
    app: {
      name: PRODUCT_NAME,
      version: '0.0.0',
      platform: process.platform,
      packaged: false,
      dataDir: opts.dataDir,
      ...opts.app,
    },
    ...portsFromCore(core),
    outbox: core.outbox,
    ...(core.autoFlusher ? { autoFlush: core.autoFlusher } : {}),
    ...auditPorts({ store: core.store, worker: core.auditWorker, secrets, logger, now: () => core.clock.now() }),
    historyJobs: core.historyWorker,
    sizes: sizesPort({ store: core.store, secrets, logger, now: () => core.clock.now() }),
    ...(opts.demo ? { demo: opts.demo } : {}),
    ...(opts.updates ? { updates: opts.updates } : {}),
    ...(opts.exportTarget ? { exportTarget: opts.exportTarget } : {}),
    pickedFiles,
    ...(opts.openExternal ? { openExternal: opts.openExternal } : {}),
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.validateOutputs !== undefined ? { validateOutputs: opts.validateOutputs } : {}),
    ...(opts.progressPerSecond !== undefined ? { progressPerSecond: opts.progressPerSecond } : {}),
  });
  let closing: Promise<void> | null = null;
  return {
    service,
    core,
    secrets,
    logger,
    keyStorage: secrets.describe(),
    close() {
      closing ??= (async () => {
        service.close();
        // an audit already queued finishes on an open database; no new one is queued once the service is closed
        await service.auditsSettled();
        await core.close();
        pickedFiles.clear();
        if (ownsLogger) logger.close();
      })();
      return closing;
    },
  };
}

function isLogger(l: DeskOptions['logger']): l is Logger {
  return typeof (l as Logger).child === 'function';
}

function isSecretStore(s: DeskOptions['secrets']): s is SecretStore {
  return typeof (s as SecretStore).get === 'function';
}
