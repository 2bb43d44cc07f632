import { EventEmitter } from 'node:events';
import { createLogger, memorySink } from '../core/log';
import type { Service } from '../core/service';
import { channelNames } from '../../shared/contract';

// Electron cannot run here: the shell's own tests replace the module with recorders of what the shell sets up.
const created = vi.hoisted(() => [] as Array<{ opts: Record<string, unknown> }>);
vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class BrowserWindow extends EventEmitter {
    webContents = new EventEmitter();
    constructor(opts: Record<string, unknown>) {
      super();
      created.push({ opts });
    }
    show() {}
  }
  return { BrowserWindow };
});

const { createMainWindow, secureWebPreferences } = await import('./window');
const { contentSecurityPolicy, hardenSession, hardenWebContents, isAppUrl } = await import('./security');
const { isSafeExternalUrl } = await import('./external-links');
const { installIpcGuard, handle, registerContractHandlers, isTrustedSender, forwardEvents } = await import('./ipc');

const APP = 'app://desk';

describe('window', () => {
  it('creates the window with the security defaults', () => {
    createMainWindow({ preload: '/app/out/preload/index.cjs' });
    const prefs = created.at(-1)!.opts.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
    });
    expect(prefs).not.toHaveProperty('enableBlinkFeatures');
    expect(secureWebPreferences('x')).toEqual(prefs.preload === 'x' ? prefs : { ...prefs, preload: 'x' });
  });
});

describe('session', () => {
  type HeadersCb = (r: { responseHeaders: Record<string, string[]> }) => void;
  type Recorder = {
    headersListener: ((d: { responseHeaders?: Record<string, string[]> }, cb: HeadersCb) => void) | null;
    permissionRequest: ((wc: unknown, p: string, cb: (ok: boolean) => void) => void) | null;
    permissionCheck: ((...a: unknown[]) => boolean) | null;
  };
  function fakeSession() {
    const s: Recorder & Record<string, unknown> = {
      headersListener: null,
      permissionRequest: null,
      permissionCheck: null,
    };
    s.webRequest = {
      onHeadersReceived(fn: Recorder['headersListener']) {
        s.headersListener = fn;
      },
    };
    s.setPermissionRequestHandler = (fn: Recorder['permissionRequest']) => {
      s.permissionRequest = fn;
    };
    s.setPermissionCheckHandler = (fn: Recorder['permissionCheck']) => {
      s.permissionCheck = fn;
    };
    return s;
  }

  it('sends a strict CSP header on every response, replacing any the response had', () => {
    const s = fakeSession();
    hardenSession(s as never, contentSecurityPolicy());
    let out: { responseHeaders: Record<string, string[]> } | undefined;
    s.headersListener!({ responseHeaders: { 'content-security-policy': ['default-src *'], 'x-a': ['1'] } }, (r) => {
      out = r as typeof out;
    });
    const csp = out!.responseHeaders['Content-Security-Policy']![0]!;
    expect(out!.responseHeaders['content-security-policy']).toBeUndefined();
    expect(out!.responseHeaders['x-a']).toEqual(['1']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/unsafe-eval/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('only relaxes the CSP for the dev server in development', () => {
    const dev = contentSecurityPolicy({ dev: true, devOrigin: 'http://localhost:5173' });
    expect(dev).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(contentSecurityPolicy()).not.toContain('localhost');
  });

  it('denies every permission request and check', () => {
    const s = fakeSession();
    hardenSession(s as never, contentSecurityPolicy());
    const answers: boolean[] = [];
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      s.permissionRequest!({}, p, (ok: boolean) => answers.push(ok));
    }
    expect(answers).toEqual([false, false, false, false, false]);
    expect(s.permissionCheck!({}, 'media')).toBe(false);
  });
});

describe('navigation and new windows', () => {
  function fakeContents() {
    const wc = new EventEmitter() as EventEmitter & {
      openHandler?: (d: { url: string }) => { action: string };
      setWindowOpenHandler(fn: (d: { url: string }) => { action: string }): void;
    };
    wc.setWindowOpenHandler = (fn) => {
      wc.openHandler = fn;
    };
    return wc;
  }
  const event = (url?: string) => {
    const e = {
      url,
      prevented: false,
      preventDefault() {
        e.prevented = true;
      },
    };
    return e;
  };

  it('blocks navigation away from the app and sends only vetted links to the browser', () => {
    const wc = fakeContents();
    const opened: string[] = [];
    hardenWebContents(wc as never, { appOrigin: APP, openExternal: (u) => void opened.push(u) });

    const inside = event();
    wc.emit('will-navigate', inside, 'app://desk/index.html#/workspaces');
    expect(inside.prevented).toBe(false);

    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'http://klaviyo.com/', 'javascript:alert(1)']) {
      const e = event();
      wc.emit('will-navigate', e, url);
      expect(e.prevented, url).toBe(true);
    }
    const help = event();
    wc.emit('will-navigate', help, 'https://help.klaviyo.com/hc/en-us');
    expect(help.prevented).toBe(true);
    const redirect = event();
    wc.emit('will-redirect', redirect, 'https://evil.example/');
    expect(redirect.prevented).toBe(true);
    const frame = event('https://evil.example/');
    wc.emit('will-frame-navigate', frame);
    expect(frame.prevented).toBe(true);
    expect(opened).toEqual(['https://help.klaviyo.com/hc/en-us']);
  });

  it('denies every new window; a vetted https link opens in the browser instead', () => {
    const wc = fakeContents();
    const opened: string[] = [];
    hardenWebContents(wc as never, { appOrigin: APP, openExternal: (u) => void opened.push(u) });
    expect(wc.openHandler!({ url: 'https://developers.klaviyo.com/en/reference' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'https://klaviyo.com.evil.example/' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'app://desk/other' })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://developers.klaviyo.com/en/reference']);
  });

  it('refuses <webview>', () => {
    const wc = fakeContents();
    hardenWebContents(wc as never, { appOrigin: APP, openExternal: () => {} });
    const e = event();
    wc.emit('will-attach-webview', e, {}, {});
    expect(e.prevented).toBe(true);
  });

  it('vets external URLs by parsing them', () => {
    expect(isSafeExternalUrl('https://www.klaviyo.com/pricing')).toBe(true);
    expect(isSafeExternalUrl('https://help.klaviyo.com/x?y=1#z')).toBe(true);
    for (const bad of [
      'http://www.klaviyo.com/',
      'https://klaviyo.com.evil.example/',
      'https://user:pw@help.klaviyo.com/',
      'https://evilklaviyo.com/',
      'https://help.klaviyo.com:8443/',
      'file:///C:/Windows',
      'not a url',
      42,
    ]) {
      expect(isSafeExternalUrl(bad), String(bad)).toBe(false);
    }
    expect(isAppUrl('app://desk/x', APP)).toBe(true);
    expect(isAppUrl('app://desk.evil/x', APP)).toBe(false);
  });
});

describe('ipc handle wrapper', () => {
  class FakeIpcMain {
    handlers = new Map<string, (event: unknown, input: unknown) => Promise<unknown>>();
    handle(channel: string, fn: (event: unknown, input: unknown) => Promise<unknown>) {
      if (this.handlers.has(channel)) throw new Error('second handler');
      this.handlers.set(channel, fn);
    }
  }
  const sink = memorySink();
  const logger = createLogger({ sink });
  const calls: Array<[string, unknown]> = [];
  const service = {
    call: async (channel: string, input: unknown) => {
      calls.push([channel, input]);
      if (input && typeof input === 'object' && 'bad' in input) {
        return {
          ok: false,
          error: {
            code: 'validation',
            message: `The request to ${channel} was not valid.`,
            details: { channel },
            requestId: 'req_1',
          },
        };
      }
      return { ok: true, data: 'answer' };
    },
  } as unknown as Service;
  const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

  it('refuses to register before the guard is installed, and direct ipcMain.handle after', () => {
    const ipcMain = new FakeIpcMain();
    expect(() => handle({ ipcMain: ipcMain as never, service, logger, appOrigin: APP }, 'app:info')).toThrow(
      /installIpcGuard/,
    );
    installIpcGuard(ipcMain as never);
    expect(() => ipcMain.handle('sneaky', async () => 1)).toThrow(/called directly/);
    handle({ ipcMain: ipcMain as never, service, logger, appOrigin: APP }, 'app:info');
    expect(ipcMain.handlers.has('app:info')).toBe(true);
    expect(() => ipcMain.handle('sneaky', async () => 1)).toThrow(/called directly/);
  });

  it('registers exactly the contract channels', () => {
    const ipcMain = new FakeIpcMain();
    installIpcGuard(ipcMain as never);
    const registered = registerContractHandlers({ ipcMain: ipcMain as never, service, logger, appOrigin: APP });
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channelNames].sort());
    expect(registered.sort()).toEqual([...channelNames].sort());
  });

  it('rejects a foreign or embedded frame and passes the app’s own to the service', async () => {
    const ipcMain = new FakeIpcMain();
    installIpcGuard(ipcMain as never);
    handle({ ipcMain: ipcMain as never, service, logger, appOrigin: APP }, 'settings:get');
    const h = ipcMain.handlers.get('settings:get')!;
    calls.length = 0;

    for (const ev of [
      frame('https://evil.example/'),
      frame('app://desk.evil/'),
      frame('app://desk/', { url: 'app://desk/' }),
      { senderFrame: null },
    ]) {
      const r = (await h(ev, {})) as { ok: boolean; error: { code: string; requestId: string } };
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('forbidden');
      expect(r.error.requestId).toMatch(/^req_/);
    }
    expect(calls).toEqual([]);
    expect(sink.lines.some((l) => l.includes('untrusted frame'))).toBe(true);

    expect(await h(frame('app://desk/index.html'), {})).toEqual({ ok: true, data: 'answer' });
    expect(calls).toEqual([['settings:get', {}]]);
    expect(isTrustedSender(frame('app://desk/') as never, APP)).toBe(true);
  });

  it('hands a bad payload to the service’s validation and returns its envelope', async () => {
    const ipcMain = new FakeIpcMain();
    installIpcGuard(ipcMain as never);
    handle({ ipcMain: ipcMain as never, service, logger, appOrigin: APP }, 'workspaces:add');
    const r = await ipcMain.handlers.get('workspaces:add')!(frame('app://desk/'), { bad: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'validation', details: { channel: 'workspaces:add' } } });
  });

  it('forwards events only to live pages of the app', () => {
    let listener: ((e: string, p: unknown) => void) | null = null;
    const svc = { onAny: (l: typeof listener) => ((listener = l), () => (listener = null)) } as unknown as Service;
    const sent: string[] = [];
    const wc = (url: string, destroyed = false) => ({
      isDestroyed: () => destroyed,
      getURL: () => url,
      send: (e: string) => sent.push(`${url} ${e}`),
    });
    const off = forwardEvents(
      svc,
      () => [wc('app://desk/'), wc('https://evil.example/'), wc('app://desk/', true)] as never,
      APP,
    );
    listener!('sync:progress', {});
    off();
    expect(sent).toEqual(['app://desk/ sync:progress']);
    expect(listener).toBeNull();
  });
});
