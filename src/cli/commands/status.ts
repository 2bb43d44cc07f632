import { parseArgs } from 'node:util';
import { table } from '../io';
import { required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: "a workspace's sync status: the run going now, the last run, and every resource's state",
  usage: 'status --workspace NAME',
  flags: [WORKSPACE_FLAG],
  example: 'npm run cli -- status --workspace "Acme" --json',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { workspace: { type: 'string' } }, strict: true });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const status = await io.call('sync:status', { workspaceId: ws.id });
    const last = status.lastRun;
    const human = [
      `Workspace "${ws.name}" (${ws.accountId ?? 'account unknown'})`,
      status.running
        ? `Syncing now: ${status.running.phase} ${status.running.current ?? ''} (requestId ${status.running.requestId})`
        : null,
      last
        ? `Last run: ${last.status} (${last.trigger}) started ${last.startedAt}, requestId ${last.requestId}` +
          (last.error ? `\n  Error [${last.error.code}]: ${last.error.message}` : '')
        : 'Never synced.',
      `Last ok: ${ws.lastOkAt ?? 'never'}`,
      table(
        ['RESOURCE', 'STATUS', 'ITEMS', 'LAST COMPLETE', 'MISSING SCOPES'],
        status.resources.map((r) => [r.resource, r.status, r.items, r.lastCompletedAt, r.missingScopes.join(',')]),
      ),
    ]
      .filter((l) => l !== null)
      .join('\n');
    io.print(human, {
      workspace: { id: ws.id, name: ws.name, accountId: ws.accountId, baseUrl: ws.baseUrl },
      lastOkAt: ws.lastOkAt,
      ...status,
    });
    return 0;
  },
};
