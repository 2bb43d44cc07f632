import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { FlushResult, OutboxProgress } from '../../../shared/contract/outbox';
import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../../shared/errors';
import { recordPushSnapshots } from '../history';
import { backoffDelay, type KlaviyoClient } from '../klaviyo';
import type { OutboxItemRow, Store, SyncRunRow } from '../store';
import { classifyFailure } from './failures';
import { desiredValue, parseItem, RESOURCE_OF, type ParsedItem } from './model';
import { fieldKey, planWaves, runPool, type Batch } from './plan';
import {
  creationOps,
  flowActionOps,
  remoteOps,
  type Answer,
  type CreationOps,
  type FlowActionOps,
  type RemoteOps,
} from './remote';
import { decideConflict } from './conflict';
import { sendImport } from './import-send';
import { CREATION_CAPS, type CreationKind } from './caps';

export type FlushTrigger = SyncRunRow['trigger'];

export type FlushSettings = {
  store: Store;
  now: () => number;
  /** a client for this workspace and run (its key read from the keychain); throws `auth` when there is no key */
  client: (workspaceId: string, requestId: string) => Promise<{ client: KlaviyoClient; timeScale: number }>;
  /** sends per item before it is marked failed (default 5) */
  maxAttempts?: number;
  /** first backoff step of an item's retry, ms before time scaling (default 2000), capped at backoffMaxMs (60 000) */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  random?: () => number;
  onChanged?: (workspaceId: string) => void;
  /** after every batch or item sent: what this run has settled and what is still queued */
  onProgress?: (p: OutboxProgress) => void;
};

/** flushes running in this process, by push run id: a live claim of their workspace */
const activeRuns = new Set<number>();

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

type Stop = { blocked: 'paused' | 'offline'; error: ErrorEnvelope };

type Tally = { requests: number; done: number; rejected: number; failed: number; conflicts: number };

/**
 * Claims the workspace's queue for one flush in one write transaction: a flush of a live process (this one or
 * another) keeps it; a push run left `running` by a dead process is closed as interrupted (its `sending` items
 * are reconciled by this flush). Null when another flush holds it.
 */
function claim(store: Store, workspaceId: string, trigger: FlushTrigger, now: number, requestId: string) {
  return store.transaction(() => {
    for (const r of store.runs.running(workspaceId, 'push')) {
      const mine = r.ownerHost === os.hostname() && r.ownerPid === process.pid;
      const alive =
        r.ownerPid !== null &&
        (r.ownerHost !== os.hostname() || (mine ? activeRuns.has(r.id) : processAlive(r.ownerPid)));
      if (alive) return null;
      store.runs.update(r.id, {
        status: 'partial_or_timeout',
        finishedAt: now,
        errorJson: JSON.stringify({
          code: 'internal',
          message: 'The push was interrupted: the process sending it ended before it finished.',
          details: { ownerPid: r.ownerPid, reason: 'interrupted' },
          requestId: r.requestId,
        }),
      });
    }
    if (!store.outbox.hasReady(workspaceId, now)) return { run: null };
    const run = store.runs.insert({
      requestId,
      workspaceId,
      trigger,
      direction: 'push',
      status: 'running',
      startedAt: now,
      ownerPid: process.pid,
      ownerHost: os.hostname(),
    });
    activeRuns.add(run.id);
    return { run };
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends a workspace's queue (PRODUCT D2–D5): in order per item, tag changes of the same tag batched up to 100 ids,
 * every item read back from Klaviyo before it is sent (so an item whose answer was lost — `sending` after a crash,
 * a timeout — is applied at most once), conflicts decided by last-write-wins, failures sorted into retry,
 * reject, pause (needs a new key) and offline. Every flush that sends anything is a push run.
 */
export async function flushWorkspace(
  s: FlushSettings,
  workspaceId: string,
  opts: { trigger: FlushTrigger; waitMs?: number; requestId?: string },
): Promise<FlushResult> {
  const { store } = s;
  const requestId = opts.requestId ?? randomUUID();
  const tally: Tally = { requests: 0, done: 0, rejected: 0, failed: 0, conflicts: 0 };
  const result = (blocked: FlushResult['blocked'], runId: number | null, error: ErrorEnvelope | null) => ({
    workspaceId,
    runId: runId === null ? null : String(runId),
    requestId,
    ...tally,
    pending: openCount(store, workspaceId),
    blocked,
    error,
  });
  const pause = store.outbox.paused(workspaceId);
  if (pause) return result('paused', null, JSON.parse(pause.errorJson) as ErrorEnvelope);

  const deadline = s.now() + (opts.waitMs ?? 0);
  const claimed = claim(store, workspaceId, opts.trigger, s.now(), requestId);
  if (!claimed) return result('busy', null, null);
  const run = claimed.run;
  if (!run) return result(store.outbox.nextAttemptAt(workspaceId) !== null ? 'retry_later' : null, null, null);

  let stop: Stop | null = null;
  let firstError: ErrorEnvelope | null = null;
  /** items whose push snapshot is written already: done items are recorded as they settle (see markDone) */
  const recorded = new Set<number>();
  try {
    let conn: { client: KlaviyoClient; timeScale: number };
    try {
      conn = await s.client(workspaceId, requestId);
    } catch (err) {
      const f = classifyFailure(err, requestId);
      stop = { blocked: f.kind === 'offline' ? 'offline' : 'paused', error: f.envelope };
      if (stop.blocked === 'paused') store.outbox.pause(workspaceId, s.now(), JSON.stringify(f.envelope));
      throw err;
    }
    const ctx: SendContext = {
      s,
      run,
      requestId,
      tally,
      remote: remoteOps(conn.client),
      creations: creationOps(conn.client),
      actions: flowActionOps(conn.client),
      client: conn.client,
      timeScale: conn.timeScale,
      links: new Map(),
      capsLeft: {},
      recorded,
    };
    for (;;) {
      stop = await sendReady(ctx, workspaceId);
      if (stop) break;
      const next = store.outbox.nextAttemptAt(workspaceId);
      if (next === null || next > deadline) break;
      await sleep(Math.max(0, next - s.now()));
    }
  } catch (err) {
    firstError ??= stop?.error ?? toErrorEnvelope(err, requestId);
  } finally {
    activeRuns.delete(run.id);
    const left = openCount(store, workspaceId);
    const heads = store.outbox.headsByRun(run.id);
    const error = stop?.error ?? firstError ?? firstItemError(heads);
    // the run's record in one transaction: thousands of items are one commit, not one each
    store.transaction(() => {
      store.runs.update(run.id, {
        status: stop?.blocked === 'paused' ? 'failed_auth' : left || stop ? 'partial_or_timeout' : 'ok',
        finishedAt: s.now(),
        errorJson: error ? JSON.stringify(error) : null,
        requests: tally.requests,
        itemsChanged: tally.done,
      });
      writeRunResources(store, run.id, heads, s.now());
      recordPushSnapshots(
        store,
        { workspaceId, runId: run.id, requestId, now: s.now() },
        heads.filter((h) => !recorded.has(h.id)),
      );
    });
    s.onChanged?.(workspaceId);
  }
  const blocked = stop?.blocked ?? (store.outbox.nextAttemptAt(workspaceId) !== null ? 'retry_later' : null);
  return result(blocked, run.id, stop?.error ?? firstError);
}

/** items still to send (pending or sending) */
function openCount(store: Store, workspaceId: string): number {
  return store.outbox
    .counts(workspaceId)
    .filter((c) => c.state === 'pending' || c.state === 'sending')
    .reduce((n, c) => n + c.n, 0);
}

/** the first error an item of this run ended with (rejected, failed) */
function firstItemError(rows: OutboxItemRow[]): ErrorEnvelope | null {
  const row = rows.find((r) => r.errorJson && r.state !== 'done');
  return row?.errorJson ? (JSON.parse(row.errorJson) as ErrorEnvelope) : null;
}

/** per target type: how many items the run applied, rejected, left */
function writeRunResources(store: Store, runId: number, rows: OutboxItemRow[], now: number): void {
  const byType = new Map<string, OutboxItemRow[]>();
  for (const r of rows) {
    const list = byType.get(r.targetType);
    if (list) list.push(r);
    else byType.set(r.targetType, [r]);
  }
  for (const [type, items] of byType) {
    const errors = items.filter((i) => i.errorJson && i.state !== 'done');
    store.runs.upsertResource({
      runId,
      resource: RESOURCE_OF[type as keyof typeof RESOURCE_OF] ?? type,
      status: errors.length ? (items.some((i) => i.state === 'done') ? 'partial' : 'failed') : 'ok',
      complete: items.every((i) => i.state === 'done'),
      itemsSeen: items.length,
      itemsChanged: items.filter((i) => i.state === 'done').length,
      finishedAt: now,
      errorJson: errors[0]?.errorJson ?? null,
    });
  }
}

type SendContext = {
  s: FlushSettings;
  run: SyncRunRow;
  requestId: string;
  tally: Tally;
  remote: RemoteOps;
  creations: CreationOps;
  actions: FlowActionOps;
  client: KlaviyoClient;
  timeScale: number;
  /**
   * What this flush knows of a tag it created itself, per `tagId|type`: the ids it has linked since. A tag made
   * moments ago carries nothing this flush did not link, so its batches need no read first; a failure of any
   * batch of the tag drops the knowledge (its answer may be lost) and later batches read again.
   */
  links: Map<string, Set<string>>;
  /**
   * per creation kind, what Klaviyo leaves of today's cap: read once per flush (one read shared by the batches
   * under way), then counted down as creations go
   */
  capsLeft: Partial<Record<CreationKind, Promise<{ left: number }>>>;
  /** ids of the items whose push snapshot this run has written */
  recorded: Set<number>;
};

/** batches under way at once: the limiter paces the requests; this bounds the batches (and payloads) held */
const CONCURRENT_BATCHES = 16;

/** one pass over the items that are ready now; a Stop when the queue must wait (paused, offline) */
async function sendReady(ctx: SendContext, workspaceId: string): Promise<Stop | null> {
  const { store } = ctx.s;
  const now = ctx.s.now();
  const items = store.outbox.ready(workspaceId, now).map(parseItem);
  // a field whose earlier item is waiting for a retry keeps its later items waiting too (per-field order)
  const waiting = new Set(store.outbox.waiting(workspaceId, now).map((r) => fieldKey(parseItem(r))));
  const tags = new Set(items.flatMap((it) => (it.kind === 'tag_add' || it.kind === 'tag_remove' ? [it.tag] : [])));
  try {
    await ctx.remote.lookupTags([...tags]);
  } catch {
    // each batch looks its tag up again, and its own failure is sorted out there
  }
  for (const wave of planWaves(items, waiting)) {
    const stop = await runPool(
      wave.map((b) => () => sendBatch(ctx, workspaceId, b, waiting)),
      CONCURRENT_BATCHES,
    );
    if (stop) return stop;
  }
  return null;
}

async function sendBatch(ctx: SendContext, workspaceId: string, batch: Batch, waiting: Set<string>) {
  // an earlier wave's failure may have put one of these fields on hold for a retry
  const items = batch.items.filter((it) => !waiting.has(fieldKey(it)));
  const first = items[0];
  if (!first) return null;
  const sent =
    batch.key !== null
      ? await sendTagBatch(ctx, items, waiting)
      : first.kind === 'flow_status' || first.kind === 'flow_action_status'
        ? await sendStatus(ctx, first, waiting)
        : first.kind === 'list_create' || first.kind === 'segment_create'
          ? await sendCreation(ctx, first, waiting)
          : await sendImport(ctx, first, { markSending, markDone, markFailed, waiting });
  return reported(ctx, workspaceId, sent);
}

/** tells the progress listener where the run is, then passes the send's outcome on */
function reported(ctx: SendContext, workspaceId: string, stop: Stop | null): Stop | null {
  if (ctx.s.onProgress) {
    const { done, rejected, failed, conflicts } = ctx.tally;
    ctx.s.onProgress({
      workspaceId,
      runId: String(ctx.run.id),
      settled: done + rejected + failed + conflicts,
      done,
      left: ctx.s.store.outbox
        .counts(workspaceId)
        .filter((c) => c.state === 'pending' || c.state === 'sending')
        .reduce((n, c) => n + c.n, 0),
    });
  }
  return stop;
}

/** `sending` is committed before anything leaves: a crash from here on is reconciled by the next flush */
function markSending(ctx: SendContext, items: ParsedItem[]): void {
  ctx.s.store.outbox.markSending(
    items.map((it) => it.row.id),
    { requestId: ctx.requestId, pushRunId: ctx.run.id, updatedAt: ctx.s.now() },
  );
}

/**
 * One statement for the batch (its items share Klaviyo's answer), and their push snapshots in the same
 * transaction: a done item does not change again in this run, and written now, while the flush mostly waits for
 * rate-limit windows, thousands of snapshots do not all fall on the run's end.
 */
function markDone(ctx: SendContext, items: ParsedItem[], answer: Answer): void {
  const { store } = ctx.s;
  const ids = items.map((it) => it.row.id);
  const now = ctx.s.now();
  store.transaction(() => {
    store.outbox.updateMany(ids, {
      state: 'done',
      errorJson: null,
      nextAttemptAt: null,
      resultJson: JSON.stringify(answer),
      updatedAt: now,
    });
    const run = { workspaceId: ctx.run.workspaceId, runId: ctx.run.id, requestId: ctx.requestId, now };
    recordPushSnapshots(store, run, store.outbox.headsByIds(ids));
  });
  for (const id of ids) ctx.recorded.add(id);
  ctx.tally.done += items.length;
}

/** a failure's effect on the items it hit; a Stop when the whole queue has to wait */
function markFailed(ctx: SendContext, items: ParsedItem[], err: unknown, waiting: Set<string>): Stop | null {
  const { s } = ctx;
  const now = s.now();
  const f = classifyFailure(err, ctx.requestId);
  const errorJson = JSON.stringify(f.envelope);
  s.store.transaction(() => {
    for (const it of items) {
      const attempts = it.row.attempts + 1;
      if (f.kind === 'reject') {
        s.store.outbox.update(it.row.id, { state: 'rejected', errorJson, nextAttemptAt: null, updatedAt: now });
      } else if (f.kind === 'reauth' || f.kind === 'offline') {
        // not the item's fault: no attempt is counted, it goes back to the queue as it was
        s.store.outbox.update(it.row.id, { state: 'pending', attempts: it.row.attempts, errorJson, updatedAt: now });
      } else if (attempts >= (s.maxAttempts ?? 5)) {
        s.store.outbox.update(it.row.id, { state: 'failed', errorJson, nextAttemptAt: null, updatedAt: now });
      } else {
        const hinted = Number(f.envelope.details.retryAfterMs ?? 0);
        const own = backoffDelay(attempts, {
          baseMs: (s.backoffBaseMs ?? 2000) / ctx.timeScale,
          maxMs: (s.backoffMaxMs ?? 60_000) / ctx.timeScale,
          ...(s.random ? { random: s.random } : {}),
        });
        s.store.outbox.update(it.row.id, {
          state: 'pending',
          errorJson,
          nextAttemptAt: now + Math.max(own, Number.isFinite(hinted) ? hinted : 0),
          updatedAt: now,
        });
        waiting.add(fieldKey(it));
      }
    }
    if (f.kind === 'reauth') s.store.outbox.pause(items[0]!.row.workspaceId, now, errorJson);
  });
  if (f.kind === 'reject') ctx.tally.rejected += items.length;
  if (f.kind === 'retry' && items.some((it) => it.row.attempts + 1 >= (s.maxAttempts ?? 5)))
    ctx.tally.failed += items.filter((it) => it.row.attempts + 1 >= (s.maxAttempts ?? 5)).length;
  if (f.kind === 'reauth') return { blocked: 'paused', error: f.envelope };
  if (f.kind === 'offline') return { blocked: 'offline', error: f.envelope };
  return null;
}

/** the ids of the type that carry the tag: known when this flush made the tag itself, else read (one request) */
async function linkedIds(ctx: SendContext, tagId: string, targetType: keyof typeof RESOURCE_OF) {
  if (!ctx.remote.createdHere(tagId)) return ctx.remote.taggedIds(tagId, targetType);
  const key = `${tagId}|${targetType}`;
  let known = ctx.links.get(key);
  if (!known) ctx.links.set(key, (known = new Set()));
  return known;
}

/**
 * One tag relationship request for up to 100 items (same tag, type and direction): read which of them already
 * are as asked, send the rest. `resend`: a part of a refused batch, already marked sending.
 */
async function sendTagBatch(
  ctx: SendContext,
  batch: ParsedItem[],
  waiting: Set<string>,
  resend = false,
): Promise<Stop | null> {
  const first = batch[0]!;
  if (first.kind !== 'tag_add' && first.kind !== 'tag_remove') return null;
  const remove = first.kind === 'tag_remove';
  const targetType = first.row.targetType as keyof typeof RESOURCE_OF;
  if (!resend) markSending(ctx, batch);
  let toSend: ParsedItem[];
  let tagId: string;
  let created: Answer | null = null;
  try {
    const tag = remove
      ? { id: await ctx.remote.tagId(first.tag), answer: null }
      : await ctx.remote.ensureTag(first.tag, first.tagGroup);
    if (!tag.id) {
      markDone(ctx, batch, { alreadyApplied: true, reason: 'tag_missing', tag: first.tag });
      return null;
    }
    tagId = tag.id;
    created = tag.answer;
    if (created) ctx.tally.requests++;
    const present = await linkedIds(ctx, tagId, targetType);
    // read, then decide: an item already in the state it asks for (applied by an earlier send whose answer was
    // lost, or by someone else) is done without another request
    const already = batch.filter((it) => present.has(it.row.targetId) === desiredValue(it));
    if (already.length) markDone(ctx, already, { alreadyApplied: true, tagId, tag: first.tag });
    toSend = batch.filter((it) => !already.includes(it));
  } catch (err) {
    return markFailed(ctx, batch, err, waiting);
  }
  if (!toSend.length) return null;
  const ids = toSend.map((it) => it.row.targetId);
  try {
    ctx.tally.requests++;
    const answer = await ctx.remote.setTag(tagId, targetType, ids, remove);
    const known = ctx.links.get(`${tagId}|${targetType}`);
    for (const id of ids) {
      if (remove) known?.delete(id);
      else known?.add(id);
    }
    markDone(ctx, toSend, { ...answer, ...(created ? { createdTag: created } : {}) });
    return null;
  } catch (err) {
    const f = classifyFailure(err, ctx.requestId);
    if (f.kind !== 'reject') {
      // the answer may be lost after Klaviyo applied it: what this flush knew of the tag's links is void
      ctx.remote.forgetCreated(tagId);
    } else if (toSend.length > 1) {
      // one bad id refuses the whole request and Klaviyo does not say which: halves are sent until it is alone
      const mid = Math.ceil(toSend.length / 2);
      for (const half of [toSend.slice(0, mid), toSend.slice(mid)]) {
        const stop = await sendTagBatch(ctx, half, waiting, true);
        if (stop) return stop;
      }
      return null;
    }
    return markFailed(ctx, toSend, err, waiting);
  }
}

/** a flow's or a flow action's status as Klaviyo has it now (an action's is in its definition) */
async function readStatus(
  ctx: SendContext,
  item: ParsedItem,
): Promise<{ status: string | null; updated: string | null; definition: Record<string, unknown> | null }> {
  if (item.kind === 'flow_status') return { ...(await ctx.remote.flow(item.row.targetId)), definition: null };
  const a = await ctx.actions.flowAction(item.row.targetId);
  const st = (a.definition?.data as { status?: unknown } | undefined)?.status;
  return { status: typeof st === 'string' ? st : null, updated: a.updated, definition: a.definition };
}

/**
 * A flow's or flow action's status: read Klaviyo's first (idempotent: already as asked → done without a write;
 * moved since the change was made → last write wins), then write.
 */
async function sendStatus(ctx: SendContext, item: ParsedItem, waiting: Set<string>): Promise<Stop | null> {
  if (item.kind !== 'flow_status' && item.kind !== 'flow_action_status') return null;
  const what = item.kind === 'flow_status' ? 'flow' : 'flow step';
  markSending(ctx, [item]);
  try {
    const remote = await readStatus(ctx, item);
    if (remote.status === item.status) {
      markDone(ctx, [item], { alreadyApplied: true, flowStatus: remote.status, updated: remote.updated });
      return null;
    }
    if (item.kind === 'flow_action_status' && (remote.definition === null || remote.status === null)) {
      throw new AppError('invalid', 'This flow step has no status in Klaviyo: only steps that send something do.', {
        requestId: ctx.requestId,
        details: { actionId: item.row.targetId, actionType: remote.definition?.type ?? null },
      });
    }
    const base = item.row.baseValueJson ? (JSON.parse(item.row.baseValueJson) as unknown) : null;
    if (base !== null && remote.status !== base) {
      const decision = decideConflict({
        localAt: item.row.createdAt,
        remoteUpdatedAt: remote.updated,
        now: ctx.s.now(),
      });
      ctx.s.store.outbox.insertConflict({
        itemId: item.row.id,
        workspaceId: item.row.workspaceId,
        at: ctx.s.now(),
        baseValueJson: JSON.stringify(base),
        localValueJson: JSON.stringify(item.status),
        remoteValueJson: JSON.stringify(remote.status),
        localAt: item.row.createdAt,
        remoteAt: decision.remoteAt,
        remoteUpdatedAt: remote.updated,
        clock: decision.clock,
        decision: decision.winner,
      });
      ctx.tally.conflicts++;
      if (decision.winner === 'remote') {
        const now = ctx.s.now();
        ctx.s.store.outbox.update(item.row.id, {
          state: 'conflict',
          resultJson: JSON.stringify({ remoteWon: true, flowStatus: remote.status, updated: remote.updated }),
          errorJson: JSON.stringify(
            new AppError(
              'conflict',
              `The ${what} was changed in Klaviyo after this change was made; Klaviyo kept its value.`,
              {
                requestId: ctx.requestId,
                details: { local: item.status, remote: remote.status, remoteUpdatedAt: remote.updated },
              },
            ).toEnvelope(),
          ),
          updatedAt: now,
        });
        return null;
      }
    }
    ctx.tally.requests++;
    const answer =
      item.kind === 'flow_status'
        ? await ctx.remote.setFlowStatus(item.row.targetId, item.status)
        : await ctx.actions.setFlowActionStatus(item.row.targetId, remote.definition!, item.status);
    markDone(ctx, [item], answer);
    return null;
  } catch (err) {
    return markFailed(ctx, [item], err, waiting);
  }
}

/** Klaviyo's words when the daily cap of a creation is used up (ours, or Klaviyo's refusal) */
function capError(ctx: SendContext, kind: CreationKind, name: string, refusedBy: 'us' | 'klaviyo'): AppError {
  const what = kind === 'list_create' ? 'lists' : 'segments';
  return new AppError(
    'throttled',
    `"${name}" was not created: Klaviyo lets an account create ${CREATION_CAPS[kind]} ${what} a day and ` +
      `${refusedBy === 'us' ? 'that many were created in the last 24 hours' : 'refused another one today'}. ` +
      'Queue it again tomorrow.',
    { requestId: ctx.requestId, details: { reason: 'daily_cap', kind, cap: CREATION_CAPS[kind], refusedBy } },
  );
}

function reject(ctx: SendContext, item: ParsedItem, err: AppError): void {
  ctx.s.store.outbox.update(item.row.id, {
    state: 'rejected',
    errorJson: JSON.stringify(err.toEnvelope()),
    nextAttemptAt: null,
    updatedAt: ctx.s.now(),
  });
  ctx.tally.rejected++;
}

/** a new item's age margin: Klaviyo's clock may run behind ours when it stamps `created` */
const CREATED_MARGIN_MS = 10 * 60_000;
const DAY_MS = 86_400_000;

/**
 * A new list or segment. Before posting, Klaviyo is asked for one of that name created since the item was queued:
 * a creation whose answer was lost (or a process killed after sending) is found, not made twice. Never past the
 * daily cap: what Klaviyo saw created in the last 24 hours is read once per flush and counted down; an item past
 * it, or one Klaviyo refuses for its daily limit, is rejected with the reason.
 */
async function sendCreation(ctx: SendContext, item: ParsedItem, waiting: Set<string>): Promise<Stop | null> {
  if (item.kind !== 'list_create' && item.kind !== 'segment_create') return null;
  const type = item.kind === 'list_create' ? 'list' : 'segment';
  markSending(ctx, [item]);
  try {
    const earlier = await ctx.creations.createdSince(type, new Date(item.row.createdAt - CREATED_MARGIN_MS), item.name);
    if (earlier.length) {
      markDone(ctx, [item], { alreadyApplied: true, id: earlier[0]!.id, name: item.name });
      return null;
    }
    const caps = await (ctx.capsLeft[item.kind] ??= ctx.creations
      .createdSince(type, new Date(ctx.s.now() - DAY_MS))
      .then((made) => ({ left: Math.max(0, CREATION_CAPS[item.kind] - made.length) })));
    // checked and counted down with no wait in between: batches under way at once never share the last one
    if (caps.left <= 0) {
      reject(ctx, item, capError(ctx, item.kind, item.name, 'us'));
      return null;
    }
    caps.left--;
    ctx.tally.requests++;
    const answer =
      item.kind === 'list_create'
        ? await ctx.creations.createList(item.name)
        : await ctx.creations.createSegment(item.name, item.definition);
    markDone(ctx, [item], answer);
    return null;
  } catch (err) {
    if (err instanceof AppError && err.code === 'throttled' && err.details.gaveUp === 'wait_too_long') {
      // burst and steady windows are seconds long and the client waits them out: a wait past that is the day's cap
      ctx.capsLeft[item.kind] = Promise.resolve({ left: 0 });
      reject(ctx, item, capError(ctx, item.kind, item.name, 'klaviyo'));
      return null;
    }
    return markFailed(ctx, [item], err, waiting);
  }
}
