import type { EventPayload } from '../../../shared/contract';
import { auditAfterSync } from '../audit';
import { pruneSnapshots, type RetentionPolicy } from '../history';
import type { Logger } from '../log';
import type { Store } from '../store';
import { captureTrends } from '../trends';
import type { EventBus } from './event-bus';
import { announceCriticalFindings } from './critical-alerts';
import { toProgress } from './mappers';
import type { AuditPort, SizesPort, SyncPort, SyncProgressLike } from './ports';

export type PostSync = {
  /** resolves when the post-sync audits queued so far are done */
  settled(): Promise<void>;
  stop(): void;
};

/**
 * What follows every sync, whichever front end, tray or schedule started it: its progress and end become the
 * contract's events (progress at most `progressPerSecond` per run), and a run that brought a complete inventory
 * gets its performance figures refreshed and is audited, one run after another (each may spend reporting calls
 * and CPU), so the score can be followed per sync run. Then the workspace's snapshots older than the retention
 * setting are pruned: each sync adds one, so pruning after each keeps the folder bounded without a timer of its own.
 * Beside the audit, the lists' and segments' sizes that can have changed are asked (sizes/); the run's own status
 * never depends on them.
 */
export function watchSyncs(opts: {
  sync: SyncPort;
  audit?: AuditPort;
  sizes?: SizesPort;
  store: Store;
  bus: EventBus;
  logger: Logger;
  progressPerSecond?: number;
  /** a front end that cannot show a notice (the CLI) leaves new critical findings for the app to announce */
  silentAlerts?: boolean;
  /** the snapshot retention setting as it is now: each finished run prunes its workspace's older snapshots */
  retention?: () => RetentionPolicy;
  now?: () => Date;
}): PostSync {
  const { sync, bus, logger } = opts;
  const lastProgressAt = new Map<string, number>();
  // the newest progress the throttle held back, sent before the run's end so no screen misses a final state
  const heldBack = new Map<string, SyncProgressLike>();
  const minProgressGap = 1000 / (opts.progressPerSecond ?? 4);
  let auditing: Promise<unknown> = Promise.resolve();
  // sizes run beside the audit, not before it: at 15 calls a minute they would hold the audit back for minutes
  let sizing: Promise<unknown> = Promise.resolve();
  const sizeRefreshes = new Set<AbortController>();
  let stopped = false;

  const refreshSizes = (workspaceId: string, runId: number, pointsAt: number) => {
    const port = opts.sizes;
    if (!port) return;
    sizing = sizing.then(async () => {
      if (stopped) return;
      const controller = new AbortController();
      sizeRefreshes.add(controller);
      try {
        if (await port.afterSync(workspaceId, runId, pointsAt, controller.signal))
          bus.emit('workspaces:changed', { workspaceId, reason: 'trends' });
      } catch (err) {
        logger.warn('size refresh after sync failed', { workspaceId, error: (err as Error).message });
      } finally {
        sizeRefreshes.delete(controller);
      }
    });
  };

  const audit = (workspaceId: string) => {
    const port = opts.audit;
    if (!port) return;
    auditing = auditing
      .then(() => port.afterSync(workspaceId))
      .then(() => {
        bus.emit('workspaces:changed', { workspaceId, reason: 'audited' });
        announceCriticalFindings({
          audit: port,
          store: opts.store,
          emit: bus.emit,
          logger,
          workspaceId,
          silent: opts.silentAlerts ?? false,
        });
      })
      .catch((err: Error) => logger.warn('audit after sync failed', { workspaceId, error: err.message }));
  };

  const offProgress = sync.onProgress((p) => {
    const key = `${p.workspaceId}:${p.runId}`;
    // the first sign of a run (whoever started it: page, tray, schedule, CLI) flips the workspace to "syncing"
    if (!lastProgressAt.has(key)) bus.emit('workspaces:changed', { workspaceId: p.workspaceId, reason: 'syncing' });
    const t = Date.now();
    if (t - (lastProgressAt.get(key) ?? 0) < minProgressGap) {
      heldBack.set(key, p);
      return;
    }
    heldBack.delete(key);
    lastProgressAt.set(key, t);
    bus.emit('sync:progress', toProgress(p));
  });
  const offFinished = sync.onFinished((r) => {
    const key = `${r.workspaceId}:${r.runId}`;
    const last = heldBack.get(key);
    if (last) bus.emit('sync:progress', toProgress(last));
    heldBack.delete(key);
    lastProgressAt.delete(key);
    bus.emit('sync:finished', {
      workspaceId: r.workspaceId,
      runId: String(r.runId),
      requestId: r.requestId,
      trigger: r.trigger as EventPayload<'sync:finished'>['trigger'],
      status: r.status,
      finishedAt: new Date(r.finishedAt).toISOString(),
      error: r.error,
    });
    bus.emit('workspaces:changed', { workspaceId: r.workspaceId, reason: 'synced' });
    // only a run that brought a complete inventory: a failed or cut-short run leaves the last audit standing
    if (auditAfterSync({ status: r.status, resources: opts.store.runs.resources(r.runId) }) === 'audit') {
      audit(r.workspaceId);
      refreshSizes(r.workspaceId, r.runId, r.finishedAt);
    }
    // every run that merged leaves its trend points, after its audit (score, findings) when it has one
    if (r.status === 'ok' || r.status === 'partial_or_timeout') {
      auditing = auditing
        .then(() => {
          captureTrends(opts.store, r.workspaceId, r.runId, r.finishedAt);
          bus.emit('workspaces:changed', { workspaceId: r.workspaceId, reason: 'trends' });
        })
        .catch((err: Error) =>
          logger.warn('trends after sync failed', { workspaceId: r.workspaceId, error: err.message }),
        );
    }
    const retention = opts.retention;
    if (retention) {
      // queued behind the audit and trends, which read the manifests this may rewrite
      auditing = auditing
        .then(() => {
          const now = (opts.now?.() ?? new Date()).getTime();
          const pruned = pruneSnapshots(opts.store, retention(), now, { workspaceId: r.workspaceId });
          if (pruned.deleted) logger.info('snapshots pruned after sync', { workspaceId: r.workspaceId, ...pruned });
        })
        .catch((err: Error) =>
          logger.warn('pruning snapshots after sync failed', { workspaceId: r.workspaceId, error: err.message }),
        );
    }
  });
  return {
    settled: () => Promise.all([auditing, sizing]).then(() => undefined),
    stop() {
      // a size refresh under way stops where it is (what it asked is kept); none starts after this
      stopped = true;
      for (const c of sizeRefreshes) c.abort();
      offProgress();
      offFinished();
    },
  };
}
