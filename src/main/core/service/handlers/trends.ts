import type { HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

/** Trends: the points captured at every sync, per workspace or per item. */
export function trendsHandlers(ctx: HandlerContext): HandlersOf<'trends:'> {
  const { store, workspaceRow } = ctx;
  return {
    'trends:get': ({ workspaceId, item, since }) => {
      workspaceRow(workspaceId);
      const points = store.trends.series({
        workspaceId,
        ...(item ? { subjectType: item.type, subjectId: item.id } : {}),
        ...(since ? { since: Date.parse(since) } : {}),
      });
      return {
        points: points.map((p) => ({
          runId: p.syncRunId === null ? null : String(p.syncRunId),
          at: new Date(p.at).toISOString(),
          metric: p.metric,
          value: p.value,
          label: p.label,
        })),
      };
    },
  };
}
