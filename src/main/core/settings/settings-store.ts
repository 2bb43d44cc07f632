import fs from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import { TimeOfDaySchema, type Settings, type SettingsPatch } from '../../../shared/contract/settings';
import { JsonFile } from './json-file';

/**
 * The user's settings, kept in a JSON file rather than SQLite because one of them (the data folder) says where
 * the database lives: the file sits in the app's config folder (Electron's userData; the data dir for the CLI
 * and the web bridge) and is read before any database is opened. It is tiny, written rarely, and a corrupt
 * copy falls back to defaults instead of blocking start-up.
 */
export const StoredSettingsSchema = z.object({
  version: z.literal(1).default(1),
  dailySync: z
    .object({ enabled: z.boolean().default(true), time: TimeOfDaySchema.default('09:00') })
    .default({ enabled: true, time: '09:00' }),
  startAtLogin: z.boolean().default(false),
  notifications: z.boolean().default(true),
  /** null = the default folder chosen by the shell */
  dataDir: z.string().nullable().default(null),
  locale: z.enum(['system', 'en', 'pl']).default('system'),
  theme: z.enum(['system', 'light', 'dark']).default('system'),
  snapshotRetention: z
    .object({
      days: z.number().int().min(1).nullable().default(180),
      runs: z.number().int().min(1).nullable().default(null),
    })
    .default({ days: 180, runs: null }),
});
export type StoredSettings = z.output<typeof StoredSettingsSchema>;

export type SettingsListener = (next: StoredSettings, prev: StoredSettings) => void;

export type SettingsStoreOptions = {
  /** the JSON file */
  file: string;
  /** the folder the running process actually uses (for `restartRequired`) */
  activeDataDir: string;
  /** the folder used when the user has not chosen one */
  defaultDataDir: string;
};

export class SettingsStore {
  private readonly doc: JsonFile<typeof StoredSettingsSchema>;
  private current: StoredSettings;
  private readonly listeners = new Set<SettingsListener>();

  constructor(private readonly opts: SettingsStoreOptions) {
    this.doc = new JsonFile(opts.file, StoredSettingsSchema, () => StoredSettingsSchema.parse({}));
    this.current = this.doc.read().value;
  }

  /** Reads the data folder a process should use before it opens anything else. */
  static chosenDataDir(file: string): string | null {
    return new JsonFile(file, StoredSettingsSchema, () => StoredSettingsSchema.parse({})).read().value.dataDir;
  }

  stored(): StoredSettings {
    return structuredClone(this.current);
  }

  get(): Settings {
    const s = this.current;
    const dataDir = s.dataDir ?? this.opts.defaultDataDir;
    return {
      dailySync: { ...s.dailySync },
      startAtLogin: s.startAtLogin,
      notifications: s.notifications,
      dataDir,
      restartRequired: dataDir !== this.opts.activeDataDir,
      locale: s.locale,
      theme: s.theme,
      snapshotRetention: { ...s.snapshotRetention },
    };
  }

  update(patch: SettingsPatch): Settings {
    const prev = this.current;
    const next: StoredSettings = {
      ...prev,
      dailySync: { ...prev.dailySync, ...stripUndefined(patch.dailySync ?? {}) },
      snapshotRetention: { ...prev.snapshotRetention, ...stripUndefined(patch.snapshotRetention ?? {}) },
      ...stripUndefined({
        startAtLogin: patch.startAtLogin,
        notifications: patch.notifications,
        locale: patch.locale,
        theme: patch.theme,
      }),
    };
    if (patch.dataDir !== undefined) {
      assertWritableFolder(patch.dataDir);
      next.dataDir = patch.dataDir === this.opts.defaultDataDir ? null : patch.dataDir;
    }
    const checked = StoredSettingsSchema.safeParse(next);
    if (!checked.success) throw new AppError('validation', 'These settings are not valid.');
    try {
      this.doc.write(checked.data);
    } catch (err) {
      throw new AppError('storage', 'Could not save the settings file.', {
        details: { file: this.opts.file },
        cause: err,
      });
    }
    this.current = checked.data;
    for (const l of this.listeners) l(structuredClone(checked.data), prev);
    return this.get();
  }

  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** A data folder the app cannot write would only fail at the next start: refuse it now, with the reason. */
function assertWritableFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!fs.statSync(dir).isDirectory()) throw new Error('not a folder');
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw new AppError('storage', 'The app cannot write to that folder. Choose another data folder.', {
      details: { reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message },
      cause: err,
    });
  }
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
