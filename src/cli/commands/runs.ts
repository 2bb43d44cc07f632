import { parseArgs } from 'node:util';
import { table } from '../io';
import { positiveInt, required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

export const runsCommand: CliCommand = {
  name: 'runs',
  summary: "a workspace's sync history, newest first",
  usage: 'runs --workspace NAME [--limit 20] [--resources]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--limit N', text: 'at most this many runs (default 20, at most 200)' },
    { flag: '--resources', text: "each run's resources too: their requests, per Klaviyo operation (the request plan)" },
  ],
  example: 'npm run cli -- runs --workspace "Acme" --limit 5',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        limit: { type: 'string', default: '20' },
        resources: { type: 'boolean', default: false },
      },
      strict: true,
    });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const { items } = await io.call('sync:runs', {
      workspaceId: ws.id,
      limit: Math.min(200, positiveInt(values.limit, 'limit')),
    });
    if (values.resources && items.length) {
      io.print(
        items
          .map((r) =>
            [
              `run ${r.id} (${r.status}, ${r.startedAt})`,
              table(
                ['RESOURCE', 'STATUS', 'REQUESTS', 'CALLS'],
                r.resources.map((x) => [
                  x.resource,
                  x.status,
                  x.requests,
                  Object.entries(x.requestsByOperation)
                    .map(([op, n]) => `${op} ${n}`)
                    .join(', ') || 'none',
                ]),
              ),
            ].join('\n'),
          )
          .join('\n\n'),
        items,
      );
      return 0;
    }
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
