import type { Workspace } from '../../../shared/contract/workspaces';
import { AppError } from '../../../shared/errors';
import type { Store, WorkspaceRow } from '../store';
import type { EventBus } from './event-bus';
import { toWorkspace } from './mappers';
import type { ServiceDeps } from './types';

/** What every group of handlers shares: the domains, the clock, the events, and the workspace lookups. */
export type HandlerContext = {
  deps: ServiceDeps;
  store: Store;
  now(): Date;
  emit: EventBus['emit'];
  /** any sync (or one workspace's) running in this process */
  syncing(workspaceId?: string): boolean;
  /** the workspace's row, or `not_found` */
  workspaceRow(workspaceId: string): WorkspaceRow;
  /** the row as the contract's workspace (last run, counts, staleness, changes since the last sync) */
  workspace(row: WorkspaceRow): Workspace;
};

/** A port the front end did not provide (the CLI has no updater, tests have no demo simulator). */
export function notAvailable(what: string): never {
  throw new AppError('internal', 'not available yet', { details: { feature: what } });
}

export function notFound(what: string, id: string): never {
  throw new AppError('not_found', `${what} not found.`, { details: { id } });
}

export function createHandlerContext(
  deps: ServiceDeps,
  emit: EventBus['emit'],
  changesSinceLastSync: (workspaceId: string) => Workspace['changesSinceLastSync'],
): HandlerContext {
  const { store } = deps;
  const now = deps.now ?? (() => new Date());
  const syncing = (workspaceId?: string) =>
    deps.sync ? deps.sync.isRunning(workspaceId) : store.runs.running(workspaceId).length > 0;
  return {
    deps,
    store,
    now,
    emit,
    syncing,
    workspaceRow: (id) => store.workspaces.get(id) ?? notFound('Workspace', id),
    workspace: (row) => ({
      ...toWorkspace(store, row, { now: now().getTime(), syncing: syncing(row.id) }),
      changesSinceLastSync: changesSinceLastSync(row.id),
    }),
  };
}
