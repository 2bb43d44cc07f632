import BetterSqlite3 from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../../shared/errors';
import { openPrivateFile, PRIVATE_DIR_MODE, restrictFileToOwner } from '../private-files';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import * as schema from './schema';

export type Db = BetterSQLite3Database<typeof schema>;

export type OpenDatabaseOptions = {
  /** folder holding drizzle-kit's output (meta/_journal.json); found automatically when absent */
  migrationsFolder?: string;
  /** milliseconds a writer waits for another connection's lock before SQLITE_BUSY (default 5000) */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** checkpoint the WAL from a worker thread instead of inside commits (default true for files) */
  backgroundCheckpoint?: boolean;
  /** apply the migrations (default true; a second connection of the same process opens a file already migrated) */
  migrate?: boolean;
  /**
   * the most memory SQLite's page cache of this connection may hold, per database (the file's and the TEMP one);
   * default 16 MB. A connection that reads or writes once through a lot of pages gains little from a big cache.
   */
  cacheKb?: number;
};

export type StoreDatabase = {
  db: Db;
  /** the raw connection, for prepared statements on hot paths; only code under core/store uses it */
  sqlite: BetterSqlite3.Database;
  file: string;
  /** closes the connection; resolves once the checkpoint worker has closed its own, so the files are settled */
  close(): Promise<void>;
};

/**
 * Where the migrations are: next to the sources (repo/drizzle), next to the bundle (out/main → repo/drizzle),
 * inside a packaged app (resources/drizzle, passed by the shell as `migrationsFolder`), or
 * AUDIT_DESK_MIGRATIONS_DIR.
 */
export function findMigrationsFolder(explicit?: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [
    explicit,
    process.env.AUDIT_DESK_MIGRATIONS_DIR,
    path.resolve(here, '../../../../drizzle'), // src/main/core/store → repo root
    path.resolve(here, '../../drizzle'), // out/main → repo root
    path.resolve(here, '../drizzle'),
    (process as { resourcesPath?: string }).resourcesPath
      ? path.join((process as { resourcesPath?: string }).resourcesPath!, 'drizzle')
      : undefined,
    path.resolve(process.cwd(), 'drizzle'),
  ].filter((c): c is string => !!c);
  for (const c of candidates) {
    if (fs.existsSync(path.join(c, 'meta', '_journal.json'))) return c;
  }
  throw new AppError('storage', 'The database migrations folder was not found.', {
    details: { searched: candidates },
  });
}

/**
 * Clients' Klaviyo data is nobody else's business on a shared machine: the data folder is created 0700 (an
 * existing one is narrowed by the app process that owns it, see data-folder/) and the
 * database file 0600 (tightened if it exists looser, with -wal and -shm left by an older install). SQLite gives
 * new -wal and -shm files the database file's permissions. No-ops where POSIX modes mean nothing (Windows).
 */
function restrictToOwner(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  fs.closeSync(openPrivateFile(file, 'a'));
  for (const suffix of ['-wal', '-shm']) restrictFileToOwner(file + suffix);
}

/** what a WAL file is cut back to when it restarts (see journal_size_limit below) */
export const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date.
 *
 * Pragmas, and why:
 * - journal_mode=WAL: readers (the UI, the CLI's `status`) never block the syncing writer and vice versa.
 * - synchronous=NORMAL: in WAL mode this fsyncs at checkpoints rather than on every commit. A crash or kill of
 *   the process loses nothing (the WAL is in the OS cache); a power cut can lose the last few commits but never
 *   corrupts the file. The sync is re-runnable and idempotent, so that trade buys a lot of write speed cheaply.
 * - busy_timeout: a second process (CLI next to the app) waits for the write lock instead of failing at once.
 * - foreign_keys=ON: removing a workspace cascades to its items, versions and runs.
 * - journal_size_limit: SQLite reuses a WAL file rather than shrinking it, so without a limit the file keeps the
 *   size of the largest burst of writes (hundreds of MB after an xl full sync) for good; with one, each restart
 *   of the WAL cuts it back to this size.
 */
export function openDatabase(file: string, opts: OpenDatabaseOptions = {}): StoreDatabase {
  let sqlite: BetterSqlite3.Database;
  try {
    if (file !== ':memory:' && !opts.readonly) restrictToOwner(file);
    sqlite = new BetterSqlite3(file, { readonly: opts.readonly ?? false });
  } catch (err) {
    throw new AppError('storage', `Could not open the database at ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  try {
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    if (!opts.readonly) {
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    }
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    if (opts.cacheKb !== undefined) {
      const kb = Math.max(64, Math.floor(opts.cacheKb));
      sqlite.pragma(`cache_size = -${kb}`);
      sqlite.pragma(`temp.cache_size = -${kb}`);
    }
    const db = drizzle(sqlite, { schema });
    if (!opts.readonly && opts.migrate !== false)
      migrate(db, { migrationsFolder: findMigrationsFolder(opts.migrationsFolder) });
    let checkpointer: Checkpointer | null = null;
    if (!opts.readonly && file !== ':memory:' && (opts.backgroundCheckpoint ?? true)) {
      sqlite.pragma('wal_autocheckpoint = 0');
      checkpointer = startCheckpointer(file);
    }
    return {
      db,
      sqlite,
      file,
      close: () => {
        const stopping = checkpointer?.stop() ?? Promise.resolve();
        // the last connection to close checkpoints and removes the WAL itself
        if (sqlite.open) sqlite.close();
        return stopping;
      },
    };
  } catch (err) {
    sqlite.close();
    if (err instanceof AppError) throw err;
    throw new AppError('storage', `Could not prepare the database at ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
