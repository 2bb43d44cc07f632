import type { OutboxConflict, OutboxCounts, OutboxItem } from '../../../../shared/contract/outbox';
import { outboxStates } from '../../../../shared/contract/outbox';
import { AppError, type ErrorEnvelope } from '../../../../shared/errors';
import type { OutboxConflictRow, OutboxItemRow, Store } from '../../store';
import { notAvailable, type HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

const iso = (ms: number) => new Date(ms).toISOString();
const json = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

export function toItem(store: Store, r: OutboxItemRow): OutboxItem {
  return {
    id: String(r.id),
    workspaceId: r.workspaceId,
    kind: r.kind as OutboxItem['kind'],
    targetType: r.targetType,
    targetId: r.targetId,
    targetName: store.inventory.get(r.workspaceId, `${r.targetType}s`, r.targetId)?.name ?? null,
    payload: payloadOf(r),
    baseVersion: r.baseVersion,
    state: r.state,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt === null ? null : iso(r.nextAttemptAt),
    error: json<ErrorEnvelope>(r.errorJson),
    requestId: r.requestId,
    result: json<Record<string, unknown>>(r.resultJson),
    pushRunId: r.pushRunId === null ? null : String(r.pushRunId),
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

/** an import's request body (up to 5 MB) stays in the store: the item shows which file, part and how many records */
function payloadOf(r: OutboxItemRow): Record<string, unknown> {
  const p = JSON.parse(r.payloadJson) as Record<string, unknown>;
  if (r.kind !== 'profile_import' && r.kind !== 'event_import') return p;
  const { body: _body, lines, ...rest } = p as { body?: unknown; lines?: number[] };
  return { ...rest, firstLine: lines?.[0] ?? null, lastLine: lines?.[lines.length - 1] ?? null };
}

function toConflict(r: OutboxConflictRow): OutboxConflict {
  return {
    id: String(r.id),
    itemId: String(r.itemId),
    at: iso(r.at),
    base: json(r.baseValueJson),
    local: json(r.localValueJson),
    remote: json(r.remoteValueJson),
    localAt: iso(r.localAt),
    remoteAt: r.remoteAt === null ? null : iso(r.remoteAt),
    remoteUpdatedAt: r.remoteUpdatedAt,
    clock: r.clock,
    decision: r.decision,
  };
}

function countsOf(rows: { state: OutboxItemRow['state']; n: number }[]): OutboxCounts {
  const c = Object.fromEntries(outboxStates.map((s) => [s, 0])) as OutboxCounts;
  for (const r of rows) c[r.state] += r.n;
  return c;
}

function itemId(id: string): number {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new AppError('validation', `"${id}" is not an outbox item id.`, { details: { field: 'itemId' } });
  return n;
}

/** The outbox (PRODUCT D): queue a change, list the queue with its conflicts, flush, retry, discard. */
export function outboxHandlers(ctx: HandlerContext): HandlersOf<'outbox:'> {
  const { deps, store, workspaceRow } = ctx;
  const outbox = () => deps.outbox ?? notAvailable('outbox');
  return {
    'outbox:queue': ({ workspaceId, change }, { requestId }) => {
      const row = workspaceRow(workspaceId);
      if (row.archived)
        throw new AppError('conflict', 'This workspace is archived. Restore it before changing its items.', {
          details: { workspaceId },
        });
      return {
        items: outbox()
          .queue(workspaceId, change, requestId)
          .map((r) => toItem(store, r)),
      };
    },
    'outbox:list': ({ workspaceId, states, offset, limit }) => {
      workspaceRow(workspaceId);
      const pause = store.outbox.paused(workspaceId);
      return {
        items: store.outbox.list({ workspaceId, states, offset, limit }).map((r) => toItem(store, r)),
        counts: countsOf(store.outbox.counts(workspaceId)),
        paused: pause ? { pausedAt: iso(pause.pausedAt), error: JSON.parse(pause.errorJson) as ErrorEnvelope } : null,
        conflicts: store.outbox.conflicts({ workspaceId }).map(toConflict),
      };
    },
    'outbox:counts': () => {
      const rows = store.outbox.counts();
      const ids = [...new Set(rows.map((r) => r.workspaceId))];
      return {
        workspaces: ids.map((workspaceId) => ({
          workspaceId,
          counts: countsOf(rows.filter((r) => r.workspaceId === workspaceId)),
        })),
      };
    },
    'outbox:flush': ({ workspaceId, trigger, waitMs }, { requestId }) => {
      workspaceRow(workspaceId);
      return outbox().flush(workspaceId, { trigger, waitMs, requestId });
    },
    'outbox:retry': ({ workspaceId, itemId: id }) => {
      workspaceRow(workspaceId);
      return { retried: outbox().retry(workspaceId, id === undefined ? undefined : itemId(id)) };
    },
    'outbox:discard': ({ workspaceId, itemId: id }) => {
      workspaceRow(workspaceId);
      return { discarded: outbox().discard(workspaceId, itemId(id)) };
    },
  };
}
