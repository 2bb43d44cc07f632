import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { AppError, toErrorEnvelope } from '../../../shared/errors';
import type { Logger } from '../log';
import { requireSecret, type SecretStore } from '../secrets';
import type { z } from 'zod';
import { RESOURCE_NAMES, SERVER_NAMES } from '../klaviyo';
import type { Store, SyncRunRow, WorkspaceRow } from '../store';
import { isFullSyncDue } from '../schedule';
import { parseSettings } from '../workspaces';
import { DEFAULT_RESUME_WINDOW_MS, findResumable } from './checkpoint';
import { klaviyoSourceFactory } from './klaviyo-source';
import { executeRun } from './run';
import { SyncWorkerHost } from './worker-host';
import type { WorkerRunArgs } from './worker-protocol';
import type { SyncSourceFactory } from './source';
import {
  StartSyncInputSchema,
  type Checkpoint,
  type StartSyncInput,
  type SyncProgressEvent,
  type SyncResult,
} from './types';

export type SyncManagerOptions = {
  store: Store;
  secrets: SecretStore;
  logger: Logger;
  /** the claim's clock (a run in the worker keeps its own time with Date.now) */
  now?: () => number;
  /** lists from this source in this thread (engine tests); default: the Klaviyo client, in the sync worker */
  sourceFactory?: SyncSourceFactory;
  /** a partial run older than this is not resumed: its data is too old to splice with (default 6 h) */
  resumeWindowMs?: number;
  childConcurrency?: number;
};

export type SyncHandle = {
  workspaceId: string;
  runId: number;
  requestId: string;
  /** true when this start joined a run that was already going */
  joined: boolean;
  result: Promise<SyncResult>;
  cancel(): void;
};

type StartArgs = z.output<typeof StartSyncInputSchema>;
type Claim = { run: SyncRunRow; resume: { runId: number; checkpoint: Checkpoint } | null; full: boolean };

type Active = { handle: Omit<SyncHandle, 'joined'>; controller: AbortController; progress: SyncProgressEvent | null };

const RESOURCE_KEYS: readonly string[] = RESOURCE_NAMES;

/** runs active in this process, whatever SyncManager started them (two managers may share one file in tests) */
const activeRunIds = new Set<number>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent died too is reparented, and where no one reaps it (containers whose
  // PID 1 is not an init) it lingers as a zombie that still answers signal 0: it holds no lock.
  if (process.platform === 'linux') {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') return false;
    } catch {
      return false; // gone between the two checks
    }
  }
  return true;
}

/**
 * Starts, joins, cancels and reports sync runs. One run per workspace at a time — also across processes (the
 * CLI next to the app): the running run's owner pid is in its row, and a row whose owner is gone is closed as
 * interrupted. Different workspaces run side by side, each paced by its account's shared limiter.
 */
export class SyncManager {
  private readonly active = new Map<string, Active>();
  private readonly listeners = new Set<(e: SyncProgressEvent) => void>();
  private readonly finishListeners = new Set<(r: SyncResult) => void>();
  private readonly now: () => number;

  private readonly host: SyncWorkerHost | null;

  constructor(private readonly opts: SyncManagerOptions) {
    this.now = opts.now ?? Date.now;
    const file = opts.store.database.file;
    this.host =
      opts.sourceFactory || file === ':memory:' ? null : new SyncWorkerHost({ dbFile: file, logger: opts.logger });
  }

  /** progress of every run (throttled to a few per second per run); returns an unsubscribe function */
  onProgress(fn: (e: SyncProgressEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onFinished(fn: (r: SyncResult) => void): () => void {
    this.finishListeners.add(fn);
    return () => this.finishListeners.delete(fn);
  }

  isRunning(workspaceId: string): boolean {
    return this.active.has(workspaceId);
  }

  progress(workspaceId: string): SyncProgressEvent | null {
    return this.active.get(workspaceId)?.progress ?? null;
  }

  cancel(workspaceId: string): boolean {
    const a = this.active.get(workspaceId);
    if (!a) return false;
    a.controller.abort();
    return true;
  }

  /** waits for every run of this manager to end (used before closing the store) */
  async drain(opts: { cancel?: boolean } = {}): Promise<void> {
    const runs = [...this.active.values()];
    if (opts.cancel) for (const a of runs) a.controller.abort();
    await Promise.allSettled(runs.map((a) => a.handle.result));
  }

  /**
   * Starts a run (or joins the running one). Returns once the run row exists; `result` settles when it ends.
   * Throws `busy` when asked not to join, or when another process runs this workspace.
   */
  async start(input: StartSyncInput & { deadlineMs?: number }): Promise<SyncHandle> {
    const parsed = StartSyncInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new AppError(
        'validation',
        `Invalid sync request: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
        {
          details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) },
        },
      );
    }
    const args = parsed.data;
    const ws = this.opts.store.workspaces.get(args.workspaceId);
    if (!ws) throw new AppError('not_found', 'No such workspace.', { details: { workspaceId: args.workspaceId } });

    const running = this.active.get(ws.id);
    if (running) {
      if (args.ifRunning === 'busy') {
        throw new AppError('busy', `A sync of "${ws.name}" is already running.`, {
          requestId: running.handle.requestId,
          details: { workspaceId: ws.id, runId: running.handle.runId },
        });
      }
      return { ...running.handle, joined: true };
    }

    const requestId = randomUUID();
    const startedAt = this.now();
    const claim = this.claim(ws, args, requestId, startedAt);
    const controller = new AbortController();
    activeRunIds.add(claim.run.id);
    const entry: Active = {
      controller,
      progress: null,
      handle: {
        workspaceId: ws.id,
        runId: claim.run.id,
        requestId,
        cancel: () => controller.abort(),
        result: undefined as unknown as Promise<SyncResult>,
      },
    };
    this.active.set(ws.id, entry);
    entry.handle.result = this.launch(ws, args, claim, entry, startedAt);
    return { ...entry.handle, joined: false };
  }

  /**
   * Claims the workspace in one write transaction (two processes cannot both see it free): refuses when a live
   * process runs it, closes runs of dead processes as interrupted, finds the checkpoint to resume, inserts the run.
   */
  private claim(ws: WorkspaceRow, args: StartArgs, requestId: string, startedAt: number): Claim {
    const { store } = this.opts;
    return store.transaction((): Claim => {
      for (const r of store.runs.running(ws.id)) {
        const mine = r.ownerHost === os.hostname() && r.ownerPid === process.pid;
        const alive =
          r.ownerPid !== null &&
          (r.ownerHost !== os.hostname() || (mine ? activeRunIds.has(r.id) : processAlive(r.ownerPid)));
        if (alive) {
          throw new AppError('busy', `A sync of "${ws.name}" is already running in another process.`, {
            requestId: r.requestId,
            details: { workspaceId: ws.id, runId: r.id, ownerPid: r.ownerPid },
          });
        }
        this.closeInterrupted(r);
      }
      const { full } = isFullSyncDue({
        now: startedAt,
        lastFullSyncAt: lastFullSyncAt(store, ws.id),
        everyDays: parseSettings(ws.settingsJson).fullSyncEveryDays,
        requested: args.full,
      });
      // a full sync may resume a partial one; an incremental one simply lists again from its cursors
      const resume =
        args.fresh || !full
          ? null
          : findResumable(store, ws.id, startedAt, this.opts.resumeWindowMs ?? DEFAULT_RESUME_WINDOW_MS);
      const run = store.runs.insert({
        requestId,
        workspaceId: ws.id,
        trigger: args.trigger,
        direction: 'pull',
        status: 'running',
        startedAt,
        resumedFromRunId: resume?.runId ?? null,
        ownerPid: process.pid,
        ownerHost: os.hostname(),
      });
      return { run, resume, full };
    });
  }

  /** the workspace's key, or the auth error that makes the run end failed_auth */
  private async readKey(ws: WorkspaceRow, requestId: string): Promise<WorkerRunArgs['apiKey']> {
    try {
      return { ok: true, key: await requireSecret(this.opts.secrets, ws.secretRef, requestId) };
    } catch (err) {
      let e =
        err instanceof AppError
          ? err
          : new AppError('auth', 'The API key could not be read.', { requestId, cause: err });
      if (e.code === 'keychain_unavailable') {
        // still recorded as failed_auth: the run could not authenticate; the envelope says why
        e = new AppError('auth', e.message, { requestId, details: { ...e.details, cause: 'keychain_unavailable' } });
      }
      e.requestId ||= requestId;
      return { ok: false, error: toErrorEnvelope(e, requestId) };
    }
  }

  /** runs a claimed run to its end (in the sync worker, or here for a source given in code) */
  private async launch(ws: WorkspaceRow, args: StartArgs, claim: Claim, entry: Active, startedAt: number) {
    const { store } = this.opts;
    const { runId, requestId } = entry.handle;
    try {
      const settings = parseSettings(ws.settingsJson);
      const onlyResources =
        args.resources ??
        (settings.skipResources.length ? RESOURCE_KEYS.filter((k) => !settings.skipResources.includes(k)) : undefined);
      const runArgs: WorkerRunArgs = {
        workspaceId: ws.id,
        baseUrl: ws.baseUrl,
        server: ws.isDemo ? SERVER_NAMES.demoSimulator : SERVER_NAMES.klaviyo,
        timeScale: settings.timeScale,
        runId,
        requestId,
        trigger: args.trigger,
        startedAt,
        apiKey: await this.readKey(ws, requestId),
        resume: claim.resume,
        ...(onlyResources ? { onlyResources } : {}),
        deadlineMs: args.deadlineMs ?? settings.deadlineMinutes * 60_000,
        childConcurrency: this.opts.childConcurrency ?? 8,
        ...(claim.full ? {} : { incremental: { lookbackMs: settings.lookbackMinutes * 60_000 } }),
      };
      const onProgress = (p: SyncProgressEvent) => {
        entry.progress = p;
        for (const l of this.listeners) safe(() => l(p));
      };
      const result = await this.execute(runArgs, entry.controller.signal, onProgress);
      for (const l of this.finishListeners) safe(() => l(result));
      return result;
    } catch (err) {
      // the store itself failed (disk full, file removed): record what we can and surface the envelope
      const env = toErrorEnvelope(err, requestId);
      this.opts.logger.error('sync.crashed', { requestId, workspaceId: ws.id, error: env });
      try {
        store.runs.update(runId, {
          status: 'partial_or_timeout',
          finishedAt: this.now(),
          errorJson: JSON.stringify(env),
        });
        store.inventory.dropStage(runId);
      } catch {
        // nothing more we can do: the next start closes this run as interrupted
      }
      throw new AppError(env.code, env.message, { requestId, details: env.details, cause: err });
    } finally {
      activeRunIds.delete(runId);
      this.active.delete(ws.id);
    }
  }

  /**
   * One run's execution. In the sync worker (its own thread and SQLite connection), so that listing, hashing,
   * staging and merging never hold the event loop that answers the screens; in this thread only for a source
   * given in code (engine tests) or a database in memory, which another connection cannot open.
   */
  private execute(
    args: WorkerRunArgs,
    signal: AbortSignal,
    onProgress: (p: SyncProgressEvent) => void,
  ): Promise<SyncResult> {
    if (this.host) {
      const host = this.host;
      const cancel = () => host.cancel(args.runId);
      signal.addEventListener('abort', cancel, { once: true });
      return host.run(args, onProgress).finally(() => signal.removeEventListener('abort', cancel));
    }
    const { apiKey, ...rest } = args;
    return executeRun({
      ...rest,
      store: this.opts.store,
      logger: this.opts.logger,
      now: this.now,
      sourceFactory: this.opts.sourceFactory ?? klaviyoSourceFactory(),
      apiKey: apiKey.ok ? apiKey.key : new AppError(apiKey.error.code, apiKey.error.message, apiKey.error),
      signal,
      onProgress,
    });
  }

  /** rows staged for a run and not merged or dropped yet (wherever the run's stage lives) */
  stagedCount(runId: number): Promise<number> {
    return this.host ? this.host.stagedCount(runId) : Promise.resolve(this.opts.store.inventory.stagedCount(runId));
  }

  /** cancels and waits for every run, then closes the sync worker (and its database connection) */
  async close(): Promise<void> {
    await this.drain({ cancel: true });
    await this.host?.close();
  }

  /** convenience: start (or join) and wait for the end */
  async run(input: StartSyncInput & { deadlineMs?: number }): Promise<SyncResult> {
    const h = await this.start(input);
    return h.result;
  }

  /** closes runs left 'running' by processes that are gone (call at start-up) */
  recoverInterrupted(): number {
    let n = 0;
    for (const r of this.opts.store.runs.running()) {
      const mine = r.ownerHost === os.hostname() && r.ownerPid === process.pid;
      if (r.ownerHost !== os.hostname()) continue;
      if (mine ? activeRunIds.has(r.id) : r.ownerPid !== null && processAlive(r.ownerPid)) continue;
      this.closeInterrupted(r);
      n++;
    }
    return n;
  }

  private closeInterrupted(r: SyncRunRow): void {
    const { store } = this.opts;
    store.inventory.dropStage(r.id);
    store.inventory.dropProgress([r.id]);
    store.runs.update(r.id, {
      status: 'partial_or_timeout',
      finishedAt: this.now(),
      checkpointJson: null,
      errorJson: JSON.stringify({
        code: 'internal',
        message: 'The sync was interrupted: the process running it ended before it finished.',
        details: { ownerPid: r.ownerPid, reason: 'interrupted' },
        requestId: r.requestId,
      }),
    });
    this.opts.logger.warn('sync.interrupted_run_closed', {
      requestId: r.requestId,
      workspaceId: r.workspaceId,
      runId: r.id,
    });
  }
}

/**
 * When the workspace's last complete full sync started: the oldest of its resources' last full listings (one never
 * listed whole makes it null), so every resource is listed whole at least as often as the setting says.
 */
function lastFullSyncAt(store: Store, workspaceId: string): number | null {
  const rows = store.cursors.list(workspaceId);
  if (!rows.length) return null;
  let oldest = Infinity;
  for (const r of rows) {
    const run = r.lastFullRunId === null ? undefined : store.runs.get(r.lastFullRunId);
    if (!run) return null;
    oldest = Math.min(oldest, run.startedAt);
  }
  return oldest;
}

function safe(fn: () => void): void {
  try {
    fn();
  } catch {
    // a listener's failure must not break the run
  }
}
