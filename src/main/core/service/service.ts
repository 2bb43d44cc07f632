import { randomUUID } from 'node:crypto';
import { auditAfterSync } from '../audit';
import type { z } from 'zod';
import {
  channels,
  channelNames,
  checkRawInput,
  events,
  isChannelName,
  type ChannelName,
  type ChannelParsedInput,
  type Channels,
  type EventName,
  type EventPayload,
  type Result,
} from '../../../shared/contract';
import { worstFailing } from '../../../shared/audit/severity';
import type { SyncProgress } from '../../../shared/contract/sync';
import { AppError, toErrorEnvelope } from '../../../shared/errors';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets';
import type { SettingsStore } from '../settings';
import type { InventoryItemSummary, Store, WorkspaceRow } from '../store';
import type { DemoAwareSecretStore } from './demo-secrets';
import { changesHandlers } from './changes-handlers';
import { flowSteps } from './flow-steps';
import { inventoryRowOf } from './inventory-row';
import { lastRunOf, parseJson, toSyncRun, toWorkspace } from './mappers';
import type {
  AuditPort,
  DemoPort,
  ExportTarget,
  ReportsPort,
  SyncPort,
  SyncProgressLike,
  UpdatesPort,
  WorkspacesPort,
} from './ports';

export type { AuditPort, DemoPort, ExportTarget, ReportsPort, SyncPort, UpdatesPort, WorkspacesPort };

/** Per call: the requestId every log line and error of this call carries. */
export type CallMeta = { requestId: string; logger: Logger };

type HandlerOutput<C extends ChannelName> = z.input<Channels[C]['output']>;
export type Handler<C extends ChannelName> = (
  input: ChannelParsedInput<C>,
  meta: CallMeta,
) => Promise<HandlerOutput<C>> | HandlerOutput<C>;
export type Handlers = { [C in ChannelName]: Handler<C> };

export type ServiceDeps = {
  mode: 'electron' | 'web' | 'cli';
  store: Store;
  secrets: SecretStore;
  logger: Logger;
  settings: SettingsStore;
  app: { name: string; version: string; platform: string; packaged: boolean; dataDir: string };
  workspaces?: WorkspacesPort;
  sync?: SyncPort;
  audit?: AuditPort;
  reports?: ReportsPort;
  exportTarget?: ExportTarget;
  updates?: UpdatesPort;
  demo?: DemoPort;
  /** the overlay that keeps the demo key in memory (see service/demo-secrets.ts) */
  demoSecrets?: DemoAwareSecretStore;
  openExternal?: (url: string) => Promise<boolean>;
  now?: () => Date;
  /** check every answer against the contract before it leaves (default true) */
  validateOutputs?: boolean;
  /** at most this many `sync:progress` events per run per second (default 4) */
  progressPerSecond?: number;
};

export type Service = {
  /** validates, runs the handler, and answers with the envelope; never throws */
  call(channel: string, input?: unknown): Promise<Result<unknown>>;
  readonly handlers: Handlers;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** every event, for transports that forward them all (ipc, SSE) */
  onAny(listener: (event: EventName, payload: unknown) => void): () => void;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  /** true while any sync runs (the updater and the tray ask) */
  isBusy(): boolean;
  /** resolves when the post-sync audits queued so far are done */
  auditsSettled(): Promise<void>;
  /**
   * With `repinDemo`, re-pins the demo workspaces to this process's simulator (its key and port change every
   * start). Only the process that owns the data folder (the app, the web version) may: a CLI beside it would
   * point the app's demo client at a simulator that dies with the CLI.
   */
  init(opts: { repinDemo: boolean }): Promise<void>;
  close(): void;
};

export const DEMO_WORKSPACE_NAME = 'Demo client';

function notAvailable(what: string): never {
  throw new AppError('internal', 'not available yet', { details: { feature: what } });
}

function notFound(what: string, id: string): never {
  throw new AppError('not_found', `${what} not found.`, { details: { id } });
}

function slug(name: string): string {
  return (
    name
      // letters NFKD does not take apart (Polish ł, Nordic ø, German ß…)
      .replace(
        /[łŁøØđĐßæÆ]/g,
        (c) => ({ ł: 'l', Ł: 'L', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ß: 'ss', æ: 'ae', Æ: 'AE' })[c] ?? c,
      )
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 40) || 'workspace'
  );
}

/**
 * One object that implements the IPC contract on top of the domains. The Electron shell, the web bridge and the
 * CLI all call `service.call(channel, input)`, so every transport gets the same validation (structure guard,
 * then the channel's strict schema), the same error envelope with a `requestId`, and the same logging — zod's
 * details go to the local log only, never into the envelope the page receives.
 */
export function createService(deps: ServiceDeps): Service {
  const { store, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const validateOutputs = deps.validateOutputs ?? true;
  const listeners = new Set<(event: EventName, payload: unknown) => void>();
  const unsubscribers: Array<() => void> = [];
  const lastProgressAt = new Map<string, number>();
  const minProgressGap = 1000 / (deps.progressPerSecond ?? 4);
  // post-sync audits run one after another (each may spend reporting calls and CPU)
  let auditing: Promise<unknown> = Promise.resolve();

  const syncing = (workspaceId?: string) =>
    deps.sync ? deps.sync.isRunning(workspaceId) : store.runs.running(workspaceId).length > 0;

  const workspaceRow = (id: string): WorkspaceRow => store.workspaces.get(id) ?? notFound('Workspace', id);
  const changes = changesHandlers({
    store,
    workspaceName: (id) => workspaceRow(id).name,
    exportTarget: deps.exportTarget,
    now,
    slug,
  });
  const workspace = (row: WorkspaceRow) => ({
    ...toWorkspace(store, row, { now: now().getTime(), syncing: syncing(row.id) }),
    changesSinceLastSync: changes.changesSinceLastSync(row.id),
  });

  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => {
    const parsed = events[event].safeParse(payload);
    if (!parsed.success) {
      logger.error('event payload breaks the contract; dropped', { event, issues: parsed.error.issues });
      return;
    }
    for (const l of listeners) {
      try {
        l(event, parsed.data);
      } catch (err) {
        logger.warn('event listener failed', { event, error: (err as Error).message });
      }
    }
  };

  const toProgress = (p: SyncProgressLike): SyncProgress => ({
    workspaceId: p.workspaceId,
    runId: String(p.runId),
    requestId: p.requestId,
    trigger: p.trigger as SyncProgress['trigger'],
    startedAt: new Date(p.startedAt).toISOString(),
    phase: p.phase,
    current: p.current,
    resources: p.resources.map((r) => ({
      resource: r.resource,
      status: r.status as SyncProgress['resources'][number]['status'],
      pages: r.pages,
      items: r.itemsSeen,
      expectedItems: r.expectedItems,
      requests: r.requests,
      throttledWaits: r.throttled,
    })),
    requests: p.requests,
    throttledWaits: p.throttledWaits,
    etaMs: p.etaMs,
  });

  if (deps.sync) {
    unsubscribers.push(
      deps.sync.onProgress((p) => {
        const key = `${p.workspaceId}:${p.runId}`;
        // the first sign of a run (whoever started it: page, tray, schedule) flips the workspace to "syncing"
        if (!lastProgressAt.has(key)) emit('workspaces:changed', { workspaceId: p.workspaceId, reason: 'syncing' });
        const t = Date.now();
        if (t - (lastProgressAt.get(key) ?? 0) < minProgressGap) return;
        lastProgressAt.set(key, t);
        emit('sync:progress', toProgress(p));
      }),
      deps.sync.onFinished((r) => {
        lastProgressAt.delete(`${r.workspaceId}:${r.runId}`);
        emit('sync:finished', {
          workspaceId: r.workspaceId,
          runId: String(r.runId),
          requestId: r.requestId,
          trigger: r.trigger as EventPayload<'sync:finished'>['trigger'],
          status: r.status,
          finishedAt: new Date(r.finishedAt).toISOString(),
          error: r.error,
        });
        emit('workspaces:changed', { workspaceId: r.workspaceId, reason: 'synced' });
        // a run that brought data is audited (per sync run, so the score can be followed over time)
        // …and only when it brought a complete inventory: a failed or cut-short run leaves the last audit standing
        if (deps.audit && auditAfterSync({ status: r.status, resources: store.runs.resources(r.runId) }) === 'audit') {
          const audit = deps.audit;
          auditing = auditing
            .then(() => audit.afterSync(r.workspaceId))
            .then(() => emit('workspaces:changed', { workspaceId: r.workspaceId, reason: 'audited' }))
            .catch((err: Error) =>
              logger.warn('audit after sync failed', { workspaceId: r.workspaceId, error: err.message }),
            );
        }
      }),
    );
  }

  const toRow = inventoryRowOf;

  /**
   * A flow's steps from its `definition`; when the sync did not keep one on the flow, from its actions' own
   * definitions (each flow-action item carries its action), so the drawer still reads as a list of steps.
   */
  const stepsOfFlow = (workspaceId: string, definition: unknown, children: InventoryItemSummary[]) => {
    const fromFlow = flowSteps(definition);
    if (fromFlow && fromFlow.length) return fromFlow;
    const actions = children
      .filter((c) => c.resourceType === 'flow-actions')
      .map((c) => store.inventory.get(workspaceId, 'flow-actions', c.klaviyoId)?.attributes.definition)
      .filter((d) => d && typeof d === 'object');
    return actions.length ? flowSteps({ actions }) : fromFlow;
  };

  const handlers: Handlers = {
    // ── workspaces ────────────────────────────────────────────────────────────────────────────────
    'workspaces:list': ({ includeArchived }) => store.workspaces.list({ includeArchived }).map(workspace),
    'workspaces:get': ({ workspaceId }) => workspace(workspaceRow(workspaceId)),
    'workspaces:add': async (input, { requestId }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      const { workspace: row, check } = await ws.add({ ...input, requestId });
      emit('workspaces:changed', { workspaceId: row.id, reason: 'added' });
      return { workspace: workspace(row), check };
    },
    'workspaces:checkKey': (input, { requestId }) =>
      (deps.workspaces ?? notAvailable('workspaces')).checkKey({ ...input, requestId }),
    'workspaces:setKey': async ({ workspaceId, apiKey }, { requestId }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      const { workspace: row, check } = await ws.setKey(workspaceId, apiKey, requestId);
      emit('workspaces:changed', { workspaceId, reason: 'key' });
      return { workspace: workspace(row), check };
    },
    'workspaces:rename': async ({ workspaceId, name }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      const row = await ws.rename(workspaceId, name);
      emit('workspaces:changed', { workspaceId, reason: 'renamed' });
      return workspace(row);
    },
    'workspaces:archive': async ({ workspaceId, archived }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      const row = await ws.archive(workspaceId, archived);
      emit('workspaces:changed', { workspaceId, reason: 'archived' });
      return workspace(row);
    },
    'workspaces:remove': async ({ workspaceId }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      if (syncing(workspaceId)) {
        throw new AppError(
          'busy',
          'This workspace is syncing. Cancel the sync or wait for it to finish, then remove it.',
          {
            details: { workspaceId },
          },
        );
      }
      await ws.remove(workspaceId);
      emit('workspaces:changed', { workspaceId, reason: 'removed' });
      return { removed: true as const, workspaceId };
    },
    'demo:create': async (_input, { requestId }) => {
      const existing = store.workspaces.list({ includeArchived: true }).find((w) => w.isDemo);
      if (existing) return { workspace: workspace(existing), created: false };
      const demo = deps.demo ?? notAvailable('demo');
      const ws = deps.workspaces ?? notAvailable('workspaces');
      const { baseUrl, apiKey, timeScale } = await demo.ensure();
      deps.demoSecrets?.setDemoKey(apiKey);
      let name = DEMO_WORKSPACE_NAME;
      for (let i = 2; store.workspaces.byName(name); i++) name = `${DEMO_WORKSPACE_NAME} (${i})`;
      const { workspace: row } = await ws.add({ name, apiKey, baseUrl, isDemo: true, timeScale, requestId });
      emit('workspaces:changed', { workspaceId: row.id, reason: 'added' });
      return { workspace: workspace(row), created: true };
    },

    // ── sync ──────────────────────────────────────────────────────────────────────────────────────
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
      const recent = store.runs.list({ workspaceId, limit: 20 });
      const counts = store.inventory.counts(workspaceId);
      const perResource = new Map<
        string,
        { status: string | null; lastCompletedAt: string | null; missing: string[] }
      >();
      for (const run of recent) {
        if (run.status === 'running') continue;
        for (const r of store.runs.resources(run.id)) {
          const entry = perResource.get(r.resource) ?? { status: null, lastCompletedAt: null, missing: [] };
          if (entry.status === null) {
            entry.status = r.status;
            entry.missing = parseJson<string[]>(r.missingScopesJson, []);
          }
          if (entry.lastCompletedAt === null && r.status === 'ok') {
            entry.lastCompletedAt = new Date(r.finishedAt ?? run.finishedAt ?? run.startedAt).toISOString();
          }
          perResource.set(r.resource, entry);
        }
      }
      for (const type of Object.keys(counts)) {
        if (!perResource.has(type)) perResource.set(type, { status: null, lastCompletedAt: null, missing: [] });
      }
      return {
        workspaceId,
        running: live ? toProgress(live) : null,
        lastRun: lastRunOf(store.runs.latest(workspaceId)),
        resources: [...perResource.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([resource, e]) => ({
            resource,
            status: e.status as 'ok' | null,
            lastCompletedAt: e.lastCompletedAt,
            items: counts[resource] ?? 0,
            missingScopes: e.missing,
          })),
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

    // ── inventory ─────────────────────────────────────────────────────────────────────────────────
    'inventory:list': (q) => {
      workspaceRow(q.workspaceId);
      const { items, total } = store.inventory.page({
        workspaceId: q.workspaceId,
        resourceType: q.type,
        search: q.search,
        status: q.filters?.status,
        channel: q.filters?.channel,
        triggerType: q.filters?.triggerType,
        archived: q.filters?.archived,
        sort: q.sort,
        offset: q.offset,
        limit: q.limit,
      });
      return { items: items.map(toRow), total, offset: q.offset, limit: q.limit };
    },
    'inventory:facets': ({ workspaceId, type }) => {
      workspaceRow(workspaceId);
      return store.inventory.facets(workspaceId, type);
    },
    'inventory:get': ({ workspaceId, type, id }) => {
      workspaceRow(workspaceId);
      const item = store.inventory.get(workspaceId, type, id);
      if (!item || item.removedAt !== null) notFound('Item', id);
      const singular = type.replace(/s$/, '');
      let children = store.inventory.children(workspaceId, [type, singular], [id]);
      if (type === 'flows') {
        // a flow's messages hang off its actions
        const actionIds = children.filter((c) => c.resourceType === 'flow-actions').map((c) => c.klaviyoId);
        children = children.concat(store.inventory.children(workspaceId, ['flow-actions', 'flow-action'], actionIds));
      }
      const firstRun = store.runs.get(item.firstSeenRunId);
      const lastRun = store.runs.get(item.lastSeenRunId);
      return {
        item: toRow(item),
        attributes: item.attributes,
        relationships: item.relationships,
        firstSeenAt: firstRun ? new Date(firstRun.startedAt).toISOString() : null,
        lastSeenAt: lastRun ? new Date(lastRun.finishedAt ?? lastRun.startedAt).toISOString() : null,
        flowSteps: type === 'flows' ? stepsOfFlow(workspaceId, item.attributes.definition, children) : null,
        children: children.map(toRow),
      };
    },

    // ── settings & app ────────────────────────────────────────────────────────────────────────────
    'settings:get': () => deps.settings.get(),
    'settings:update': (patch) => deps.settings.update(patch),
    'app:info': () => ({
      name: deps.app.name,
      version: deps.app.version,
      mode: deps.mode,
      platform: deps.app.platform,
      packaged: deps.app.packaged,
      dataDir: deps.app.dataDir,
      versions: Object.fromEntries(
        Object.entries(process.versions).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && ['node', 'electron', 'chrome', 'v8'].includes(e[0]),
        ),
      ),
      update: deps.updates?.getState() ?? {
        status: 'disabled',
        version: null,
        waitingForIdle: false,
        lastCheckedAt: null,
        message: deps.mode === 'electron' ? 'no updater' : 'updates are for the desktop app',
      },
    }),
    'app:openExternal': async ({ url }) => ({ opened: deps.openExternal ? await deps.openExternal(url) : false }),
    'app:installUpdate': () => deps.updates?.requestInstall() ?? { scheduled: false },

    // ── audit & reports ───────────────────────────────────────────────────────────────────────────
    'audit:get': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).latest(workspaceId);
    },
    'audit:run': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      const audit = (deps.audit ?? notAvailable('audit')).run(workspaceId);
      emit('workspaces:changed', { workspaceId, reason: 'audited' });
      return audit;
    },
    'audit:refreshFigures': ({ workspaceId, all }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).refreshFigures(workspaceId, { all });
    },
    'audit:overview': ({ includeArchived }) => {
      const audit = deps.audit ?? notAvailable('audit');
      return store.workspaces.list({ includeArchived }).map((w) => {
        const a = audit.latest(w.id);
        const worst = worstFailing(a?.findings ?? []);
        return {
          workspaceId: w.id,
          score: a?.score ?? null,
          criticalCount: a?.counts.critical ?? 0,
          worstFinding: worst ? { ruleId: worst.ruleId, title: worst.title, severity: worst.severity } : null,
          evaluatedAt: a?.evaluatedAt ?? null,
        };
      });
    },
    'audit:history': ({ workspaceId, limit }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).history(workspaceId, limit);
    },
    'audit:figures': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).figures(workspaceId);
    },
    'audit:answers': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return (deps.audit ?? notAvailable('audit')).answers(workspaceId);
    },
    'audit:setAnswers': ({ workspaceId, answers }) => {
      workspaceRow(workspaceId);
      const result = (deps.audit ?? notAvailable('audit')).setAnswers(workspaceId, answers);
      emit('workspaces:changed', { workspaceId, reason: 'audited' });
      return result;
    },
    'report:export': async ({ workspaceId, format, kind, inventoryType }) => {
      const row = workspaceRow(workspaceId);
      if (kind === 'inventory' && (format !== 'csv' || !inventoryType)) {
        throw new AppError('validation', 'An inventory export is a CSV of one resource type.', {
          details: { field: 'inventoryType' },
        });
      }
      const reports = deps.reports ?? notAvailable('reports');
      const target = deps.exportTarget ?? notAvailable('export');
      const date = now().toISOString().slice(0, 10);
      const what = kind === 'inventory' ? inventoryType! : 'audit';
      const fileName = `${slug(row.name)}-${what}-${date}.${format}`;
      const mimeType = format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8';
      const chosen = await target.choose(fileName, mimeType);
      if (!chosen) return { fileName, mimeType, bytes: 0, savedTo: null, downloadId: null, cancelled: true };
      let written: Awaited<ReturnType<ReportsPort['write']>>;
      try {
        written = await reports.write(
          { workspaceId, format, kind, inventoryType, file: chosen.file },
          { onProgress: (done, total) => emit('report:progress', { workspaceId, format, kind, done, total }) },
        );
      } catch (err) {
        if (err instanceof AppError && err.code === 'cancelled')
          return { fileName, mimeType, bytes: 0, savedTo: null, downloadId: null, cancelled: true };
        throw err;
      }
      return {
        fileName,
        mimeType,
        ...written,
        savedTo: chosen.downloadId ? null : chosen.file,
        downloadId: chosen.downloadId,
        cancelled: false,
      };
    },
    ...changes.handlers,
    'report:cancel': ({ workspaceId }) => {
      workspaceRow(workspaceId);
      return { cancelled: (deps.reports ?? notAvailable('reports')).cancel(workspaceId) };
    },
  };

  const call = async (channel: string, raw?: unknown): Promise<Result<unknown>> => {
    const requestId = `req_${randomUUID()}`;
    const name = typeof channel === 'string' ? channel.slice(0, 64) : '?';
    const log = logger.child({ requestId, channel: name });
    const started = performance.now();
    try {
      if (!isChannelName(channel)) {
        throw new AppError('validation', 'Unknown request.', { details: { channel: name } });
      }
      const problem = checkRawInput(raw);
      if (problem) {
        log.warn('request input rejected', { problem: problem.problem, path: problem.path.slice(0, 200) });
        throw new AppError('validation', `The request to ${channel} was not valid.`, { details: { channel } });
      }
      const parsed = channels[channel].input.safeParse(raw);
      if (!parsed.success) {
        // the issues stay here: they describe the schema, which the page has no need to learn
        log.warn('request input rejected', {
          issues: parsed.error.issues.map((i) => ({ code: i.code, path: i.path.map(String), message: i.message })),
        });
        throw new AppError('validation', `The request to ${channel} was not valid.`, { details: { channel } });
      }
      const handler = handlers[channel] as (input: unknown, meta: CallMeta) => unknown;
      const data = await handler(parsed.data, { requestId, logger: log });
      if (!validateOutputs) return { ok: true, data };
      const out = channels[channel].output.safeParse(data);
      if (!out.success) {
        log.error('answer breaks the contract', {
          issues: out.error.issues.map((i) => ({ code: i.code, path: i.path.map(String), message: i.message })),
        });
        throw new AppError('internal', 'The app produced an answer it cannot send.', { details: { channel } });
      }
      log.debug('request done', { ms: Math.round(performance.now() - started) });
      return { ok: true, data: out.data };
    } catch (err) {
      const envelope = toErrorEnvelope(err, requestId);
      if (!(err instanceof AppError)) {
        // an unexpected error's text may carry paths or SQL: log it, send a plain sentence
        log.error('request failed unexpectedly', {
          error: err instanceof Error ? err.message : String(err),
          stack: err instanceof Error ? err.stack : undefined,
        });
        envelope.message = 'Something went wrong. The log has the details for this request id.';
        envelope.details = {};
      } else {
        log[err.code === 'internal' ? 'error' : 'info']('request failed', {
          code: err.code,
          message: err.message,
        });
      }
      return { ok: false, error: envelope };
    }
  };

  return {
    call,
    handlers,
    on(event, listener) {
      const wrapped = (e: EventName, p: unknown) => {
        if (e === event) listener(p as EventPayload<typeof event>);
      };
      listeners.add(wrapped);
      return () => listeners.delete(wrapped);
    },
    onAny(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    isBusy: () => syncing(),
    auditsSettled: () => auditing.then(() => undefined),
    async init({ repinDemo }) {
      if (!repinDemo) return;
      const demoRows = store.workspaces.list({ includeArchived: true }).filter((w) => w.isDemo);
      if (!demoRows.length || !deps.demo) return;
      const { baseUrl, apiKey } = await deps.demo.ensure();
      deps.demoSecrets?.setDemoKey(apiKey);
      for (const w of demoRows) {
        deps.demoSecrets?.pin(w.secretRef, apiKey);
        if (!deps.demoSecrets) await deps.secrets.set(w.secretRef, apiKey);
        if (w.baseUrl !== baseUrl) store.workspaces.update(w.id, { baseUrl, updatedAt: now().getTime() });
      }
    },
    close() {
      for (const u of unsubscribers.splice(0)) u();
      listeners.clear();
    },
  };
}

/** Every channel the service implements (the drift test compares this with the contract). */
export function implementedChannels(service: Service): string[] {
  return Object.keys(service.handlers);
}

export { channelNames };
