import { EventEmitter } from 'node:events';
import { SIX_HOURS, UpdateService, type Updater } from './update-service';

/** Stands in for electron-updater's autoUpdater: records calls, emits what a real check would. */
class FakeUpdater extends EventEmitter implements Updater {
  autoDownload = false;
  autoInstallOnAppQuit = true;
  checks = 0;
  installs: Array<[boolean | undefined, boolean | undefined]> = [];
  next: { version: string } | Error | null = null;
  async checkForUpdates() {
    this.checks++;
    this.emit('checking-for-update');
    const n = this.next;
    if (n instanceof Error) {
      this.emit('error', n);
      throw n;
    }
    if (!n) {
      this.emit('update-not-available', { version: '0.1.0' });
      return null;
    }
    this.emit('update-available', n);
    this.emit('download-progress', { percent: 50 });
    this.emit('update-downloaded', n);
    return { updateInfo: n };
  }
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean) {
    this.installs.push([isSilent, isForceRunAfter]);
  }
}

function make(over: Partial<ConstructorParameters<typeof UpdateService>[0]> = {}) {
  const updater = new FakeUpdater();
  let busy = false;
  const notes: Array<[string, boolean]> = [];
  const states: string[] = [];
  const svc = new UpdateService({
    updater,
    packaged: true,
    platform: 'linux',
    isBusy: () => busy,
    notify: (v, w) => notes.push([v, w]),
    onState: (s) => states.push(s.status),
    ...over,
  });
  return { updater, svc, notes, states, setBusy: (b: boolean) => (busy = b) };
}

afterEach(() => vi.useRealTimers());

describe('UpdateService policy', () => {
  it('is disabled (never checks) in an unpackaged build or when opted out', async () => {
    const dev = make({ packaged: false });
    dev.svc.start();
    await dev.svc.check();
    expect(dev.updater.checks).toBe(0);
    expect(dev.svc.getState()).toMatchObject({ status: 'disabled', message: 'not a packaged build' });

    const opted = make({ disabledReason: 'store build' });
    opted.svc.start();
    expect(opted.updater.checks).toBe(0);
    expect(opted.svc.getState().status).toBe('disabled');
  });

  it('checks at start and every 6 hours, downloading in the background', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { updater, svc } = make();
    svc.start();
    await svc.check();
    expect(updater.checks).toBe(1);
    expect(updater.autoDownload).toBe(true);
    await vi.advanceTimersByTimeAsync(SIX_HOURS - 1);
    expect(updater.checks).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(updater.checks).toBe(2);
    await vi.advanceTimersByTimeAsync(SIX_HOURS);
    expect(updater.checks).toBe(3);
    svc.stop();
    await vi.advanceTimersByTimeAsync(SIX_HOURS);
    expect(updater.checks).toBe(3);
  });

  it('does not install on quit on Windows, does elsewhere', () => {
    const win = make({ platform: 'win32' });
    win.svc.start();
    expect(win.updater.autoInstallOnAppQuit).toBe(false);
    const mac = make({ platform: 'darwin' });
    mac.svc.start();
    expect(mac.updater.autoInstallOnAppQuit).toBe(true);
    win.svc.stop();
    mac.svc.stop();
  });

  it('tells the user once per downloaded version and never installs by itself', async () => {
    const { updater, svc, notes, states } = make();
    updater.next = { version: '0.2.0' };
    svc.start();
    await svc.check();
    await svc.check();
    svc.stop();
    expect(notes).toEqual([['0.2.0', false]]);
    expect(svc.getState()).toMatchObject({ status: 'ready', version: '0.2.0' });
    expect(states).toContain('downloading');
    expect(updater.installs).toEqual([]);
  });

  it('never installs mid-sync: a requested install waits until the syncs are done', async () => {
    const { updater, svc, setBusy } = make();
    updater.next = { version: '0.2.0' };
    svc.start();
    await svc.check();
    svc.stop();
    setBusy(true);
    expect(svc.requestInstall()).toEqual({ scheduled: true });
    expect(svc.getState().waitingForIdle).toBe(true);
    svc.whenIdle(); // still busy: a stray idle signal must not install
    expect(updater.installs).toEqual([]);
    setBusy(false);
    svc.whenIdle();
    expect(updater.installs).toEqual([[false, true]]);
    expect(svc.getState().waitingForIdle).toBe(false);
  });

  it('installs at once when idle, and refuses when nothing is downloaded', async () => {
    const { updater, svc } = make();
    expect(svc.requestInstall()).toEqual({ scheduled: false });
    updater.next = { version: '0.3.0' };
    svc.start();
    await svc.check();
    svc.stop();
    expect(svc.requestInstall()).toEqual({ scheduled: true });
    expect(updater.installs).toHaveLength(1);
  });

  it('treats a failed check as a state, not a crash, and tries again later', async () => {
    const logs: string[] = [];
    const { updater, svc } = make({ log: (_l, m) => logs.push(m) });
    updater.next = new Error('getaddrinfo ENOTFOUND updates.example');
    svc.start();
    await svc.check();
    expect(svc.getState()).toMatchObject({ status: 'error', message: 'getaddrinfo ENOTFOUND updates.example' });
    updater.next = null;
    await svc.check();
    svc.stop();
    expect(svc.getState().status).toBe('idle');
    expect(logs).toContain('update check failed');
  });
});
