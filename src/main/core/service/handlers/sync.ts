import type { ChannelParsedInput } from '../../../../shared/contract';
import { statesOf, type RunState } from '../../../../shared/contract/primitives';
import type { SyncRun } from '../../../../shared/contract/sync';
import { AppError } from '../../../../shared/errors';
import { writeRunsCsv } from '../../history';
import type { RunPageQuery, Store } from '../../store';
import { exportCsvFile } from '../csv-export';
import { fileSlug } from '../file-names';
import { notAvailable, notFound, type HandlerContext } from '../handler-context';
import { lastRunOf, toProgress, toSyncRun } from '../mappers';
import { resourceStates } from '../sync-status';
import type { HandlersOf } from '../types';

type RunQuery = ChannelParsedInput<'sync:runs'>;

/** the store's page query of a history selection: outcomes become the run states they stand for */
function runPageQuery(q: RunQuery): RunPageQuery {
  let status = q.status;
  if (q.outcome?.length) {
    const states = q.outcome.flatMap(statesOf);
    status = status?.length ? status.filter((s) => states.includes(s)) : states;
    // outcome and status that share no state select nothing, not everything
    if (!status.length) status = ['__none__' as RunState];
  }
  return {
    workspaceId: q.workspaceId,
    status,
    trigger: q.trigger,
    direction: q.direction,
    resource: q.resource,
    item: q.item,
    from: q.from ? Date.parse(q.from) : undefined,
    to: q.to ? Date.parse(q.to) : undefined,
    sortBy: q.sortBy,
    sort: q.sort,
    offset: q.offset,
    limit: q.limit,
  };
}

/** every run of a selection, a thousand at a time, so a long history never sits in memory at once */
function* runPages(store: Store, q: RunQuery): Generator<SyncRun> {
  const end = q.offset + q.limit;
  for (let offset = q.offset; offset < end; offset += 1000) {
    const { rows } = store.runs.page(runPageQuery({ ...q, offset, limit: Math.min(1000, end - offset) }));
    for (const r of rows) yield toSyncRun(r, store.runs.resources(r.id), store.sizes.refreshOf(r.id));
    if (rows.length < 1000) return;
  }
}

/** Syncs: start (one workspace or all), cancel, the live status, and the run history. */
export function syncHandlers(ctx: HandlerContext): HandlersOf<'sync:'> {
  const { deps, store, workspaceRow } = ctx;
  return {
    'sync:start': async ({ workspaceId, trigger, fresh, full, deadlineMs, ifRunning }) => {
      const sync = deps.sync ?? notAvailable('sync');
      const row = workspaceRow(workspaceId);
      if (row.archived) {
        throw new AppError('conflict', 'This workspace is archived. Restore it before syncing.', {
          details: { workspaceId },
        });
      }
      const started = await sync.start({ workspaceId, trigger, fresh, full, deadlineMs, ifRunning });
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
      const { rows, total } = store.runs.page(runPageQuery(q));
      return { items: rows.map((r) => toSyncRun(r, store.runs.resources(r.id), store.sizes.refreshOf(r.id))), total };
    },
    'sync:runsExport': async (q) => {
      const ws = q.workspaceId ? workspaceRow(q.workspaceId) : null;
      const names = new Map<string, string>();
      const clientName = (id: string) => {
        if (!names.has(id)) names.set(id, store.workspaces.get(id)?.name ?? id);
        return names.get(id)!;
      };
      const fileName = `${fileSlug(ws?.name ?? 'all-clients')}-history-${ctx.now().toISOString().slice(0, 10)}.csv`;
      return exportCsvFile(deps.exportTarget, fileName, (out) =>
        writeRunsCsv(runPages(store, { ...q, limit: q.limit }), q.lang, clientName, out),
      );
    },
    'sync:run': ({ runId }) => {
      const id = Number(runId);
      const row = (Number.isSafeInteger(id) ? store.runs.get(id) : undefined) ?? notFound('Sync run', runId);
      return toSyncRun(row, store.runs.resources(row.id), store.sizes.refreshOf(row.id));
    },
  };
}
