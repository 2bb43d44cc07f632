import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../../shared/contract/csp';
import { openDesk, type CoreContext, type Desk, type Service } from '../../main/core/compose';
import { resolveDataFolder, takeDataFolder } from '../../main/core/data-folder';
import { createLogger, type Logger } from '../../main/core/log';
import { MemorySecretStore, type SecretStore } from '../../main/core/secrets';
import { DEMO_DEFAULTS, simulatorDemo } from '../../main/core/service/demo';
import { SettingsStore } from '../../main/core/settings';
import { startSimulator } from '../../sim';
import type { Simulator, SimulatorOptions } from '../../sim/types';
import { startBridgeServer, type BridgeServer } from './bridge-server';
import { DownloadRegistry } from './downloads';
import { PickedFiles } from '../../main/core/imports';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const WEB_OUT_DIR = path.join(REPO_ROOT, 'out', 'web');

export type WebAppOptions = {
  /** default: AUDIT_DESK_DATA_DIR, else the folder chosen in the settings, else the user-data folder (as the app) */
  dataDir?: string;
  port?: number;
  /** serve this built page (default out/web); `false` serves the API only */
  staticDir?: string | false;
  /** build out/web first when it is missing (default true) */
  buildIfMissing?: boolean;
  /** the simulator serving the demo account (default: small, seeded, time scale 30) */
  simulator?: Partial<SimulatorOptions>;
  /** where keys of added workspaces live (default memory: see below) */
  secrets?: SecretStore;
  logger?: Logger;
  token?: string;
  /** also log to stderr (the CLI) */
  verbose?: boolean;
};

export type WebApp = {
  server: BridgeServer;
  service: Service;
  core: CoreContext;
  simulator: Simulator;
  dataDir: string;
  close(): Promise<void>;
};

/** Builds the web page with the renderer's vite config (only when it is missing). */
export function buildWebPage(): void {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'vite.web.config.ts'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
  if (r.status !== 0) throw new Error(`building the web page failed (vite exited ${r.status})`);
}

/**
 * Everything `npm run web` runs, as a function the e2e tests can call too: a simulator with the demo data, a core
 * context on a data folder, the service, and the loopback bridge serving the built page.
 *
 * Keys in web mode live in a MemorySecretStore unless a store is passed: the web page is a way to run and test
 * the app without Electron, often on machines with no keychain service at all, so keys typed into it last as
 * long as the process. The demo account's key is minted by the simulator at every start anyway, and the service
 * re-pins the demo workspace to it (and to the simulator's new port) on start-up — as the folder's owner: the
 * data folder is taken first (its lock file names this process), and a second app process on the same folder
 * fails with the holder's pid before it opens, migrates, starts or re-points anything.
 */
export async function startWebApp(opts: WebAppOptions = {}): Promise<WebApp> {
  const folder = resolveDataFolder({ flag: opts.dataDir });
  const dataDir = folder.dataDir;
  const owned = takeDataFolder(dataDir, { kind: 'web' });
  let logger: Logger | null = null;
  let simulator: Simulator | null = null;
  let desk: Desk | null = null;
  try {
    logger = opts.logger ?? createLogger({ file: path.join(dataDir, 'logs', 'web.log') });
    owned.report(logger);
    const staticDir = opts.staticDir === false ? undefined : (opts.staticDir ?? WEB_OUT_DIR);
    if (staticDir && opts.buildIfMissing !== false && !fs.existsSync(path.join(staticDir, 'index.html'))) {
      buildWebPage();
    }

    const timeScale = opts.simulator?.timeScale ?? DEMO_DEFAULTS.timeScale;
    simulator = await startSimulator({
      port: 0,
      size: DEMO_DEFAULTS.size,
      seed: DEMO_DEFAULTS.seed,
      ...opts.simulator,
      timeScale,
    });
    const demo = simulatorDemo({ simulator, timeScale });
    const downloads = new DownloadRegistry(path.join(dataDir, 'downloads'));
    const uploads = new PickedFiles({ uploadDir: path.join(dataDir, 'uploads') });
    desk = await openDesk({
      mode: 'web',
      dataDir,
      secrets: opts.secrets ?? new MemorySecretStore(),
      logger,
      settings: new SettingsStore({
        file: folder.settingsFile,
        activeDataDir: dataDir,
        defaultDataDir: folder.defaultDataDir,
      }),
      app: { version: readVersion() },
      demo,
      folderLock: owned.lock,
      exportTarget: downloads,
      pickedFiles: uploads,
    });
    const { service, core } = desk;
    const server = await startBridgeServer({
      service,
      logger,
      staticDir,
      downloads,
      uploads,
      port: opts.port,
      token: opts.token,
      csp: contentSecurityPolicy(),
    });
    const opened = desk;
    const sim = simulator;
    const log = logger;
    return {
      server,
      service,
      core,
      simulator: sim,
      dataDir,
      async close() {
        await server.close();
        await opened.close();
        downloads.clear();
        await sim.close();
        if (!opts.logger) log.close();
        owned.lock.release();
      },
    };
  } catch (err) {
    await desk?.close().catch(() => undefined);
    await simulator?.close();
    if (logger && !opts.logger) logger.close();
    owned.lock.release();
    throw err;
  }
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
