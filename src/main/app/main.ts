import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, Notification, app, ipcMain, net, powerMonitor, session, shell } from 'electron';
import { contentSecurityPolicy } from '../../shared/contract/csp';
import type { Workspace } from '../../shared/contract/workspaces';
import { openDesk, type Service } from '../core/compose';
import { dataFolderHolder, dataDirFlag, inUseMessage, resolveDataFolder, takeDataFolder } from '../core/data-folder';
import { createLogger, type Logger } from '../core/log';
import { DailyScheduler, fileAttemptStore, startDailySyncs, type DailyStarter } from '../core/schedule';
import { selectSecretStore } from '../core/secrets';
import { simulatorDemo } from '../core/service/demo';
import { SettingsStore } from '../core/settings';
import type { UpdateService } from '../core/updates';
import { APP_ORIGIN, registerAppScheme, serveAppProtocol } from './app-protocol';
import {
  attentionForCritical,
  attentionForRun,
  criticalBadge,
  overdueAttention,
  trayStatus,
  type Attention,
} from './attention';
import { isSafeExternalUrl } from './external-links';
import { forwardEvents, installIpcGuard, registerContractHandlers } from './ipc';
import { applyStartAtLogin, HIDDEN_ARG } from './login-item';
import { messages, shellMessages } from './messages';
import { saveDialogTarget } from './save-dialog';
import { openDialogPicker } from './open-dialog';
import { PickedFiles } from '../core/imports';
import { hardenSession, hardenWebContents } from './security';
import { watchSystemEvents } from './system-events';
import { createTray, type TrayHandle } from './tray';
import { createUpdateService } from './updater';
import { createMainWindow } from './window';

/**
 * The Electron shell: composition only. Everything with logic lives in the core (service, scheduler, updater
 * policy) or in small tested modules next to this file; this wires them to Electron's objects.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
// out/main/index.js → out/preload/index.cjs, out/renderer/
const PRELOAD = path.join(here, '../preload/index.cjs');
const RENDERER_DIR = path.join(here, '../renderer');
const BUILD_DIR = app.isPackaged ? process.resourcesPath : path.join(here, '../../build');

let mainWindow: BrowserWindow | null = null;
let tray: TrayHandle | null = null;
let quitting = false;

registerAppScheme();

function devServerUrl(): string | null {
  const url = process.env.ELECTRON_RENDERER_URL;
  return !app.isPackaged && url ? url : null;
}

function appOrigin(): string {
  const dev = devServerUrl();
  return dev ? new URL(dev).origin : APP_ORIGIN;
}

async function openExternal(url: string): Promise<boolean> {
  if (!isSafeExternalUrl(url)) return false;
  await shell.openExternal(url);
  return true;
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = createMainWindow({ preload: PRELOAD, icon: path.join(BUILD_DIR, 'icon.png') });
    const dev = devServerUrl();
    void mainWindow.loadURL(dev ?? `${APP_ORIGIN}/index.html`);
    mainWindow.on('closed', () => (mainWindow = null));
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function notify(settings: SettingsStore, a: Attention, logger: Logger): void {
  if (!settings.get().notifications || !Notification.isSupported()) return;
  logger.info('notification', { kind: a.kind, workspaceId: a.workspaceId });
  const n = new Notification({ title: a.title, body: a.body });
  n.on('click', () => showWindow());
  n.show();
}

async function listWorkspaces(service: Service): Promise<Workspace[]> {
  const r = await service.call('workspaces:list', {});
  return r.ok ? (r.data as Workspace[]) : [];
}

/**
 * A second app process on a data folder says which process holds it and exits non-zero having touched nothing:
 * no database opened, no migration, no simulator, no demo re-pointed. The first instance brings its window up.
 */
function refuseSecondOwner(message: string): void {
  process.stderr.write(`${message}\n`);
  app.exit(1);
}

export async function startApp(): Promise<void> {
  const folder = resolveDataFolder({ flag: dataDirFlag(process.argv), userData: app.getPath('userData') });
  const dataDir = folder.dataDir;
  if (!app.requestSingleInstanceLock()) {
    const holder = dataFolderHolder(dataDir);
    refuseSecondOwner(
      holder
        ? inUseMessage(dataDir, holder)
        : 'Klaviyo Audit Desk is already running; its window is brought to the front.',
    );
    return;
  }
  let owned: ReturnType<typeof takeDataFolder>;
  try {
    // the web version on the same folder is another owner the single-instance lock does not see
    owned = takeDataFolder(dataDir, { kind: 'app' });
  } catch (err) {
    refuseSecondOwner((err as Error).message);
    return;
  }
  app.enableSandbox();
  app.on('second-instance', () => showWindow());
  // a tray app: closing the last window keeps it running; Quit is in the tray menu
  app.on('window-all-closed', () => undefined);

  await app.whenReady();

  const logger = createLogger({ file: path.join(dataDir, 'logs', 'app.log') });
  logger.info('app starting', { version: app.getVersion(), packaged: app.isPackaged, dataDir });
  owned.report(logger);

  const settings = new SettingsStore({
    file: folder.settingsFile,
    activeDataDir: dataDir,
    defaultDataDir: folder.defaultDataDir,
  });
  const t = () => shellMessages(settings.get().locale, app.getLocale());
  const demo = simulatorDemo();

  let service: Service | null = null;
  const updates: UpdateService = createUpdateService({
    packaged: app.isPackaged,
    platform: process.platform,
    isBusy: () => service?.isBusy() ?? false,
    onState: (state) => service?.emit('app:updateState', state),
    notify: (version, waiting) =>
      notify(
        settings,
        {
          kind: 'update',
          workspaceId: null,
          title: t().updateTitle(version),
          body: waiting ? t().updateWaiting : t().updateReady,
        },
        logger,
      ),
    log: (level, msg, fields) => logger[level](msg, fields),
  });

  const desk = await openDesk({
    mode: 'electron',
    dataDir,
    secrets: selectSecretStore({ mode: 'keychain' }),
    logger,
    settings,
    app: {
      name: app.getName(),
      version: app.getVersion(),
      platform: process.platform,
      packaged: app.isPackaged,
    },
    demo,
    folderLock: owned.lock,
    updates,
    exportTarget: saveDialogTarget(() => app.getPath('documents')),
    pickedFiles: new PickedFiles({ open: openDialogPicker(() => app.getPath('downloads')) }),
    openExternal,
    ...(app.isPackaged ? { core: { migrationsFolder: path.join(process.resourcesPath, 'drizzle') } } : {}),
  });
  const { core } = desk;
  service = desk.service;
  const svc = desk.service;
  // the tray's "sync all" and the daily run start syncs through the same channel as the page
  const starter: DailyStarter = {
    async start(input) {
      const r = await svc.call('sync:start', input);
      if (!r.ok) throw new Error(r.error.message);
      return r.data;
    },
  };

  // security: every session response carries the CSP; every webContents is locked down as it is created
  const csp = contentSecurityPolicy({ dev: !!devServerUrl(), devOrigin: appOrigin() });
  hardenSession(session.defaultSession, csp);
  app.on('web-contents-created', (_e, contents) =>
    hardenWebContents(contents, { appOrigin: appOrigin(), openExternal }),
  );
  serveAppProtocol(RENDERER_DIR, csp);

  installIpcGuard(ipcMain);
  registerContractHandlers({ ipcMain, service: svc, logger, appOrigin: appOrigin() });
  forwardEvents(svc, () => BrowserWindow.getAllWindows().map((w) => w.webContents), appOrigin());

  // tray
  const refreshTray = async () => {
    const list = await listWorkspaces(svc);
    const overview = await svc.call('audit:overview', {});
    const critical = overview.ok
      ? criticalBadge(overview.data as { workspaceId: string; criticalCount: number }[], list)
      : 0;
    // the dock/taskbar badge (macOS, Unity) counts the open critical findings; 0 clears it
    app.setBadgeCount(critical);
    tray?.update(trayStatus(list, t(), critical), svc.isBusy());
  };
  tray = createTray(
    { normal: path.join(BUILD_DIR, 'tray.png'), attention: path.join(BUILD_DIR, 'tray-attention.png') },
    {
      syncAll: () => void startDailySyncs(core.store, starter, new Date(), 'tray').then(refreshTray),
      open: () => showWindow(),
      quit: () => app.quit(),
    },
    t,
  );
  svc.on('workspaces:changed', () => void refreshTray());
  void refreshTray();

  // a critical finding the core has not announced before: one notification per audit that brings some
  svc.on('findings:critical', (event) => {
    const language = t() === messages.pl ? 'pl' : 'en';
    notify(settings, attentionForCritical(event, t(), language), logger);
    void refreshTray();
  });

  // notifications for what needs attention, and the updater's "install when idle"
  svc.on('sync:finished', (run) => {
    const name = core.store.workspaces.get(run.workspaceId)?.name ?? 'A workspace';
    const a = attentionForRun(run, name, t());
    if (a) notify(settings, a, logger);
    if (!svc.isBusy()) updates.whenIdle();
  });

  // the daily sync
  const overdueNotified = new Map<string, string>();
  const scheduler = new DailyScheduler({
    now: () => new Date(),
    settings: () => settings.get().dailySync,
    lastRuns: () =>
      core.store.runs
        .list({ trigger: ['daily'], limit: 5 })
        .map((r) => ({ trigger: r.trigger, startedAt: new Date(r.startedAt) })),
    isOnline: () => net.isOnline(),
    attempts: fileAttemptStore(path.join(dataDir, 'schedule.json')),
    run: async (slot) => {
      const started = await startDailySyncs(core.store, starter, slot, 'daily');
      logger.info('daily sync started', { slot: slot.toISOString(), workspaces: started.length });
    },
    onDecision: async (trigger, d) => {
      logger.debug('daily sync decision', { trigger, reason: d.reason, slot: d.slot.toISOString() });
      for (const a of overdueAttention(
        await listWorkspaces(svc),
        Date.now(),
        overdueNotified,
        settings.get().dailySync.enabled,
      )) {
        notify(settings, a, logger);
      }
    },
    onError: (err) => logger.error('daily scheduler failed', { error: (err as Error).message }),
  });
  const stopWatching = watchSystemEvents({
    powerMonitor,
    isOnline: () => net.isOnline(),
    onTrigger: (t) => {
      // the network is back: changes queued for Klaviyo go now, not at the outbox's next probe
      if (t === 'online') svc.online();
      void scheduler.trigger(t);
    },
  });
  void scheduler.start();

  // settings that act on the OS
  const loginItem = (enabled: boolean) =>
    applyStartAtLogin(enabled, { platform: process.platform, app, execPath: process.execPath });
  settings.onChange((next, prev) => {
    if (next.startAtLogin !== prev.startAtLogin) loginItem(next.startAtLogin);
    if (next.locale !== prev.locale) void refreshTray();
    if (next.dailySync.enabled !== prev.dailySync.enabled || next.dailySync.time !== prev.dailySync.time) {
      void scheduler.trigger('settings');
    }
  });

  updates.start();

  if (!process.argv.includes(HIDDEN_ARG)) showWindow();
  app.on('activate', () => showWindow());

  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void (async () => {
      logger.info('app quitting');
      stopWatching();
      scheduler.stop();
      updates.stop();
      await desk.close().catch(() => undefined);
      await demo.close().catch(() => undefined);
      tray?.destroy();
      logger.close();
      owned.lock.release();
      app.exit(0);
    })();
  });
}
