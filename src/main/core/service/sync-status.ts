import type { ResourceRunStatus } from '../../../shared/contract/primitives';
import type { Store } from '../store';
import { parseJson } from './mappers';

export type ResourceState = {
  resource: string;
  status: ResourceRunStatus | null;
  lastCompletedAt: string | null;
  items: number;
  missingScopes: string[];
};

/**
 * Every resource's state after the runs so far: the status and missing scopes of its latest finished run, when
 * it last completed (`ok`) within the last 20 runs, and how many items the inventory holds. A resource with items
 * but no recorded run (an older database) is still listed.
 */
export function resourceStates(store: Store, workspaceId: string): ResourceState[] {
  const counts = store.inventory.counts(workspaceId);
  const perResource = new Map<string, { status: string | null; lastCompletedAt: string | null; missing: string[] }>();
  for (const run of store.runs.list({ workspaceId, limit: 20 })) {
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
  return [...perResource.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([resource, e]) => ({
      resource,
      status: e.status as ResourceRunStatus | null,
      lastCompletedAt: e.lastCompletedAt,
      items: counts[resource] ?? 0,
      missingScopes: e.missing,
    }));
}
