import os from 'node:os';
import path from 'node:path';
import { SettingsStore } from '../settings';

export const PRODUCT_NAME = 'Klaviyo Audit Desk';
export const DATA_DIR_ENV = 'AUDIT_DESK_DATA_DIR';
export const SETTINGS_FILE = 'settings.json';

export type Platform = NodeJS.Platform;

/**
 * The OS user-data folder of the app — what Electron's `app.getPath('userData')` gives it — computed without
 * Electron, so the web version and the CLI find the very same folder as the desktop app.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), PRODUCT_NAME);
}

export type DataFolder = {
  /** the folder holding the database, logs and settings of this process */
  dataDir: string;
  /** the settings JSON this process reads and writes */
  settingsFile: string;
  /** the folder used when the user has chosen none (for the settings screen's "restart required") */
  defaultDataDir: string;
  /** what decided `dataDir` */
  source: 'flag' | 'env' | 'settings' | 'default';
};

export type ResolveDataFolderOptions = {
  /** `--data-dir` */
  flag?: string | null;
  env?: NodeJS.ProcessEnv;
  /** the user-data folder (Electron passes `app.getPath('userData')`; default `userDataDir()`) */
  userData?: string;
};

/**
 * Which data folder a process uses, the same rule for the desktop app, the web version and the CLI:
 * `--data-dir`, else `AUDIT_DESK_DATA_DIR`, else the folder chosen on the settings screen, else the user-data
 * folder itself. The settings file lives in the user-data folder (it names the data folder, so it is read before
 * any database); a folder given by flag or variable is self-contained and keeps its own settings file. Reads
 * only — nothing is created here.
 */
export function resolveDataFolder(opts: ResolveDataFolderOptions = {}): DataFolder {
  const env = opts.env ?? process.env;
  const userData = path.resolve(opts.userData ?? userDataDir(env));
  const explicit = opts.flag?.trim() ? 'flag' : env[DATA_DIR_ENV]?.trim() ? 'env' : null;
  if (explicit) {
    const dataDir = path.resolve(explicit === 'flag' ? opts.flag!.trim() : env[DATA_DIR_ENV]!.trim());
    return { dataDir, settingsFile: path.join(dataDir, SETTINGS_FILE), defaultDataDir: dataDir, source: explicit };
  }
  const settingsFile = path.join(userData, SETTINGS_FILE);
  const chosen = SettingsStore.chosenDataDir(settingsFile);
  return {
    dataDir: chosen ? path.resolve(chosen) : userData,
    settingsFile,
    defaultDataDir: userData,
    source: chosen ? 'settings' : 'default',
  };
}

/** `--data-dir DIR` / `--data-dir=DIR` anywhere in argv (the Electron shell's own arguments). */
export function dataDirFlag(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === '--data-dir') return argv[i + 1] ?? null;
    if (a.startsWith('--data-dir=')) return a.slice('--data-dir='.length);
  }
  return null;
}
