import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { iso, table } from '../io';
import type { CliCommand } from './types';

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: 'sync history of a workspace, newest first',
  usage: 'runs --workspace N [--limit 20]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, limit: { type: 'string', default: '20' } },
      strict: true,
    });
    if (!values.workspace)
      throw new AppError('validation', '--workspace is required.', { details: { flag: 'workspace' } });
    const ctx = io.context();
    const ws = ctx.workspaces.resolve(values.workspace);
    const runs = ctx.store.runs
      .list({ workspaceId: ws.id, limit: Math.max(1, Number(values.limit) || 20) })
      .map((r) => ({
        runId: r.id,
        requestId: r.requestId,
        trigger: r.trigger,
        direction: r.direction,
        status: r.status,
        startedAt: iso(r.startedAt),
        finishedAt: iso(r.finishedAt),
        durationMs: r.finishedAt ? r.finishedAt - r.startedAt : null,
        resumedFromRunId: r.resumedFromRunId,
        requests: r.requests,
        throttled: r.throttled,
        itemsAdded: r.itemsAdded,
        itemsChanged: r.itemsChanged,
        itemsUnchanged: r.itemsUnchanged,
        itemsRemoved: r.itemsRemoved,
        error: r.errorJson ? JSON.parse(r.errorJson) : null,
      }));
    io.print(
      runs.length
        ? table(
            ['RUN', 'STATUS', 'TRIGGER', 'STARTED', 'SECONDS', 'REQUESTS', 'ADDED', 'CHANGED', 'REMOVED', 'ERROR'],
            runs.map((r) => [
              r.runId,
              r.status,
              r.trigger,
              r.startedAt,
              r.durationMs === null ? '' : (r.durationMs / 1000).toFixed(1),
              r.requests,
              r.itemsAdded,
              r.itemsChanged,
              r.itemsRemoved,
              r.error?.code,
            ]),
          )
        : `"${ws.name}" has no runs yet.`,
      runs,
    );
    return 0;
  },
};
