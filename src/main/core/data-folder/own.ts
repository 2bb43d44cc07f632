import fs from 'node:fs';
import type { Logger } from '../log';
import { acquireDataFolderLock, type AcquireLockOptions, type DataFolderLock } from './lock';
import { PRIVATE_DIR_MODE, tightenFolder } from '../private-files';

export type OwnedDataFolder = {
  dataDir: string;
  lock: DataFolderLock;
  /** paths whose modes were narrowed to the owner at start (an install from before modes were enforced) */
  tightened: string[];
  /** paths that could not be narrowed, with why */
  failedToTighten: { path: string; error: string }[];
  /** writes what was narrowed (and what could not be) to the log */
  report(logger: Logger): void;
};

/**
 * What an app process (desktop or web) does before anything else with its data folder: create it if missing,
 * take its lock (or fail with the holder's pid, having changed nothing), then narrow what is there to the owner.
 */
export function takeDataFolder(dataDir: string, opts: AcquireLockOptions): OwnedDataFolder {
  // a no-op for an existing folder, so a refused process still leaves it as it was
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const lock = acquireDataFolderLock(dataDir, opts);
  try {
    const { tightened, failed } = tightenFolder(dataDir);
    return {
      dataDir,
      lock,
      tightened,
      failedToTighten: failed,
      report(logger) {
        if (tightened.length) {
          logger.warn('data folder tightened: readable by its owner only now', {
            dataDir,
            count: tightened.length,
            paths: tightened.slice(0, 50),
          });
        }
        if (failed.length) {
          logger.warn('data folder: some paths could not be made private', {
            dataDir,
            count: failed.length,
            paths: failed.slice(0, 20),
          });
        }
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
