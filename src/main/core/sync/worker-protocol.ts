import type { ErrorEnvelope } from '../../../shared/errors';
import type { LogFields, LogLevel } from '../log';
import type { RunArgs } from './run-state';
import type { SyncProgressEvent, SyncResult } from './types';

/**
 * Messages between the thread that answers the screens and the sync worker (worker.ts). Plain data only: they are
 * copied between threads.
 */

/** one run as the manager claimed it, with the key read on the screens' thread (the keychain lives there) */
export type WorkerRunArgs = RunArgs & {
  /** the key read from the SecretStore, or why it could not be read (the run then ends failed_auth) */
  apiKey: { ok: true; key: string } | { ok: false; error: ErrorEnvelope };
};

export type ToWorker =
  | { type: 'run'; args: WorkerRunArgs }
  | { type: 'cancel'; runId: number }
  | { type: 'stagedCount'; id: number; runId: number }
  | { type: 'close' };

export type FromWorker =
  | { type: 'progress'; runId: number; event: SyncProgressEvent }
  | { type: 'log'; level: LogLevel; msg: string; fields: LogFields }
  | { type: 'result'; runId: number; result: SyncResult }
  | { type: 'crashed'; runId: number; error: ErrorEnvelope }
  | { type: 'stagedCount'; id: number; count: number }
  | { type: 'closed' };

/** what the worker is started with */
export type WorkerData = { dbFile: string; logLevel: LogLevel };
