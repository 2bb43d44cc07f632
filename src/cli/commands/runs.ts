import { parseArgs } from 'node:util';
import { table } from '../io';
import { positiveInt, required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: "a workspace's sync history, newest first",
  usage: 'runs --workspace NAME [--limit 20]',
  flags: [WORKSPACE_FLAG, { flag: '--limit N', text: 'at most this many runs (default 20, at most 200)' }],
  example: 'npm run cli -- runs --workspace "Acme" --limit 5',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, limit: { type: 'string', default: '20' } },
      strict: true,
    });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const { items } = await io.call('sync:runs', {
      workspaceId: ws.id,
      limit: Math.min(200, positiveInt(values.limit, 'limit')),
    });
    io.print(
      items.length
        ? table(
            ['RUN', 'STATUS', 'TRIGGER', 'STARTED', 'SECONDS', 'REQUESTS', 'ADDED', 'CHANGED', 'REMOVED', 'ERROR'],
            items.map((r) => {
              const sum = (k: 'requests' | 'itemsAdded' | 'itemsChanged' | 'itemsRemoved') =>
                r.resources.reduce((a, x) => a + x[k], 0);
              return [
                r.id,
                r.status,
                r.trigger,
                r.startedAt,
                r.durationMs === null ? '' : (r.durationMs / 1000).toFixed(1),
                sum('requests'),
                sum('itemsAdded'),
                sum('itemsChanged'),
                sum('itemsRemoved'),
                r.error?.code,
              ];
            }),
          )
        : `"${ws.name}" has no runs yet.`,
      items,
    );
    return 0;
  },
};
