import { toErrorEnvelope } from '../../../shared/errors';
import { listChildren } from './children';
import type { RunState } from './run-state';
import type { SourceResource } from './source';
import { consume } from './staging';
import type { ResourceFigures } from './types';
import { listChanged } from './incremental';

/**
 * Lists every resource of the run into the stage. Resources run side by side (each has its own operation and
 * rate limit, so the slowest one sets the pace); children are fed from their parent's pages as they are staged,
 * and a resource whose items arrive with its parent's pages (`derived`) settles when the parent does.
 */
export async function listAll(state: RunState): Promise<void> {
  const done = new Map<string, Promise<void>>();
  const byKey = new Map(state.resources.map((r) => [r.key, r]));
  for (const r of state.resources) {
    if (r.parent && byKey.has(r.parent) && !r.derived) state.feeds.open(r.parent, r.key);
  }
  const runOne = async (r: SourceResource): Promise<void> => {
    if (r.parent && byKey.has(r.parent) && r.derived) await done.get(r.parent);
    try {
      await listResource(state, r);
    } finally {
      state.feeds.close(r.key);
    }
  };
  for (const r of state.resources) done.set(r.key, runOne(r));
  await Promise.all(done.values());
}

/** the child takes its parent's reason for not being listed (forbidden or failed) */
function inheritFailure(f: ResourceFigures, parentFig: ResourceFigures): void {
  f.status = parentFig.status;
  f.missingScopes = [...parentFig.missingScopes];
  f.error = parentFig.error;
}

/**
 * Settles a resource that is not listed in this run: complete in the run being resumed, the run already stopped,
 * its parent unreadable, or its items arrive with the parent's pages. False when it must be listed.
 */
function settleWithoutListing(state: RunState, r: SourceResource, f: ResourceFigures): boolean {
  const prev = state.ctx.resume?.checkpoint.resources[r.key];
  const parentFig = r.parent ? state.figures.get(r.parent) : undefined;
  const stop = state.stopped;
  if (prev?.complete) {
    f.status = 'skipped';
    f.complete = true;
    f.note = 'resumed';
  } else if (stop) {
    f.status = stop.kind === 'cancel' ? 'cancelled' : 'skipped';
    if (stop.kind === 'deadline') f.error = state.deadlineError();
  } else if (r.derived && parentFig && (parentFig.status === 'forbidden' || parentFig.status === 'failed')) {
    inheritFailure(f, parentFig);
  } else if (r.derived) {
    // listed together with the parent: complete exactly when the parent is
    f.status = parentFig?.complete ? 'ok' : parentFig?.status === 'cancelled' ? 'cancelled' : 'partial';
    f.complete = !!parentFig?.complete;
    f.note = parentFig?.note ?? null;
    f.error = f.complete ? null : (parentFig?.error ?? null);
    f.finishedAt = state.ctx.now();
  } else {
    return false;
  }
  state.persist(f);
  return true;
}

/** what a listing that threw leaves in its figures (and whether it stops the whole run) */
function recordFailure(state: RunState, r: SourceResource, f: ResourceFigures, err: unknown): void {
  const env = toErrorEnvelope(err, state.ctx.requestId);
  const stop = state.stopped;
  if (env.code === 'auth') {
    state.halt({ kind: 'auth', error: env });
    f.status = 'failed';
    f.error = env;
  } else if (stop && state.signal.aborted) {
    f.status = stop.kind === 'cancel' ? 'cancelled' : 'partial';
    if (stop.kind === 'deadline') f.error = state.deadlineError();
  } else if (env.code === 'forbidden') {
    f.status = 'forbidden';
    const missing = (env.details.missingScopes as string[] | undefined) ?? [];
    f.missingScopes = missing.length ? missing : r.scopes;
    f.error = env;
  } else {
    f.status = f.pages > 0 ? 'partial' : 'failed';
    f.error = env;
  }
  state.log.warn('sync.resource_stopped', { resource: r.key, status: f.status, error: f.error });
}

/** Lists one resource (a top-level listing from its saved cursor, or a child under its parents) into the stage. */
async function listResource(state: RunState, r: SourceResource): Promise<void> {
  const f = state.figures.get(r.key)!;
  if (settleWithoutListing(state, r, f)) return;
  const prev = state.ctx.resume?.checkpoint.resources[r.key];
  const parentFig = r.parent ? state.figures.get(r.parent) : undefined;
  f.status = 'running';
  f.startedAt = state.ctx.now();
  state.current = r.key;
  state.persist(f);
  const t0 = Date.now();
  let complete = false;
  try {
    const plan = state.plan.get(r.key);
    if (plan?.mode === 'ids') {
      await listChanged(state, r, f, plan.cursorMs);
      complete = true;
    } else if (!r.parent) {
      const cursor = r.resumable && prev?.cursor ? prev.cursor : null;
      if (cursor) {
        f.note = 'resumed from cursor';
        f.cursor = cursor;
      }
      await consume(state, r, f, { cursor });
      complete = true;
    } else {
      complete = await listChildren(state, r, f, parentFig);
    }
    f.status = complete ? 'ok' : 'partial';
    // nothing to list under a parent the key cannot read: the child inherits the parent's reason
    if (!complete && parentFig && (parentFig.status === 'forbidden' || parentFig.status === 'failed')) {
      inheritFailure(f, parentFig);
    }
  } catch (err) {
    recordFailure(state, r, f, err);
  }
  f.complete = complete;
  f.finishedAt = state.ctx.now();
  f.durationMs = Date.now() - t0;
  state.persist(f);
  state.emit(true);
}
