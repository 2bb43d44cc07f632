import { AppError } from '../../../../shared/errors';
import { notAvailable, notFound, type HandlerContext } from '../handler-context';
import { lastRunOf, toProgress, toSyncRun } from '../mappers';
import { resourceStates } from '../sync-status';
import type { HandlersOf } from '../types';

/** Syncs: start (one workspace or all), cancel, the live status, and the run history. */
export function syncHandlers(ctx: HandlerContext): HandlersOf<'sync:'> {
  const { deps, store, workspaceRow } = ctx;
  return {
    'sync:start': async ({ workspaceId, trigger, fresh, deadlineMs, ifRunning }) => {
      const sync = deps.sync ?? notAvailable('sync');
      const row = workspaceRow(workspaceId);
      if (row.archived) {
        throw new AppError('conflict', 'This workspace is archived. Restore it before syncing.', {
          details: { workspaceId },
        });
      }
      const started = await sync.start({ workspaceId, trigger, fresh, deadlineMs, ifRunning });
      return { workspaceId, runId: String(started.runId), requestId: started.requestId, joined: started.joined };
    },
    'sync:startAll': async () => {
      const sync = deps.sync ?? notAvailable('sync');
      const started = [];
      for (const w of store.workspaces.list({ includeArchived: false })) {
        const s = await sync.start({ workspaceId: w.id, trigger: 'manual' });
        started.push({ workspaceId: w.id, runId: String(s.runId), requestId: s.requestId, joined: s.joined });
      }
      return { started };
    },
    'sync:cancel': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return { cancelled: deps.sync ? deps.sync.cancel(workspaceId) : false };
    },
    'sync:status': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      const live = deps.sync?.progress(workspaceId) ?? null;
      return {
        workspaceId,
        running: live ? toProgress(live) : null,
        lastRun: lastRunOf(store.runs.latest(workspaceId)),
        resources: resourceStates(store, workspaceId),
      };
    },
    'sync:runs': (q) => {
      if (q.workspaceId) workspaceRow(q.workspaceId);
      const { rows, total } = store.runs.page({
        workspaceId: q.workspaceId,
        status: q.status,
        trigger: q.trigger,
        resource: q.resource,
        from: q.from ? Date.parse(q.from) : undefined,
        to: q.to ? Date.parse(q.to) : undefined,
        sort: q.sort,
        offset: q.offset,
        limit: q.limit,
      });
      return { items: rows.map((r) => toSyncRun(r, store.runs.resources(r.id))), total };
    },
    'sync:run': ({ runId }) => {
      const id = Number(runId);
      const row = (Number.isSafeInteger(id) ? store.runs.get(id) : undefined) ?? notFound('Sync run', runId);
      return toSyncRun(row, store.runs.resources(row.id));
    },
  };
}
