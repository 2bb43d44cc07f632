import { channelNames } from '../../../shared/contract';
import { changesHandlers } from './changes-handlers';
import { createDispatcher } from './dispatcher';
import { createEventBus } from './event-bus';
import { fileSlug } from './file-names';
import { createHandlerContext } from './handler-context';
import { appHandlers } from './handlers/app';
import { audiencesHandlers } from './handlers/audiences';
import { auditHandlers } from './handlers/audit';
import { brandingHandlers } from './handlers/branding';
import { findingsHandlers } from './handlers/findings';
import { historyHandlers } from './handlers/history';
import { inventoryHandlers } from './handlers/inventory';
import { importsHandlers } from './handlers/imports';
import { outboxHandlers } from './handlers/outbox';
import { syncHandlers } from './handlers/sync';
import { trendsHandlers } from './handlers/trends';
import { workspaceHandlers } from './handlers/workspaces';
import { watchSyncs } from './post-sync';
import type { Handlers, Service, ServiceDeps } from './types';

export type {
  AuditPort,
  SizesPort,
  DemoPort,
  ExportTarget,
  ReportsPort,
  SyncPort,
  UpdatesPort,
  WorkspacesPort,
} from './ports';
export type { CallMeta, Handler, Handlers, HandlersOf, Service, ServiceDeps } from './types';
export { DEMO_WORKSPACE_NAME } from './handlers/workspaces';

/**
 * One object that implements the contract on top of the domains. The Electron shell, the web bridge and the CLI
 * all call `service.call(channel, input)` (see dispatcher.ts for what every call gets) and listen to the same
 * events. The service knows nothing of transports; the composition root (core/compose.ts) builds it.
 *
 * A new channel is one handler in the group of its domain (handlers/*.ts, or a module such as
 * changes-handlers.ts) plus its contract entry; the type below makes a missing handler a compile error.
 */
export function createService(deps: ServiceDeps): Service {
  const { store, logger } = deps;
  const bus = createEventBus(logger);
  const postSync = deps.sync
    ? watchSyncs({
        sync: deps.sync,
        audit: deps.audit,
        sizes: deps.sizes,
        store,
        bus,
        logger,
        silentAlerts: deps.mode === 'cli',
        retention: () => deps.settings.get().snapshotRetention,
        ...(deps.now ? { now: deps.now } : {}),
        ...(deps.progressPerSecond !== undefined ? { progressPerSecond: deps.progressPerSecond } : {}),
      })
    : null;
  const now = deps.now ?? (() => new Date());
  const changes = changesHandlers({
    store,
    workspaceName: (id) => ctx.workspaceRow(id).name,
    exportTarget: deps.exportTarget,
    now,
    slug: fileSlug,
  });
  const ctx = createHandlerContext(deps, bus.emit, changes.changesSinceLastSync);
  const handlers: Handlers = {
    ...workspaceHandlers(ctx),
    ...syncHandlers(ctx),
    ...inventoryHandlers(ctx),
    ...appHandlers(ctx),
    ...auditHandlers(ctx),
    ...findingsHandlers(ctx),
    ...trendsHandlers(ctx),
    ...historyHandlers(ctx),
    ...changes.handlers,
    ...outboxHandlers(ctx),
    ...importsHandlers(ctx),
    ...brandingHandlers(ctx),
    ...audiencesHandlers(ctx),
  };
  const stopOutboxEvents = deps.outbox?.onChanged((workspaceId, reason) =>
    bus.emit('outbox:changed', { workspaceId, reason }),
  );
  const stopOutboxProgress = deps.outbox?.onProgress((p) => bus.emit('outbox:progress', p));

  return {
    call: createDispatcher({ handlers, logger, validateOutputs: deps.validateOutputs ?? true }),
    handlers,
    on: bus.on,
    onAny: bus.onAny,
    emit: bus.emit,
    isBusy: () => ctx.syncing(),
    auditsSettled: () => postSync?.settled() ?? Promise.resolve(),
    online: () => deps.autoFlush?.online(),
    init: ({ repinDemo }) => (repinDemo ? pinDemoWorkspaces(deps, now) : Promise.resolve()),
    close() {
      postSync?.stop();
      stopOutboxEvents?.();
      stopOutboxProgress?.();
      bus.clear();
    },
  };
}

/** Re-pins the demo workspaces to the running simulator: its key and port change on every start. */
async function pinDemoWorkspaces(deps: ServiceDeps, now: () => Date): Promise<void> {
  const { store } = deps;
  const demoRows = store.workspaces.list({ includeArchived: true }).filter((w) => w.isDemo);
  if (!demoRows.length || !deps.demo) return;
  const { baseUrl, apiKey } = await deps.demo.ensure();
  deps.demoSecrets?.setDemoKey(apiKey);
  for (const w of demoRows) {
    deps.demoSecrets?.pin(w.secretRef, apiKey);
    if (!deps.demoSecrets) await deps.secrets.set(w.secretRef, apiKey);
    if (w.baseUrl !== baseUrl) store.workspaces.update(w.id, { baseUrl, updatedAt: now().getTime() });
  }
}

/** Every channel the service implements (the drift test compares this with the contract). */
export function implementedChannels(service: Service): string[] {
  return Object.keys(service.handlers);
}

export { channelNames };
