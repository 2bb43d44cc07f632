import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { iso, table } from '../io';
import type { CliCommand } from './types';

export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'last run of a workspace and the state of every resource',
  usage: 'status --workspace N',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { workspace: { type: 'string' } }, strict: true });
    if (!values.workspace)
      throw new AppError('validation', '--workspace is required.', { details: { flag: 'workspace' } });
    const ctx = io.context();
    const ws = ctx.workspaces.resolve(values.workspace);
    const last = ctx.store.runs.latest(ws.id);
    const lastOk = ctx.store.runs.list({ workspaceId: ws.id, status: ['ok'], limit: 1 })[0];
    const resources = last ? ctx.store.runs.resources(last.id) : [];
    const completeAt = ctx.store.runs.lastCompleteByResource(ws.id);
    const counts = ctx.store.inventory.counts(ws.id);
    const keys = [...new Set([...resources.map((r) => r.resource), ...Object.keys(counts)])];
    const byKey = new Map(resources.map((r) => [r.resource, r]));
    const data = {
      workspace: { id: ws.id, name: ws.name, accountId: ws.accountId, baseUrl: ws.baseUrl },
      running: ctx.store.runs.running(ws.id).length > 0,
      lastRun: last
        ? {
            runId: last.id,
            requestId: last.requestId,
            trigger: last.trigger,
            status: last.status,
            startedAt: iso(last.startedAt),
            finishedAt: iso(last.finishedAt),
            error: last.errorJson ? JSON.parse(last.errorJson) : null,
          }
        : null,
      lastOkAt: iso(lastOk?.finishedAt),
      resources: keys.map((k) => {
        const r = byKey.get(k);
        return {
          resource: k,
          status: r?.status ?? null,
          items: counts[k] ?? 0,
          lastCompletedAt: iso(completeAt[k]),
          missingScopes: r ? (JSON.parse(r.missingScopesJson) as string[]) : [],
          error: r?.errorJson ? JSON.parse(r.errorJson) : null,
        };
      }),
    };
    const human = [
      `Workspace "${ws.name}" (${ws.accountId ?? 'account unknown'})`,
      data.lastRun
        ? `Last run: ${data.lastRun.status} (${data.lastRun.trigger}) started ${data.lastRun.startedAt}, requestId ${data.lastRun.requestId}` +
          (data.lastRun.error ? `\n  Error [${data.lastRun.error.code}]: ${data.lastRun.error.message}` : '')
        : 'Never synced.',
      `Last ok: ${data.lastOkAt ?? 'never'}`,
      table(
        ['RESOURCE', 'STATUS', 'ITEMS', 'LAST COMPLETE', 'MISSING SCOPES'],
        data.resources.map((r) => [r.resource, r.status, r.items, r.lastCompletedAt, r.missingScopes.join(',')]),
      ),
    ].join('\n');
    io.print(human, data);
    return 0;
  },
};
