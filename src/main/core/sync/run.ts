import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../../shared/errors';
import { recordPullSnapshot } from '../history';
import { checkpointOf, settleProgress } from './checkpoint';
import { listAll } from './crawl';
import { advanceCursors, planIncremental } from './incremental';
import { mergeRun } from './merge';
import { newFigures, RunState, storedEnvelope, type RunContext } from './run-state';
import { totalledFigures, type ResourceFigures, type RunStatus, type SyncResult } from './types';

export type { RunContext } from './run-state';

/**
 * Runs one sync to its end and returns its result: list everything into the stage, decide the status, merge
 * (or not), record the end. Items reach the inventory only after the listing phase, and only when the run did
 * not end in failed_auth or cancelled — so an auth failure at any moment leaves the inventory exactly as it was.
 */
export async function executeRun(ctx: RunContext): Promise<SyncResult> {
  const state = new RunState(ctx);
  state.log.info('sync.start', { trigger: ctx.trigger, resumedFromRunId: ctx.resume?.runId ?? null });
  const internalError = await listPhase(state);
  const { status, error } = decideStatus(state, internalError);
  await mergeRun(state, status);
  if (status === 'ok' || status === 'partial_or_timeout') snapshotRun(state);
  settleProgress(ctx.store, ctx.runId, status);
  state.phase = 'done';
  return finishRun(state, status, error);
}

/** the manifest of what the run left in the inventory (C1); a refused one is logged, the run goes on */
function snapshotRun(state: RunState): void {
  const { ctx } = state;
  const { refused } = recordPullSnapshot(ctx.store, {
    workspaceId: ctx.workspaceId,
    runId: ctx.runId,
    requestId: ctx.requestId,
    now: ctx.now(),
  });
  if (refused) state.log.warn('sync.snapshot_refused', { error: refused.toEnvelope() });
}

/** the listing phase, bounded by the user's cancel and the deadline; the engine's own failure, if any */
async function listPhase(state: RunState): Promise<ErrorEnvelope | null> {
  const { ctx } = state;
  const onCancel = () => state.halt({ kind: 'cancel' });
  if (ctx.signal.aborted) onCancel();
  else ctx.signal.addEventListener('abort', onCancel, { once: true });
  const deadlineTimer =
    ctx.deadlineMs === undefined
      ? undefined
      : // the claim's clock may run ahead of this thread's (a simulated one): time already spent is never negative
        setTimeout(
          () => state.halt({ kind: 'deadline' }),
          Math.max(0, ctx.deadlineMs - Math.max(0, ctx.now() - ctx.startedAt)),
        );
  try {
    if (ctx.apiKey instanceof AppError) {
      ctx.apiKey.requestId ||= ctx.requestId;
      state.halt({ kind: 'auth', error: toErrorEnvelope(ctx.apiKey, ctx.requestId) });
      return null;
    }
    const source = await ctx.sourceFactory({
      baseUrl: ctx.baseUrl,
      server: ctx.server,
      timeScale: ctx.timeScale,
      apiKey: ctx.apiKey,
      requestId: ctx.requestId,
      signal: state.signal,
      onEvent: state.onEvent,
    });
    const counts = ctx.store.inventory.counts(ctx.workspaceId);
    state.resources = source.resources.filter((r) => !ctx.onlyResources || ctx.onlyResources.includes(r.key));
    for (const r of state.resources) state.figures.set(r.key, newFigures(r.key, counts[r.key] ?? null));
    if (ctx.incremental && !ctx.resume) {
      state.plan = planIncremental(state.resources, ctx.store.cursors.list(ctx.workspaceId), ctx.startedAt);
    }
    state.emit(true);
    await listAll(state);
    return null;
  } catch (err) {
    // an unexpected failure of the engine itself: nothing is merged, the run ends partial with the envelope
    const env = toErrorEnvelope(err, ctx.requestId);
    state.log.error('sync.internal_error', { error: env });
    if (!state.stopped) state.halt({ kind: 'deadline' });
    return env;
  } finally {
    if (deadlineTimer) clearTimeout(deadlineTimer);
    ctx.signal.removeEventListener('abort', onCancel);
  }
}

/** the run's status and the envelope that explains it */
function decideStatus(
  state: RunState,
  internalError: ErrorEnvelope | null,
): { status: RunStatus; error: ErrorEnvelope | null } {
  const { requestId } = state.ctx;
  const list = [...state.figures.values()];
  const { unstored } = state;
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
  const stopped = state.stopped;
  if (stopped?.kind === 'auth') return { status: 'failed_auth', error: stopped.error };
  if (stopped?.kind === 'cancel') {
    return {
      status: 'cancelled',
      error: { code: 'cancelled', message: 'The sync was cancelled.', details: {}, requestId },
    };
  }
  if (!internalError && list.every((f) => f.complete) && !unstored.size) return { status: 'ok', error: null };
  if (internalError) return { status: 'partial_or_timeout', error: internalError };
  const firstBad = list.find((f) => f.error && !f.complete) ?? list.find((f) => f.error);
  const error =
    stopped?.kind === 'deadline'
      ? state.deadlineError()
      : (firstBad?.error ?? { code: 'internal', message: 'Some resources did not complete.', details: {}, requestId });
  const incomplete = list.filter((f) => !f.complete).map((f) => f.resource);
  const unstoredItems = [...unstored].flatMap(([resource, items]) => items.map((x) => ({ resource, ...x })));
  // a run that reached no server fetched nothing: it must not read as one that fetched part
  const unreachable = error.code === 'network' && list.every((f) => f.pages === 0);
  return {
    status: 'partial_or_timeout',
    error: {
      ...error,
      ...(unreachable ? { message: `Nothing was fetched: ${error.message}` } : {}),
      requestId,
      details: { ...error.details, incomplete, unstoredItems, ...(unreachable ? { reason: 'unreachable' } : {}) },
    },
  };
}

function sum(list: ResourceFigures[], k: keyof ResourceFigures): number {
  return list.reduce((a, f) => a + (f[k] as number), 0);
}

/** records the run's end (status, totals, envelope, checkpoint), reports it and returns the result */
function finishRun(state: RunState, status: RunStatus, error: ErrorEnvelope | null): SyncResult {
  const { ctx } = state;
  const list = [...state.figures.values()];
  const checkpoint = checkpointOf(status, state.chain, list, state.plan.size > 0);
  const finishedAt = ctx.now();
  // throttledMs is summed from fractional waits; the other figures are counts already
  const totals = Object.fromEntries(totalledFigures.map((k) => [k, Math.round(sum(list, k))])) as SyncResult['totals'];
  // items seen are kept per resource only
  const { itemsSeen: _itemsSeen, ...runTotals } = totals;
  ctx.store.runs.update(ctx.runId, {
    status,
    finishedAt,
    errorJson: error ? storedEnvelope(error) : null,
    checkpointJson: checkpoint ? JSON.stringify(checkpoint) : null,
    ...runTotals,
  });
  // A finished chain will not be resumed again: its per-parent progress can go.
  if (status !== 'partial_or_timeout') ctx.store.inventory.dropProgress(state.chain);
  // only a run that listed everything moves the cursors; a failed or cancelled one leaves them where they were
  if (status === 'ok') advanceCursors(state, finishedAt);
  state.emit(true);
  state.log.info('sync.end', {
    status,
    durationMs: finishedAt - ctx.startedAt,
    totals,
    resources: Object.fromEntries(list.map((f) => [f.resource, f.status])),
    ...(error ? { error } : {}),
  });
  return {
    workspaceId: ctx.workspaceId,
    runId: ctx.runId,
    requestId: ctx.requestId,
    trigger: ctx.trigger,
    status,
    startedAt: ctx.startedAt,
    finishedAt,
    error,
    resumedFromRunId: ctx.resume?.runId ?? null,
    resources: list,
    totals,
  };
}
