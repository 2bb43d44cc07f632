import { setMaxListeners } from 'node:events';
import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../../shared/errors';
import { redactValue, type Logger } from '../log';
import { isTooDeep, type StagedItem, type Store } from '../store';
import { estimateEta, type ChildProgress } from './eta';
import { toStagedItem } from './extract';
import type { SourceEvent, SourceItem, SourceResource, SyncSourceFactory } from './source';
import {
  totalledFigures,
  type Checkpoint,
  type ResourceFigures,
  type RunStatus,
  type SyncProgressEvent,
  type SyncResult,
  type SyncTrigger,
} from './types';

export type RunContext = {
  store: Store;
  logger: Logger;
  now: () => number;
  sourceFactory: SyncSourceFactory;
  workspaceId: string;
  baseUrl: string;
  timeScale: number;
  runId: number;
  requestId: string;
  trigger: SyncTrigger;
  startedAt: number;
  /** the key, already read from the SecretStore (or the auth error reading it) */
  apiKey: string | AppError;
  /** the checkpoint being resumed, if any */
  resume: { runId: number; checkpoint: Checkpoint } | null;
  onlyResources?: string[];
  deadlineMs?: number;
  /** user cancel */
  signal: AbortSignal;
  onProgress: (p: SyncProgressEvent) => void;
  /** how many children listings of one resource run at once */
  childConcurrency?: number;
};

type Stop = { kind: 'auth'; error: ErrorEnvelope } | { kind: 'cancel' } | { kind: 'deadline' };

const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * An error envelope as stored with a run: through the same redaction as a log line, because a server's error text
 * or a serialised request can carry what looks like a key, and the database outlives any log.
 */
function storedEnvelope(e: ErrorEnvelope): string {
  return JSON.stringify(redactValue(e));
}

/** CPU time one turn of the event loop may spend hashing items before it lets timers and I/O run */
const HASH_SLICE_MS = 8;
/** bytes of item JSON staged in one transaction */
const STAGE_SLICE_BYTES = 256 * 1024;

/** `xs.map(fn)` in slices of about HASH_SLICE_MS, yielding to the event loop between them. */
async function mapSliced<T, U>(xs: readonly T[], fn: (x: T) => U): Promise<U[]> {
  const out: U[] = [];
  let t0 = performance.now();
  for (const x of xs) {
    out.push(fn(x));
    if (performance.now() - t0 > HASH_SLICE_MS) {
      await yieldToLoop();
      t0 = performance.now();
    }
  }
  return out;
}

/** Consecutive slices of at most `maxBytes` of JSON each (one item per slice at least); one empty slice for none. */
export function sliceByBytes(items: StagedItem[], maxBytes: number): StagedItem[][] {
  const slices: StagedItem[][] = [];
  let current: StagedItem[] = [];
  let bytes = 0;
  for (const it of items) {
    const size = it.attributesJson.length + it.relationshipsJson.length;
    if (current.length && bytes + size > maxBytes) {
      slices.push(current);
      current = [];
      bytes = 0;
    }
    current.push(it);
    bytes += size;
  }
  slices.push(current);
  return slices;
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
 * Runs one sync to its end and returns its result. Items are staged page by page and reach the inventory only
 * after the listing phase, and only when the run did not end in failed_auth or cancelled — so an auth failure
 * at any moment leaves the inventory exactly as it was. The merge runs in short transactions with yields.
 */
export async function executeRun(ctx: RunContext): Promise<SyncResult> {
  const { store, runId, requestId, workspaceId } = ctx;
  const log = ctx.logger.child({ requestId, workspaceId, runId });
  const chain = [...(ctx.resume?.checkpoint.chain ?? []), runId];
  const priorChain = chain.slice(0, -1);
  const counts = store.inventory.counts(workspaceId);
  const figures = new Map<string, ResourceFigures>();
  const internal = new AbortController();
  // every in-flight request listens on this signal (child listings and detail calls run side by side)
  setMaxListeners(0, internal.signal);
  let stop = null as Stop | null;
  let deadlineTimer: NodeJS.Timeout | undefined;
  let phase: SyncProgressEvent['phase'] = 'listing';
  let current: string | null = null;
  let throttledWaits = 0;
  let resources: SourceResource[] = [];
  /** per child resource: parent ids its `qualifies` filter rules out */
  const skippedParents = new Map<string, Set<string>>();
  /** per child resource: how far its listing under the parents is (for the ETA) */
  const childProgress = new Map<string, () => ChildProgress>();
  /**
   * Parent ids streamed to child listings as the parent's pages are staged, so children start with the first
   * parent page instead of after the whole parent listing (the parent and child operations have separate limits).
   */
  type Feed = { ids: string[]; closed: boolean; waiters: (() => void)[] };
  const feeds = new Map<string, Feed>();
  const wakeAll = (fd: Feed) => {
    for (const w of fd.waiters.splice(0)) w();
  };
  const feedPush = (feedKey: string, ids: string[]) => {
    const fd = feeds.get(feedKey);
    if (!fd) return;
    fd.ids.push(...ids);
    wakeAll(fd);
  };
  const feedClose = (feedKey: string) => {
    const fd = feeds.get(feedKey);
    if (!fd) return;
    fd.closed = true;
    wakeAll(fd);
  };

  // read through a function: TypeScript narrows `stop` to null inside closures after an early check
  const stopReason = (): Stop | null => stop;
  const halt = (s: Stop) => {
    if (!stop || (s.kind === 'auth' && stop.kind !== 'auth')) stop = s;
    for (const fd of feeds.values()) wakeAll(fd);
    if (!internal.signal.aborted)
      internal.abort(new AppError(s.kind === 'auth' ? 'auth' : s.kind === 'cancel' ? 'cancelled' : 'timeout', s.kind));
  };
  /** per resource: items that cannot be stored (nested too deep); the run names them, the rest is stored */
  const unstored = new Map<string, { id: string; message: string }[]>();
  const staged = (resource: string, it: SourceItem, c: Parameters<typeof toStagedItem>[2]): StagedItem[] => {
    try {
      return [toStagedItem(resource, it, c)];
    } catch (err) {
      if (!isTooDeep(err)) throw err;
      const list = unstored.get(resource) ?? [];
      unstored.set(resource, [...list, { id: it.id, message: err.message }]);
      log.warn('sync.item_unstored', { resource, id: it.id, error: err.message });
      return [];
    }
  };
  const onCancel = () => halt({ kind: 'cancel' });
  if (ctx.signal.aborted) onCancel();
  else ctx.signal.addEventListener('abort', onCancel, { once: true });
  if (ctx.deadlineMs !== undefined) {
    deadlineTimer = setTimeout(
      () => halt({ kind: 'deadline' }),
      Math.max(0, ctx.deadlineMs - (ctx.now() - ctx.startedAt)),
    );
  }

  // Progress is throttled: a page every few ms would otherwise flood the IPC channel.
  let lastEmit = 0;
  const emit = (force = false) => {
    const t = Date.now();
    if (!force && t - lastEmit < 200) return;
    lastEmit = t;
    const list = [...figures.values()];
    ctx.onProgress({
      workspaceId,
      runId,
      requestId,
      trigger: ctx.trigger,
      startedAt: ctx.startedAt,
      phase,
      current,
      resources: list.map((f) => ({ ...f, missingScopes: [...f.missingScopes] })),
      requests: list.reduce((a, f) => a + f.requests, 0),
      throttledWaits,
      itemsSeen: list.reduce((a, f) => a + f.itemsSeen, 0),
      etaMs: estimateEta(resources, figures, phase, new Map([...childProgress].map(([k, read]) => [k, read()]))),
    });
  };

  const persist = (f: ResourceFigures) => {
    store.runs.upsertResource({
      runId,
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
      throttled: f.throttled,
      throttledMs: Math.round(f.throttledMs),
      durationMs: Math.round(f.durationMs),
      startedAt: f.startedAt,
      finishedAt: f.finishedAt,
      missingScopesJson: JSON.stringify(f.missingScopes),
      errorJson: f.error ? storedEnvelope(f.error) : null,
      cursor: f.cursor,
    });
  };

  const onEvent = (e: SourceEvent) => {
    const f = figures.get(e.resource);
    if (!f) return;
    if (e.type === 'request') {
      f.requests++;
      if (e.status === 429) f.throttled++;
    } else {
      f.throttledMs += e.waitMs;
      throttledWaits++;
    }
  };

  log.info('sync.start', { trigger: ctx.trigger, resumedFromRunId: ctx.resume?.runId ?? null });

  let finalError: ErrorEnvelope | null = null;
  try {
    if (ctx.apiKey instanceof AppError) {
      ctx.apiKey.requestId ||= requestId;
      halt({ kind: 'auth', error: toErrorEnvelope(ctx.apiKey, requestId) });
    } else {
      const source = await ctx.sourceFactory({
        baseUrl: ctx.baseUrl,
        timeScale: ctx.timeScale,
        apiKey: ctx.apiKey,
        requestId,
        signal: internal.signal,
        onEvent,
      });
      resources = source.resources.filter((r) => !ctx.onlyResources || ctx.onlyResources.includes(r.key));
      for (const r of resources) figures.set(r.key, newFigures(r.key, counts[r.key] ?? null));
      emit(true);
      await listAll();
    }
  } catch (err) {
    // an unexpected failure of the engine itself: nothing is merged, the run ends partial with the envelope
    finalError = toErrorEnvelope(err, requestId);
    log.error('sync.internal_error', { error: finalError });
    if (!stop) halt({ kind: 'deadline' });
  } finally {
    if (deadlineTimer) clearTimeout(deadlineTimer);
    ctx.signal.removeEventListener('abort', onCancel);
  }

  async function listAll(): Promise<void> {
    const done = new Map<string, Promise<void>>();
    const byKey = new Map(resources.map((r) => [r.key, r]));
    for (const r of resources) {
      if (r.parent && byKey.has(r.parent) && !r.derived)
        feeds.set(`${r.parent}>${r.key}`, { ids: [], closed: false, waiters: [] });
    }
    const runOne = async (r: SourceResource): Promise<void> => {
      if (r.parent && byKey.has(r.parent) && r.derived) await done.get(r.parent);
      try {
        await listResource(r);
      } finally {
        for (const k of feeds.keys()) if (k.startsWith(`${r.key}>`)) feedClose(k);
      }
    };
    // Resources run side by side: each has its own operation and rate limit, so the slowest one sets the pace.
    for (const r of resources) done.set(r.key, runOne(r));
    await Promise.all(done.values());
  }

  async function listResource(r: SourceResource): Promise<void> {
    const f = figures.get(r.key)!;
    const prev = ctx.resume?.checkpoint.resources[r.key];
    const parentFig = r.parent ? figures.get(r.parent) : undefined;
    if (prev?.complete) {
      f.status = 'skipped';
      f.complete = true;
      f.note = 'resumed';
      persist(f);
      return;
    }
    if (stop) {
      f.status = stop.kind === 'cancel' ? 'cancelled' : 'skipped';
      if (stop.kind === 'deadline') f.error = deadlineError();
      persist(f);
      return;
    }
    if (r.derived && parentFig && (parentFig.status === 'forbidden' || parentFig.status === 'failed')) {
      f.status = parentFig.status;
      f.missingScopes = [...parentFig.missingScopes];
      f.error = parentFig.error;
      persist(f);
      return;
    }
    if (r.derived) {
      // listed together with the parent: complete exactly when the parent is
      f.status = parentFig?.complete ? 'ok' : parentFig?.status === 'cancelled' ? 'cancelled' : 'partial';
      f.complete = !!parentFig?.complete;
      f.note = parentFig?.note ?? null;
      f.error = f.complete ? null : (parentFig?.error ?? null);
      f.finishedAt = ctx.now();
      persist(f);
      return;
    }
    f.status = 'running';
    f.startedAt = ctx.now();
    current = r.key;
    persist(f);
    const t0 = Date.now();
    let complete = false;
    try {
      if (!r.parent) {
        const cursor = r.resumable && prev?.cursor ? prev.cursor : null;
        if (cursor) {
          f.note = 'resumed from cursor';
          f.cursor = cursor;
        }
        await consume(r, f, { cursor });
        complete = true;
      } else {
        complete = await listChildren(r, f, parentFig);
      }
      f.status = complete ? 'ok' : 'partial';
      if (!complete && parentFig && (parentFig.status === 'forbidden' || parentFig.status === 'failed')) {
        // nothing to list under a parent the key cannot read: the child inherits the parent's reason
        f.status = parentFig.status;
        f.missingScopes = [...parentFig.missingScopes];
        f.error = parentFig.error;
      }
    } catch (err) {
      const env = toErrorEnvelope(err, requestId);
      if (env.code === 'auth') {
        halt({ kind: 'auth', error: env });
        f.status = 'failed';
        f.error = env;
      } else if (stopReason() && internal.signal.aborted) {
        f.status = stopReason()!.kind === 'cancel' ? 'cancelled' : 'partial';
        if (stopReason()!.kind === 'deadline') f.error = deadlineError();
      } else if (env.code === 'forbidden') {
        f.status = 'forbidden';
        const missing = (env.details.missingScopes as string[] | undefined) ?? [];
        f.missingScopes = missing.length ? missing : r.scopes;
        f.error = env;
      } else {
        f.status = f.pages > 0 ? 'partial' : 'failed';
        f.error = env;
      }
      log.warn('sync.resource_stopped', { resource: r.key, status: f.status, error: f.error });
    }
    f.complete = complete;
    f.finishedAt = ctx.now();
    f.durationMs = Date.now() - t0;
    persist(f);
    emit(true);
  }

  function deadlineError(): ErrorEnvelope {
    return {
      code: 'timeout',
      message: `The sync reached its deadline of ${Math.round((ctx.deadlineMs ?? 0) / 1000)} s before this resource finished.`,
      details: { deadlineMs: ctx.deadlineMs },
      requestId,
    };
  }

  /** lists one listing (top level, or the children of one parent) into the stage */
  async function consume(
    r: SourceResource,
    f: ResourceFigures,
    opts: { cursor: string | null; parentId?: string },
  ): Promise<void> {
    const parentType = r.parent ? resources.find((x) => x.key === r.parent)?.type : undefined;
    let pending: { items: StagedItem[]; next: string | null } | null = null;
    for await (const page of r.list({ parentId: opts.parentId, cursor: opts.cursor, signal: internal.signal })) {
      if (internal.signal.aborted) break;
      const items = (
        await mapSliced(page.items, (it) =>
          staged(r.key, it, { parentType, parentId: opts.parentId, partition: page.partition }),
        )
      ).flat();
      // children listed only under some parents (`qualifies`): remember which of this page's parents do not
      for (const child of resources) {
        if (child.parent !== r.key || !child.qualifies) continue;
        let set = skippedParents.get(child.key);
        if (!set) skippedParents.set(child.key, (set = new Set()));
        for (const it of page.items) if (!child.qualifies(it)) set.add(it.id);
      }
      const childPages: { cf: ResourceFigures; resource: string; staged: StagedItem[] }[] = [];
      for (const c of page.children ?? []) {
        const cf = figures.get(c.resource);
        if (!cf) continue;
        const pairs = c.groups.flatMap((g) => g.items.map((it) => [g.parentId, it] as const));
        const rows = (
          await mapSliced(pairs, ([parentId, it]) => staged(c.resource, it, { parentType: c.parentType, parentId }))
        ).flat();
        childPages.push({ cf, resource: c.resource, staged: rows });
      }
      // Hashing a page and writing it are separate turns of the event loop, not one long one. Nothing of the page
      // is written before this point, so an abort here leaves no half page behind.
      await yieldToLoop();
      if (internal.signal.aborted) break;
      for (const c of childPages) {
        if (!(await stage(c.resource, c.staged, undefined, (n) => (c.cf.itemsSeen += n)))) break;
      }
      if (internal.signal.aborted) break;
      // A child listing's last page is written together with the "parent done" mark.
      if (pending && !(await flush(pending, false))) break;
      pending = { items, next: page.next };
      if (!r.parent) {
        if (!(await flush(pending, false))) break;
        pending = null;
      }
      emit();
    }
    if (internal.signal.aborted) throw internal.signal.reason;
    if (r.parent && !(await flush(pending ?? { items: [], next: null }, true))) throw internal.signal.reason;

    /** stages one page; false when the run was stopped part way (the page's cursor is then not advanced) */
    async function flush(p: { items: StagedItem[]; next: string | null }, last: boolean): Promise<boolean> {
      const parentDone = last && opts.parentId ? opts.parentId : undefined;
      if (!(await stage(r.key, p.items, parentDone, (n) => (f.itemsSeen += n)))) return false;
      f.pages++;
      // staged: these items' own children can be listed now
      const ids = p.items.map((it) => it.klaviyoId);
      for (const k of feeds.keys()) if (k.startsWith(`${r.key}>`)) feedPush(k, ids);
      if (!r.parent) {
        f.cursor = p.next;
        persist(f);
      }
      return true;
    }
  }

  /**
   * Writes staged items in slices of at most STAGE_SLICE_BYTES with a yield between them: a page of 100 templates
   * with their HTML is megabytes, one transaction of it holds the event loop for tens of milliseconds. The "parent
   * done" mark goes with the last slice. False when the run was stopped between slices.
   */
  async function stage(
    resource: string,
    items: StagedItem[],
    parentDone: string | undefined,
    onStaged: (n: number) => void,
  ): Promise<boolean> {
    const slices = sliceByBytes(items, STAGE_SLICE_BYTES);
    for (let i = 0; i < slices.length; i++) {
      if (i > 0) {
        await yieldToLoop();
        if (internal.signal.aborted) return false;
      }
      const slice = slices[i]!;
      store.inventory.stagePage(runId, resource, slice, i === slices.length - 1 && parentDone ? { parentDone } : {});
      onStaged(slice.length);
    }
    return true;
  }

  async function listChildren(
    r: SourceResource,
    f: ResourceFigures,
    parentFig: ResourceFigures | undefined,
  ): Promise<boolean> {
    const parentRes = resources.find((x) => x.key === r.parent);
    const feed: Feed = feeds.get(`${r.parent}>${r.key}`) ?? { ids: [], closed: true, waiters: [] };
    const doneBefore = store.inventory.doneParents(priorChain, r.key);
    const queued = new Set<string>();
    let considered = 0;
    let skippedBefore = 0;
    let chainLoaded = false;
    const fromStage = new Set<string>();
    const qualifies = (id: string): boolean => {
      if (!r.qualifies) return true;
      if ((skippedParents.get(r.key) ?? new Set<string>()).has(id)) return false;
      if (fromStage.has(id)) return true;
      // a parent from an earlier run of the chain: read it back from the inventory
      const row = store.inventory.get(workspaceId, r.parent!, id);
      return (
        !row ||
        r.qualifies({ type: parentRes?.type ?? '', id, attributes: row.attributes, relationships: row.relationships })
      );
    };
    // next parent to list: from the live feed, then (once the parent is done) those of resumed runs
    const next = async (): Promise<string | null> => {
      for (;;) {
        if (internal.signal.aborted) return null;
        const id = feed.ids.shift();
        if (id !== undefined) {
          if (!chainLoaded) fromStage.add(id);
          if (queued.has(id)) continue;
          queued.add(id);
          considered++;
          if (doneBefore.has(id)) {
            skippedBefore++;
            continue;
          }
          if (!qualifies(id)) continue;
          return id;
        }
        if (feed.closed) {
          if (!chainLoaded) {
            chainLoaded = true;
            // parents listed by the runs this one resumes are in the inventory already, not in this run's stage
            if (parentFig?.note?.startsWith('resumed') && parentRes) {
              feed.ids.push(...store.inventory.idsSeenBy(workspaceId, r.parent!, priorChain));
              continue;
            }
          }
          return null;
        }
        await new Promise<void>((resolve) => feed.waiters.push(resolve));
      }
    };
    let inFlight = 0;
    let listed = 0;
    childProgress.set(r.key, () => {
      const skipped = skippedParents.get(r.key);
      const waiting = feed.ids.filter((id) => !queued.has(id) && !doneBefore.has(id) && !skipped?.has(id)).length;
      return { remainingParents: waiting + inFlight, listedParents: listed };
    });
    const worker = async () => {
      for (let parentId = await next(); parentId !== null; parentId = await next()) {
        inFlight++;
        try {
          await consume(r, f, { cursor: null, parentId });
          listed++;
        } catch (err) {
          // a parent deleted while we list is not a failure of the resource
          if (err instanceof AppError && err.code === 'not_found') continue;
          throw err;
        } finally {
          inFlight--;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, ctx.childConcurrency ?? 8) }, worker));
    if (internal.signal.aborted) throw internal.signal.reason;
    if (skippedBefore || parentFig?.note?.startsWith('resumed')) {
      f.note = `resumed: ${skippedBefore} of ${considered} parents done before`;
    }
    return !!parentFig?.complete;
  }

  // ---- decide the status, then merge (or not) -------------------------------------------------------------
  const list = [...figures.values()];
  for (const f of list) {
    const items = unstored.get(f.resource);
    if (!items) continue;
    // the listing finished and the rest of the resource is stored; only the named items are missing
    if (f.status === 'ok') f.status = 'partial';
    f.error ??= {
      code: 'malformed_response',
      message: `${items.length} ${f.resource} item(s) could not be stored: ${items.map((x) => x.id).join(', ')}.`,
      details: { unstoredItems: items.map((x) => ({ resource: f.resource, ...x })) },
      requestId,
    };
  }
  let status: RunStatus;
  const stopped = stop as Stop | null;
  if (stopped?.kind === 'auth') status = 'failed_auth';
  else if (stopped?.kind === 'cancel') status = 'cancelled';
  else if (!finalError && list.every((f) => f.complete) && !unstored.size) status = 'ok';
  else status = 'partial_or_timeout';

  if (status === 'failed_auth') {
    finalError = stopped?.kind === 'auth' ? stopped.error : finalError;
  } else if (status === 'cancelled') {
    finalError = { code: 'cancelled', message: 'The sync was cancelled.', details: {}, requestId };
  } else if (status === 'partial_or_timeout' && !finalError) {
    const firstBad = list.find((f) => f.error && !f.complete) ?? list.find((f) => f.error);
    finalError =
      stopped?.kind === 'deadline'
        ? deadlineError()
        : (firstBad?.error ?? {
            code: 'internal',
            message: 'Some resources did not complete.',
            details: {},
            requestId,
          });
    finalError = {
      ...finalError,
      requestId,
      details: {
        ...finalError.details,
        incomplete: list.filter((f) => !f.complete).map((f) => f.resource),
        unstoredItems: [...unstored].flatMap(([resource, items]) => items.map((x) => ({ resource, ...x }))),
      },
    };
  }

  if (status === 'ok' || status === 'partial_or_timeout') {
    phase = 'merging';
    emit(true);
    for (const f of list) {
      if (f.note === 'resumed') continue;
      current = f.resource;
      const c = await store.inventory.mergeStaged(workspaceId, runId, f.resource, { yieldFn: yieldToLoop });
      f.itemsAdded = c.added;
      f.itemsChanged = c.changed;
      f.itemsUnchanged = c.unchanged;
      // Removal is inferred only from a complete listing (this run plus the runs it resumed) that stored every item.
      if (f.complete && !unstored.has(f.resource)) {
        const seenBy = f.note?.startsWith('resumed') ? chain : [runId];
        f.itemsRemoved = store.inventory.markRemoved(workspaceId, [f.resource], seenBy, runId, ctx.now());
      }
      persist(f);
      await yieldToLoop();
    }
  } else {
    for (const f of list) {
      if (f.status === 'running' || f.status === 'pending') f.status = status === 'cancelled' ? 'cancelled' : 'failed';
      persist(f);
    }
  }
  if (status === 'partial_or_timeout') store.inventory.persistProgress(runId);
  store.inventory.dropStage(runId);
  phase = 'done';

  const checkpoint: Checkpoint | null =
    status === 'partial_or_timeout'
      ? {
          version: 1,
          chain,
          resources: Object.fromEntries(
            list.map((f) => [
              f.resource,
              { complete: f.complete, cursor: f.complete ? null : f.cursor, listed: f.pages > 0 },
            ]),
          ),
        }
      : null;
  const finishedAt = ctx.now();
  // throttledMs is summed from fractional waits; the other figures are counts already
  const totals = Object.fromEntries(totalledFigures.map((k) => [k, Math.round(sum(list, k))])) as SyncResult['totals'];
  // items seen are kept per resource only
  const { itemsSeen: _itemsSeen, ...runTotals } = totals;
  store.runs.update(runId, {
    status,
    finishedAt,
    errorJson: finalError ? storedEnvelope(finalError) : null,
    checkpointJson: checkpoint ? JSON.stringify(checkpoint) : null,
    ...runTotals,
  });
  // A finished chain will not be resumed again: its per-parent progress can go.
  if (status !== 'partial_or_timeout') store.inventory.dropProgress(chain);
  emit(true);
  log.info('sync.end', {
    status,
    durationMs: finishedAt - ctx.startedAt,
    totals,
    resources: Object.fromEntries(list.map((f) => [f.resource, f.status])),
    ...(finalError ? { error: finalError } : {}),
  });
  return {
    workspaceId,
    runId,
    requestId,
    trigger: ctx.trigger,
    status,
    startedAt: ctx.startedAt,
    finishedAt,
    error: finalError,
    resumedFromRunId: ctx.resume?.runId ?? null,
    resources: list,
    totals,
  };
}

function sum(list: ResourceFigures[], k: keyof ResourceFigures): number {
  return list.reduce((a, f) => a + (f[k] as number), 0);
}
