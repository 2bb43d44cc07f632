import type { z } from 'zod';
import type { LastRunSchema, Workspace } from '../../../shared/contract/workspaces';
import { outcomeOf, resourceTypes, type ResourceType } from '../../../shared/contract/primitives';
import type { ErrorEnvelope } from '../../../shared/errors';
import type { SyncProgress, SyncRun } from '../../../shared/contract/sync';
import type { SizeRefreshRow, Store, SyncRunResourceRow, SyncRunRow, WorkspaceRow } from '../store';
import type { SyncProgressLike } from './ports';
import { parseSettings } from '../workspaces';

export const STALE_AFTER_MS = 24 * 3_600_000;

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined) => (ms === null || ms === undefined ? null : iso(ms));

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function lastRunOf(row: SyncRunRow | undefined): z.input<typeof LastRunSchema> | null {
  if (!row) return null;
  return {
    runId: String(row.id),
    requestId: row.requestId,
    trigger: row.trigger,
    status: row.status,
    startedAt: iso(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    error: parseJson<ErrorEnvelope | null>(row.errorJson, null),
  };
}

const knownTypes = new Set<string>(resourceTypes);

export function toWorkspace(store: Store, row: WorkspaceRow, opts: { now: number; syncing: boolean }): Workspace {
  const latest = store.runs.latest(row.id);
  const lastOk = store.runs.list({ workspaceId: row.id, status: ['ok'], limit: 1 })[0];
  const counts = store.inventory.counts(row.id);
  const itemCounts: Partial<Record<ResourceType, number>> = {};
  let totalItems = 0;
  for (const [type, n] of Object.entries(counts)) {
    if (!knownTypes.has(type)) continue;
    itemCounts[type as ResourceType] = n;
    totalItems += n;
  }
  const lastOkAt = lastOk ? (lastOk.finishedAt ?? lastOk.startedAt) : null;
  return {
    id: row.id,
    name: row.name,
    clientName: parseSettings(row.settingsJson).clientName,
    accountId: row.klaviyoAccountId,
    accountName: row.klaviyoAccountName,
    baseUrl: row.baseUrl,
    archived: row.archived,
    isDemo: row.isDemo,
    createdAt: iso(row.createdAt),
    scopes: parseJson<string[]>(row.scopesJson, []).filter((s) => typeof s === 'string'),
    lastRun: lastRunOf(latest) as Workspace['lastRun'],
    lastOkAt: isoOrNull(lastOkAt),
    stale: lastOkAt === null || opts.now - lastOkAt > STALE_AFTER_MS,
    syncing: opts.syncing || latest?.status === 'running',
    itemCounts,
    totalItems,
  };
}

export function toSyncRun(
  row: SyncRunRow,
  resources: SyncRunResourceRow[],
  sizes: SizeRefreshRow | null = null,
): SyncRun {
  return {
    id: String(row.id),
    requestId: row.requestId,
    workspaceId: row.workspaceId,
    trigger: row.trigger,
    direction: row.direction,
    status: row.status,
    outcome: outcomeOf(row.status),
    startedAt: iso(row.startedAt),
    finishedAt: isoOrNull(row.finishedAt),
    durationMs: row.finishedAt ? Math.max(0, row.finishedAt - row.startedAt) : null,
    error: parseJson<ErrorEnvelope | null>(row.errorJson, null),
    resources: resources.map((r) => ({
      resource: r.resource,
      status: r.status,
      pages: r.pages,
      itemsAdded: r.itemsAdded,
      itemsChanged: r.itemsChanged,
      itemsUnchanged: r.itemsUnchanged,
      itemsRemoved: r.itemsRemoved,
      requests: r.requests,
      requestsByOperation: parseJson<Record<string, number>>(r.requestsByOperationJson, {}),
      throttled: r.throttled,
      durationMs: r.durationMs,
      missingScopes: parseJson<string[]>(r.missingScopesJson, []),
      error: parseJson<ErrorEnvelope | null>(r.errorJson, null),
    })),
    sizes: sizes
      ? {
          status: sizes.status,
          asked: sizes.asked,
          carried: sizes.carried,
          remaining: sizes.remaining,
          finishedAt: isoOrNull(sizes.finishedAt),
          error: parseJson<ErrorEnvelope | null>(sizes.errorJson, null),
        }
      : null,
  };
}

/** The sync domain's live progress in the contract's words (ISO times, string run ids). */
export const toProgress = (p: SyncProgressLike): SyncProgress => ({
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
