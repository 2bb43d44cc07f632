import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dataDirFlag, resolveDataFolder, userDataDir } from './locations';

describe('the one default data folder', () => {
  it('is the user-data folder Electron gives "Klaviyo Audit Desk" on each OS', () => {
    expect(userDataDir({}, 'linux', '/home/ana')).toBe('/home/ana/.config/Klaviyo Audit Desk');
    expect(userDataDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux', '/home/ana')).toBe('/x/cfg/Klaviyo Audit Desk');
    expect(userDataDir({}, 'darwin', '/Users/ana')).toBe('/Users/ana/Library/Application Support/Klaviyo Audit Desk');
    expect(userDataDir({ APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ana')).toBe(
      path.join('C:\\Users\\ana\\AppData\\Roaming', 'Klaviyo Audit Desk'),
    );
  });

  describe('resolveDataFolder', () => {
    let userData: string;
    beforeEach(() => void (userData = fs.mkdtempSync(path.join(os.tmpdir(), 'user-data-'))));
    afterEach(() => fs.rmSync(userData, { recursive: true, force: true }));

    it('defaults to the user-data folder, with the settings file in it, and creates nothing', () => {
      fs.rmSync(userData, { recursive: true });
      expect(resolveDataFolder({ env: {}, userData })).toEqual({
        dataDir: userData,
        settingsFile: path.join(userData, 'settings.json'),
        defaultDataDir: userData,
        source: 'default',
      });
      expect(fs.existsSync(userData)).toBe(false);
    });

    it('follows the folder chosen on the settings screen (the app, the web version and the CLI alike)', () => {
      const chosen = path.join(userData, 'elsewhere');
      fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify({ version: 1, dataDir: chosen }));
      expect(resolveDataFolder({ env: {}, userData })).toMatchObject({
        dataDir: chosen,
        settingsFile: path.join(userData, 'settings.json'),
        defaultDataDir: userData,
        source: 'settings',
      });
    });

    it('--data-dir wins over AUDIT_DESK_DATA_DIR, which wins over the settings; such a folder keeps its own settings', () => {
      fs.writeFileSync(path.join(userData, 'settings.json'), JSON.stringify({ version: 1, dataDir: '/chosen' }));
      const env = { AUDIT_DESK_DATA_DIR: '/from/env' };
      expect(resolveDataFolder({ env, userData })).toEqual({
        dataDir: path.resolve('/from/env'),
        settingsFile: path.join(path.resolve('/from/env'), 'settings.json'),
        defaultDataDir: path.resolve('/from/env'),
        source: 'env',
      });
      expect(resolveDataFolder({ flag: 'rel/dir', env, userData })).toMatchObject({
        dataDir: path.resolve('rel/dir'),
        source: 'flag',
      });
      expect(resolveDataFolder({ flag: '  ', env: { AUDIT_DESK_DATA_DIR: ' ' }, userData }).source).toBe('settings');
    });

    it('finds the flag in the shell’s own arguments', () => {
      expect(dataDirFlag(['electron', '.', '--data-dir', '/d'])).toBe('/d');
      expect(dataDirFlag(['electron', '--data-dir=/e'])).toBe('/e');
      expect(dataDirFlag(['electron', '--', '--data-dir', '/x'])).toBeNull();
      expect(dataDirFlag(['electron'])).toBeNull();
    });
  });
});
