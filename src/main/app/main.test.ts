import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { channelNames } from '../../shared/contract';
import type * as Compose from '../core/compose';

/**
 * The shell's composition under a recording fake of Electron (Electron cannot run on the build machines): what
 * gets registered, created and refused when the app starts, with the real core on a temp user-data folder.
 */
const fx = vi.hoisted(() => {
  const state = {
    userData: '',
    handlers: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
    windows: [] as Array<Record<string, unknown>>,
    appListeners: new Map<string, Array<(...a: unknown[]) => void>>(),
    trays: [] as Array<{ tooltip: string; menu: unknown }>,
    schemes: [] as unknown[],
    protocolHandled: [] as string[],
    quitCalls: 0,
    exitCalls: [] as number[],
    cspSet: false,
    singleInstance: true,
    badges: [] as number[],
    online: true,
    onlineCalls: 0,
  };
  return state;
});

vi.mock('electron-updater', () => ({
  default: { autoUpdater: { on() {}, checkForUpdates: async () => null, quitAndInstall() {} } },
}));

// the service the shell gets, with its online() counted (the outbox's automatic flush behind it is real)
vi.mock('../core/compose', async (importOriginal) => {
  const real = await importOriginal<typeof Compose>();
  return {
    ...real,
    openDesk: async (opts: Parameters<typeof real.openDesk>[0]) => {
      const desk = await real.openDesk(opts);
      const online = desk.service.online.bind(desk.service);
      desk.service.online = () => {
        fx.onlineCalls++;
        online();
      };
      return desk;
    },
  };
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const on = (event: string, fn: (...a: unknown[]) => void) => {
    const list = fx.appListeners.get(event) ?? [];
    list.push(fn);
    fx.appListeners.set(event, list);
  };
  const app = {
    isPackaged: false,
    requestSingleInstanceLock: () => fx.singleInstance,
    enableSandbox: () => undefined,
    on,
    whenReady: async () => undefined,
    getPath: (name: string) => (name === 'userData' ? fx.userData : path.join(fx.userData, name)),
    getVersion: () => '0.1.0',
    getLocale: () => 'en-US',
    getName: () => 'Klaviyo Audit Desk',
    quit: () => void fx.quitCalls++,
    exit: (code: number) => void fx.exitCalls.push(code),
    setLoginItemSettings: () => undefined,
    setBadgeCount: (n: number) => void fx.badges.push(n),
  };
  class WebContents extends EventEmitter {
    url = '';
    setWindowOpenHandler() {}
    isDestroyed() {
      return false;
    }
    getURL() {
      return this.url;
    }
    send() {}
  }
  class BrowserWindow extends EventEmitter {
    static all: BrowserWindow[] = [];
    static getAllWindows() {
      return BrowserWindow.all;
    }
    static getFocusedWindow() {
      return null;
    }
    webContents = new WebContents();
    constructor(opts: Record<string, unknown>) {
      super();
      fx.windows.push(opts);
      BrowserWindow.all.push(this);
    }
    async loadURL(url: string) {
      this.webContents.url = url;
    }
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    show() {}
    focus() {}
    restore() {}
  }
  class Tray {
    entry = { tooltip: '', menu: null as unknown };
    constructor() {
      fx.trays.push(this.entry);
    }
    setContextMenu(m: unknown) {
      this.entry.menu = m;
    }
    setToolTip(t: string) {
      this.entry.tooltip = t;
    }
    setImage() {}
    on() {}
    destroy() {}
  }
  class Notification extends EventEmitter {
    static isSupported() {
      return false;
    }
    show() {}
  }
  return {
    app,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (t: unknown) => t },
    nativeImage: { createFromPath: () => ({ setTemplateImage() {} }) },
    ipcMain: {
      handle: (channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) =>
        fx.handlers.set(channel, fn),
    },
    net: { isOnline: () => fx.online, fetch: async () => new Response('') },
    powerMonitor: new EventEmitter(),
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: () => void (fx.cspSet = true) },
        setPermissionRequestHandler() {},
        setPermissionCheckHandler() {},
      },
    },
    shell: { openExternal: async () => undefined },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown) => void fx.schemes.push(s),
      handle: (scheme: string) => void fx.protocolHandled.push(scheme),
    },
    dialog: { showSaveDialog: async () => ({ canceled: true }) },
  };
});

describe('startApp (composition under a fake Electron)', () => {
  beforeAll(async () => {
    fx.userData = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-main-'));
    process.env.AUDIT_DESK_DISABLE_UPDATES = '1';
    // the shell polls net.isOnline() on an interval: a fake one, so a test can step through the network returning
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { startApp } = await import('./main');
    await startApp();
  });

  afterAll(async () => {
    for (const fn of fx.appListeners.get('before-quit') ?? []) fn({ preventDefault() {} });
    await vi.waitFor(() => expect(fx.exitCalls).toEqual([0]));
    delete process.env.AUDIT_DESK_DISABLE_UPDATES;
    vi.useRealTimers();
    fs.rmSync(fx.userData, { recursive: true, force: true });
  });

  it('tells the service the network is back when Electron goes from offline to online, once', () => {
    const before = fx.onlineCalls;
    vi.advanceTimersByTime(30_000);
    expect(fx.onlineCalls).toBe(before);
    fx.online = false;
    vi.advanceTimersByTime(30_000);
    expect(fx.onlineCalls).toBe(before);
    fx.online = true;
    vi.advanceTimersByTime(30_000);
    expect(fx.onlineCalls).toBe(before + 1);
    vi.advanceTimersByTime(60_000);
    expect(fx.onlineCalls).toBe(before + 1);
  });

  it('registers the app: scheme as privileged, serves it, and sets the CSP on the session', () => {
    expect(fx.schemes).toEqual([
      [
        expect.objectContaining({
          scheme: 'app',
          privileges: expect.objectContaining({ standard: true, secure: true }),
        }),
      ],
    ]);
    expect(fx.protocolHandled).toEqual(['app']);
    expect(fx.cspSet).toBe(true);
  });

  it('registers exactly the contract channels through the guarded wrapper', () => {
    expect([...fx.handlers.keys()].sort()).toEqual([...channelNames].sort());
  });

  it('opens a secure window on the app origin', () => {
    expect(fx.windows).toHaveLength(1);
    expect(fx.windows[0]!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    });
  });

  it('answers the app’s own page and refuses a foreign frame', async () => {
    const h = fx.handlers.get('settings:get')!;
    expect(await h({ senderFrame: { url: 'app://desk/index.html', parent: null } }, {})).toMatchObject({ ok: true });
    expect(await h({ senderFrame: { url: 'https://evil.example/', parent: null } }, {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const bad = await fx.handlers.get('workspaces:rename')!(
      { senderFrame: { url: 'app://desk/', parent: null } },
      { workspaceId: 1 },
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('shows a tray with Sync all now, Open and Quit, and stays alive when the window closes', async () => {
    expect(fx.trays).toHaveLength(1);
    await vi.waitFor(() => expect(fx.trays[0]!.tooltip).toBe('Klaviyo Audit Desk — no workspaces yet'));
    // the badge counts open critical findings: none without workspaces, and it is set (cleared) with the tray
    expect(fx.badges.at(-1)).toBe(0);
    const labels = (fx.trays[0]!.menu as Array<{ label?: string }>).map((i) => i.label).filter(Boolean);
    expect(labels).toEqual(['Sync all now', 'Open Klaviyo Audit Desk', 'Quit']);
    for (const fn of fx.appListeners.get('window-all-closed') ?? []) fn();
    expect(fx.appListeners.get('window-all-closed')).toHaveLength(1);
    expect(fx.quitCalls).toBe(0);
  });
});

describe('a second owner of the data folder (under the same fake Electron)', () => {
  const writes: string[] = [];
  let restore: () => void;

  beforeEach(() => {
    fx.userData = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-second-'));
    fx.handlers.clear();
    fx.windows.length = 0;
    fx.trays.length = 0;
    fx.exitCalls.length = 0;
    writes.length = 0;
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => writes.push(String(chunk)) > 0) as typeof process.stderr.write;
    restore = () => void (process.stderr.write = write);
  });
  afterEach(() => {
    restore();
    fx.singleInstance = true;
    fs.rmSync(fx.userData, { recursive: true, force: true });
  });

  /** the folder as the running owner left it: its lock (naming a live process: this one) and nothing else */
  function heldBy(kind: string): string {
    const lock = JSON.stringify({ pid: process.pid, host: os.hostname(), kind, startedAt: '2026-12-03T10:00:00Z' });
    fs.writeFileSync(path.join(fx.userData, 'audit-desk.lock'), lock);
    return lock;
  }

  async function expectRefusedUntouched(lock: string) {
    const { startApp } = await import('./main');
    await startApp();
    expect(fx.exitCalls).toEqual([1]);
    expect(writes.join('')).toContain(`pid ${process.pid}`);
    expect(fx.handlers.size).toBe(0);
    expect(fx.windows).toHaveLength(0);
    expect(fx.trays).toHaveLength(0);
    // no database, no log, no settings: the folder holds what it held
    expect(fs.readdirSync(fx.userData)).toEqual(['audit-desk.lock']);
    expect(fs.readFileSync(path.join(fx.userData, 'audit-desk.lock'), 'utf8')).toBe(lock);
  }

  it('when another desktop instance runs, names its pid and exits 1 having opened nothing', async () => {
    fx.singleInstance = false;
    await expectRefusedUntouched(heldBy('app'));
  });

  it('when the web version owns the same folder, names its pid and exits 1 having opened nothing', async () => {
    await expectRefusedUntouched(heldBy('web'));
  });
});
