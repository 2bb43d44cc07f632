import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsStore } from './settings-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }));

function open() {
  return new SettingsStore({
    file: join(dir, 'settings.json'),
    activeDataDir: join(dir, 'data'),
    defaultDataDir: join(dir, 'data'),
  });
}

describe('SettingsStore', () => {
  it('starts from defaults and persists updates across instances', () => {
    const s = open();
    expect(s.get()).toEqual({
      dailySync: { enabled: true, time: '09:00' },
      startAtLogin: false,
      notifications: true,
      dataDir: join(dir, 'data'),
      restartRequired: false,
      locale: 'system',
      theme: 'system',
      snapshotRetention: { days: 180, runs: null },
    });
    s.update({ dailySync: { time: '07:30' }, notifications: false });
    const again = open().get();
    expect(again.dailySync).toEqual({ enabled: true, time: '07:30' });
    expect(again.notifications).toBe(false);
  });

  it('flags a changed data folder as needing a restart, and the chosen folder is readable before start-up', () => {
    const s = open();
    const other = join(dir, 'elsewhere');
    expect(s.update({ dataDir: other })).toMatchObject({ dataDir: other, restartRequired: true });
    expect(SettingsStore.chosenDataDir(join(dir, 'settings.json'))).toBe(other);
    expect(s.update({ dataDir: join(dir, 'data') }).restartRequired).toBe(false);
    expect(SettingsStore.chosenDataDir(join(dir, 'settings.json'))).toBeNull();
  });

  it('refuses a data folder it cannot write, keeping the previous one', () => {
    const s = open();
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    expect(() => s.update({ dataDir: join(file, 'sub') })).toThrow(/cannot write to that folder/);
    expect(s.get().dataDir).toBe(join(dir, 'data'));
  });

  it('tells listeners what changed', () => {
    const s = open();
    const seen: Array<[boolean, boolean]> = [];
    const off = s.onChange((next, prev) => seen.push([prev.startAtLogin, next.startAtLogin]));
    s.update({ startAtLogin: true });
    off();
    s.update({ startAtLogin: false });
    expect(seen).toEqual([[false, true]]);
  });

  it('moves a corrupt file aside and falls back to defaults instead of failing', () => {
    writeFileSync(join(dir, 'settings.json'), '{"dailySync": {"time": "99:99"}');
    const s = open();
    expect(s.get().dailySync.time).toBe('09:00');
    expect(readdirSync(dir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
    s.update({ theme: 'dark' });
    expect(JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8')).theme).toBe('dark');
  });
});
