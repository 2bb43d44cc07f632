import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';

/** The renderer's settings. Each line is one item of Electron's security checklist; tests assert them. */
export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: true,
  };
}

export function createMainWindow(opts: { preload: string; icon?: string; show?: boolean }): BrowserWindow {
  const win = new BrowserWindow({
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 620,
    show: false,
    title: 'Klaviyo Audit Desk',
    backgroundColor: '#f8f9fa',
    autoHideMenuBar: true,
    ...(opts.icon ? { icon: opts.icon } : {}),
    webPreferences: secureWebPreferences(opts.preload),
  });
  if (opts.show !== false) win.once('ready-to-show', () => win.show());
  return win;
}
