import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HIDDEN_ARG = '--hidden';
export const AUTOSTART_FILE = 'klaviyo-audit-desk.desktop';

export type LoginItemApi = {
  setLoginItemSettings(s: { openAtLogin: boolean; args?: string[] }): void;
};

export type StartAtLoginOptions = {
  platform: NodeJS.Platform;
  app: LoginItemApi;
  /** the executable to start (Linux): $APPIMAGE when running as an AppImage, else process.execPath */
  execPath: string;
  env?: NodeJS.ProcessEnv;
  homedir?: string;
};

/** `Exec=` value of a desktop entry: quoted as the Desktop Entry spec asks. */
function desktopExec(execPath: string): string {
  return `"${execPath.replace(/(["`$\\])/g, '\\$1')}" ${HIDDEN_ARG}`;
}

/**
 * Start at login (opt-in, E4). macOS and Windows have `app.setLoginItemSettings`; Linux has none, so the app
 * writes (or removes) an XDG autostart entry. The app starts with `--hidden` then: tray only, no window.
 */
export function applyStartAtLogin(enabled: boolean, opts: StartAtLoginOptions): { file?: string } {
  if (opts.platform === 'darwin' || opts.platform === 'win32') {
    opts.app.setLoginItemSettings({ openAtLogin: enabled, args: enabled ? [HIDDEN_ARG] : [] });
    return {};
  }
  const env = opts.env ?? process.env;
  const configHome = env.XDG_CONFIG_HOME || path.join(opts.homedir ?? os.homedir(), '.config');
  const file = path.join(configHome, 'autostart', AUTOSTART_FILE);
  if (!enabled) {
    fs.rmSync(file, { force: true });
    return { file };
  }
  const exec = env.APPIMAGE || opts.execPath;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    [
      '[Desktop Entry]',
      'Type=Application',
      'Name=Klaviyo Audit Desk',
      'Comment=Daily sync of your clients’ Klaviyo accounts',
      `Exec=${desktopExec(exec)}`,
      'Terminal=false',
      'X-GNOME-Autostart-enabled=true',
      '',
    ].join('\n'),
  );
  return { file };
}
