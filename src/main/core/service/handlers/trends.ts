import { readTrends, writeTrendsCsv } from '../../trends';
import { exportCsvFile } from '../csv-export';
import type { HandlerContext } from '../handler-context';
import { fileSlug } from '../file-names';
import type { HandlersOf } from '../types';

/** Trends: the points captured at every sync, per workspace or per item, on screen and as CSV. */
export function trendsHandlers(ctx: HandlerContext): HandlersOf<'trends:'> {
  const { store, workspaceRow, deps } = ctx;
  return {
    'trends:get': (q) => {
      workspaceRow(q.workspaceId);
      return { points: readTrends(store, q) };
    },
    'trends:export': async ({ lang, ...q }) => {
      const ws = workspaceRow(q.workspaceId);
      const points = readTrends(store, q);
      const fileName = `${fileSlug(ws.name)}-trends-${ctx.now().toISOString().slice(0, 10)}.csv`;
      return exportCsvFile(deps.exportTarget, fileName, (out) => writeTrendsCsv(points, lang, out));
    },
  };
}
