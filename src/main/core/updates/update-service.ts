import type { UpdateState } from '../../../shared/contract/app';

/**
 * The part of electron-updater's `autoUpdater` we use. The shell passes the real one in; tests pass a fake, so
 * this module never imports electron or electron-updater.
 */
export interface Updater {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'update-not-available', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (p: { percent: number }) => void): unknown;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

export type UpdateServiceOptions = {
  updater: Updater | null;
  /** unpackaged (dev, tests, the web bridge) never updates */
  packaged: boolean;
  platform: NodeJS.Platform;
  /** true while any sync runs: an install would kill it */
  isBusy: () => boolean;
  /** called on every state change (→ the `app:updateState` event) */
  onState?: (state: UpdateState) => void;
  /** "an update is ready" (one notification per version) */
  notify?: (version: string, waitingForIdle: boolean) => void;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
  now?: () => Date;
  /** default 6 h */
  intervalMs?: number;
  /** an explicit opt-out (e.g. AUDIT_DESK_DISABLE_UPDATES=1, store builds) */
  disabledReason?: string | null;
};

export const SIX_HOURS = 6 * 3_600_000;

/**
 * Update policy, separate from the transport: check at start and every 6 h, download in the background, tell
 * the user once per version, and install only when asked and nothing is syncing — a requested install waits
 * for the last sync to end (`whenIdle`). On Windows installing on quit stays off: an OS shutdown can kill the
 * NSIS installer half-way and leave an empty install folder (electron-builder #7807, Notesnook's choice).
 */
export class UpdateService {
  private state: UpdateState;
  private timer: ReturnType<typeof setInterval> | null = null;
  private checking: Promise<void> | null = null;
  private notifiedVersion: string | null = null;
  private installRequested = false;

  constructor(private readonly opts: UpdateServiceOptions) {
    const reason = !opts.updater
      ? 'no updater'
      : !opts.packaged
        ? 'not a packaged build'
        : (opts.disabledReason ?? null);
    this.state = {
      status: reason ? 'disabled' : 'idle',
      version: null,
      waitingForIdle: false,
      lastCheckedAt: null,
      message: reason,
    };
  }

  get enabled(): boolean {
    return this.state.status !== 'disabled';
  }

  getState(): UpdateState {
    return { ...this.state };
  }

  start(): void {
    const u = this.opts.updater;
    if (!this.enabled || !u || this.timer) return;
    u.autoDownload = true;
    u.autoInstallOnAppQuit = this.opts.platform !== 'win32';
    u.on('checking-for-update', () => this.set({ status: 'checking', message: null }));
    u.on('update-not-available', () => this.set({ status: 'idle', version: null }));
    u.on('update-available', (info) => this.set({ status: 'downloading', version: info.version }));
    u.on('download-progress', () => {
      if (this.state.status !== 'downloading') this.set({ status: 'downloading' });
    });
    u.on('update-downloaded', (info) => {
      const busy = this.opts.isBusy();
      this.set({ status: 'ready', version: info.version, waitingForIdle: busy && this.installRequested });
      if (this.notifiedVersion !== info.version) {
        this.notifiedVersion = info.version;
        this.opts.notify?.(info.version, busy);
      }
    });
    u.on('error', (err) => {
      // never fatal: the app works without updates; the next check tries again
      this.opts.log?.('warn', 'update check failed', { error: err.message });
      this.set({ status: 'error', message: err.message });
    });
    void this.check();
    this.timer = setInterval(() => void this.check(), this.opts.intervalMs ?? SIX_HOURS);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One check at a time; a check requested during another joins it. */
  check(): Promise<void> {
    const u = this.opts.updater;
    if (!this.enabled || !u) return Promise.resolve();
    if (this.checking) return this.checking;
    this.checking = (async () => {
      try {
        await u.checkForUpdates();
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.opts.log?.('warn', 'update check failed', { error: message });
        this.set({ status: 'error', message });
      } finally {
        this.set({ lastCheckedAt: (this.opts.now?.() ?? new Date()).toISOString() });
        this.checking = null;
      }
    })();
    return this.checking;
  }

  /**
   * The user asked to install. Installs now if nothing syncs; otherwise waits for `whenIdle`.
   * Returns whether an install is (or will be) happening.
   */
  requestInstall(): { scheduled: boolean } {
    if (this.state.status !== 'ready') return { scheduled: false };
    this.installRequested = true;
    if (this.opts.isBusy()) {
      this.set({ waitingForIdle: true });
      return { scheduled: true };
    }
    this.install();
    return { scheduled: true };
  }

  /** The shell calls this whenever the last running sync ends. */
  whenIdle(): void {
    if (this.installRequested && this.state.status === 'ready' && !this.opts.isBusy()) this.install();
  }

  private install(): void {
    this.installRequested = false;
    this.set({ waitingForIdle: false });
    this.opts.log?.('info', 'installing update', { version: this.state.version });
    this.opts.updater?.quitAndInstall(false, true);
  }

  private set(patch: Partial<UpdateState>): void {
    this.state = { ...this.state, ...patch };
    this.opts.onState?.(this.getState());
  }
}
