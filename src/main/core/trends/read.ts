import type { TrendPoint, TrendSelection } from '../../../shared/contract';
import { trendSubjectTypes } from '../../../shared/contract/trends';
import type { Store } from '../store';

type SubjectType = (typeof trendSubjectTypes)[number];
const isSubjectType = (t: string): t is SubjectType => (trendSubjectTypes as readonly string[]).includes(t);

/**
 * The points a selection names, as the screens, the CLI and the CSV read them: oldest first, each item's point
 * with the item's name as the inventory has it now (an item removed since keeps its last name).
 */
export function readTrends(store: Store, q: TrendSelection): TrendPoint[] {
  const since = q.since ? Date.parse(q.since) : undefined;
  const rows = q.item
    ? store.trends.series({ workspaceId: q.workspaceId, subjectType: q.item.type, subjectId: q.item.id, since })
    : q.items
      ? store.trends.all({ workspaceId: q.workspaceId, since })
      : store.trends.series({ workspaceId: q.workspaceId, since });
  const names = new Map<string, string | null>();
  const nameOf = (type: string, id: string) => {
    const key = `${type}\u0000${id}`;
    if (!names.has(key)) names.set(key, store.inventory.get(q.workspaceId, type, id)?.name ?? null);
    return names.get(key)!;
  };
  return rows.map((p) => ({
    runId: p.syncRunId === null ? null : String(p.syncRunId),
    at: new Date(p.at).toISOString(),
    metric: p.metric,
    value: p.value,
    label: p.label,
    subject:
      p.subjectType && isSubjectType(p.subjectType)
        ? { type: p.subjectType, id: p.subjectId, name: nameOf(p.subjectType, p.subjectId) }
        : null,
  }));
}
