import { severities } from '../../../shared/contract/audit';
import { auditOfRun } from '../audit';
import { sizeKey, type Store, type TrendPoint } from '../store';

/** Send steps: what "live messages" counts (a step whose own status is live, in a live flow). */
const SENDS = ['send-', 'ab-test', 'content-experiment'];

/** The workspace metrics a trend keeps, in the order the screens show them. */
export const WORKSPACE_METRICS = [
  'score',
  ...severities.map((s) => `findings.${s}`),
  'flows.live',
  'messages.live',
  'flows.status.live',
  'flows.status.manual',
  'flows.status.draft',
] as const;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The points one sync leaves: from the inventory as the run merged it (flow statuses, live flows and messages,
 * list and segment sizes where known) and from the audit of that run when there is one (score, failing findings by
 * severity). Only what this run could see: a resource the run did not list completely keeps its earlier points.
 */
export function trendPointsOf(store: Store, workspaceId: string, syncRunId: number, at: number): TrendPoint[] {
  const points: TrendPoint[] = [];
  const point = (metric: string, value: number | null, subject?: { type: string; id: string; label?: string }) =>
    points.push({
      syncRunId,
      at,
      metric,
      subjectType: subject?.type ?? '',
      subjectId: subject?.id ?? '',
      value,
      label: subject?.label ?? null,
    });
  const complete = new Set(
    store.runs
      .resources(syncRunId)
      .filter((r) => r.complete)
      .map((r) => r.resource),
  );
  const list = (resourceType: string) => store.inventory.list({ workspaceId, resourceType, limit: 1_000_000 });

  if (complete.has('flows')) {
    const flows = list('flows');
    const byStatus: Record<string, number> = { live: 0, manual: 0, draft: 0 };
    const liveFlows = new Set<string>();
    for (const f of flows) {
      const status = str(f.attributes.status) ?? 'unknown';
      if (f.attributes.archived !== true) {
        byStatus[status] = (byStatus[status] ?? 0) + 1;
        if (status === 'live') liveFlows.add(f.klaviyoId);
      }
      point('status', null, { type: 'flows', id: f.klaviyoId, label: status });
    }
    for (const [status, n] of Object.entries(byStatus)) point(`flows.status.${status}`, n);
    point('flows.live', liveFlows.size);
    if (complete.has('flow-actions')) {
      const live = list('flow-actions').filter((a) => {
        const def = a.attributes.definition as { type?: unknown; data?: { status?: unknown } } | undefined;
        const type = str(def?.type) ?? '';
        return (
          !!a.parentId &&
          liveFlows.has(a.parentId) &&
          SENDS.some((p) => type.startsWith(p)) &&
          def?.data?.status === 'live'
        );
      });
      point('messages.live', live.length);
    }
  }
  points.push(...sizePointsOf(store, workspaceId, syncRunId, at));
  const audit = auditOfRun(store.db, workspaceId, syncRunId);
  if (audit) {
    point('score', audit.score);
    for (const s of severities) point(`findings.${s}`, audit.failingBySeverity[s] ?? 0);
  }
  return points;
}

/**
 * Each list's and segment's last known size (sizes/: asked after the sync where it can have changed, else carried),
 * as points of this run for the items the inventory has now.
 */
export function sizePointsOf(store: Store, workspaceId: string, syncRunId: number, at: number): TrendPoint[] {
  const known = store.sizes.known(workspaceId);
  const points: TrendPoint[] = [];
  for (const subjectType of ['lists', 'segments'])
    for (const it of store.inventory.list({ workspaceId, resourceType: subjectType, limit: 1_000_000 })) {
      const size = known.get(sizeKey(subjectType, it.klaviyoId));
      if (size)
        points.push({
          syncRunId,
          at,
          metric: 'profile_count',
          subjectType,
          subjectId: it.klaviyoId,
          value: size.profileCount,
          label: null,
        });
    }
  return points;
}

/** Records a run's size points again once its size refresh ended (they replace the run's earlier size points). */
export function captureSizes(store: Store, workspaceId: string, syncRunId: number, at: number): number {
  const points = sizePointsOf(store, workspaceId, syncRunId, at);
  store.trends.record(workspaceId, points);
  return points.length;
}

/** Captures a finished sync's points (after its audit, when it has one). */
export function captureTrends(store: Store, workspaceId: string, syncRunId: number, at: number): number {
  const points = trendPointsOf(store, workspaceId, syncRunId, at);
  store.trends.record(workspaceId, points);
  return points.length;
}
