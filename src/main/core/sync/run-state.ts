import { setMaxListeners } from 'node:events';
import { AppError, type ErrorEnvelope } from '../../../shared/errors';
import { redactValue, type Logger } from '../log';
import { isTooDeep, type StagedItem, type Store } from '../store';
import { estimateEta, type ChildProgress } from './eta';
import { ParentFeeds } from './feeds';
import { toStagedItem } from './extract';
import type { SourceEvent, SourceItem, SourceResource, SyncSourceFactory } from './source';
import type { Checkpoint, ResourceFigures, ResourcePlan, SyncProgressEvent, SyncTrigger } from './types';

/** one claimed run as plain data: what the manager hands to wherever the run executes (the sync worker) */
export type RunArgs = {
  workspaceId: string;
  baseUrl: string;
  /** who serves the workspace, as error messages name it (Klaviyo, or the app's demo simulator) */
  server: string;
  timeScale: number;
  runId: number;
  requestId: string;
  trigger: SyncTrigger;
  startedAt: number;
  /** the checkpoint being resumed, if any */
  resume: { runId: number; checkpoint: Checkpoint } | null;
  onlyResources?: string[];
  deadlineMs?: number;
  /** how many children listings of one resource run at once */
  childConcurrency?: number;
  /** list from each resource's cursor minus this lookback where it can (absent: a full sync) */
  incremental?: { lookbackMs: number };
};

export type RunContext = RunArgs & {
  store: Store;
  logger: Logger;
  now: () => number;
  sourceFactory: SyncSourceFactory;
  /** the key, already read from the SecretStore (or the auth error reading it) */
  apiKey: string | AppError;
  /** user cancel */
  signal: AbortSignal;
  onProgress: (p: SyncProgressEvent) => void;
};

/** why a run stops before its listings end; an auth failure outranks the others */
export type Stop = { kind: 'auth'; error: ErrorEnvelope } | { kind: 'cancel' } | { kind: 'deadline' };

export const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * An error envelope as stored with a run: through the same redaction as a log line, because a server's error text
 * or a serialised request can carry what looks like a key, and the database outlives any log.
 */
export function storedEnvelope(e: ErrorEnvelope): string {
  return JSON.stringify(redactValue(e));
}

/** the figures of a resource before its listing starts */
export function newFigures(resource: string, expectedItems: number | null): ResourceFigures {
  return {
    resource,
    status: 'pending',
    complete: false,
    note: null,
    pages: 0,
    itemsSeen: 0,
    itemsAdded: 0,
    itemsChanged: 0,
    itemsUnchanged: 0,
    itemsRemoved: 0,
    requests: 0,
    requestsByOperation: {},
    throttled: 0,
    throttledMs: 0,
    durationMs: 0,
    startedAt: null,
    finishedAt: null,
    missingScopes: [],
    error: null,
    cursor: null,
    expectedItems,
  };
}

/**
 * What one run knows while it runs: its resources and their figures, why it stops (if it does), the feeds from
 * parents to child listings, and how it reports progress and persists each resource's row.
 */
export class RunState {
  readonly log: Logger;
  /** this run and the runs it resumes, oldest first */
  readonly chain: number[];
  readonly priorChain: number[];
  readonly figures = new Map<string, ResourceFigures>();
  resources: SourceResource[] = [];
  readonly feeds = new ParentFeeds();
  /** per child resource: parent ids its `qualifies` filter rules out */
  readonly skippedParents = new Map<string, Set<string>>();
  /** per child resource: how far its listing under the parents is (for the ETA) */
  readonly childProgress = new Map<string, () => ChildProgress>();
  /** resources listed incrementally, and how (the others are listed whole) */
  plan = new Map<string, ResourcePlan>();
  /** per resource: items that cannot be stored (nested too deep); the run names them, the rest is stored */
  readonly unstored = new Map<string, { id: string; message: string }[]>();
  phase: SyncProgressEvent['phase'] = 'listing';
  current: string | null = null;
  private throttledWaits = 0;
  private stop: Stop | null = null;
  private readonly internal = new AbortController();
  private lastEmit = 0;

  constructor(readonly ctx: RunContext) {
    this.log = ctx.logger.child({ requestId: ctx.requestId, workspaceId: ctx.workspaceId, runId: ctx.runId });
    this.chain = [...(ctx.resume?.checkpoint.chain ?? []), ctx.runId];
    this.priorChain = this.chain.slice(0, -1);
    // every in-flight request listens on this signal (child listings and detail calls run side by side)
    setMaxListeners(0, this.internal.signal);
  }

  /** aborted when the run stops (auth, cancel, deadline): every request of the run listens to it */
  get signal(): AbortSignal {
    return this.internal.signal;
  }

  get stopped(): Stop | null {
    return this.stop;
  }

  halt(s: Stop): void {
    if (!this.stop || (s.kind === 'auth' && this.stop.kind !== 'auth')) this.stop = s;
    this.feeds.wakeAll();
    if (!this.internal.signal.aborted) {
      const code = s.kind === 'auth' ? 'auth' : s.kind === 'cancel' ? 'cancelled' : 'timeout';
      this.internal.abort(new AppError(code, s.kind));
    }
  }

  /** progress, throttled: a page every few ms would otherwise flood the IPC channel */
  emit(force = false): void {
    const t = Date.now();
    if (!force && t - this.lastEmit < 200) return;
    this.lastEmit = t;
    const { ctx } = this;
    const list = [...this.figures.values()];
    const children = new Map([...this.childProgress].map(([k, read]) => [k, read()]));
    ctx.onProgress({
      workspaceId: ctx.workspaceId,
      runId: ctx.runId,
      requestId: ctx.requestId,
      trigger: ctx.trigger,
      startedAt: ctx.startedAt,
      phase: this.phase,
      current: this.current,
      resources: list.map((f) => ({ ...f, missingScopes: [...f.missingScopes] })),
      requests: list.reduce((a, f) => a + f.requests, 0),
      throttledWaits: this.throttledWaits,
      itemsSeen: list.reduce((a, f) => a + f.itemsSeen, 0),
      etaMs: estimateEta(this.resources, this.figures, this.phase, children),
    });
  }

  /** writes a resource's figures to its row of the run */
  persist(f: ResourceFigures): void {
    this.ctx.store.runs.upsertResource({
      runId: this.ctx.runId,
      resource: f.resource,
      status: f.status === 'pending' ? 'running' : f.status,
      complete: f.complete,
      note: f.note,
      pages: f.pages,
      itemsSeen: f.itemsSeen,
      itemsAdded: f.itemsAdded,
      itemsChanged: f.itemsChanged,
      itemsUnchanged: f.itemsUnchanged,
      itemsRemoved: f.itemsRemoved,
      requests: f.requests,
      requestsByOperationJson: JSON.stringify(f.requestsByOperation),
      throttled: f.throttled,
      throttledMs: Math.round(f.throttledMs),
      durationMs: Math.round(f.durationMs),
      startedAt: f.startedAt,
      finishedAt: f.finishedAt,
      missingScopesJson: JSON.stringify(f.missingScopes),
      errorJson: f.error ? storedEnvelope(f.error) : null,
      cursor: f.cursor,
    });
  }

  /** the source's request counters, per resource */
  readonly onEvent = (e: SourceEvent): void => {
    const f = this.figures.get(e.resource);
    if (!f) return;
    if (e.type === 'request') {
      f.requests++;
      f.requestsByOperation[e.operationId] = (f.requestsByOperation[e.operationId] ?? 0) + 1;
      if (e.status === 429) f.throttled++;
    } else if (e.type === 'listed') {
      // a first sync learns the count here; one that knows the previous sync's keeps it
      f.expectedItems ??= f.itemsSeen + e.items;
    } else {
      f.throttledMs += e.waitMs;
      this.throttledWaits++;
    }
  };

  /** one served item as a stage row; none (and the item named in the run) when it cannot be stored */
  staged(resource: string, it: SourceItem, c: Parameters<typeof toStagedItem>[2]): StagedItem[] {
    try {
      return [toStagedItem(resource, it, c)];
    } catch (err) {
      if (!isTooDeep(err)) throw err;
      const list = this.unstored.get(resource) ?? [];
      this.unstored.set(resource, [...list, { id: it.id, message: err.message }]);
      this.log.warn('sync.item_unstored', { resource, id: it.id, error: err.message });
      return [];
    }
  }

  deadlineError(): ErrorEnvelope {
    const { deadlineMs, requestId } = this.ctx;
    return {
      code: 'timeout',
      message: `The sync reached its deadline of ${Math.round((deadlineMs ?? 0) / 1000)} s before this resource finished.`,
      details: { deadlineMs },
      requestId,
    };
  }
}
