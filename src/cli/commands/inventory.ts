import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { RESOURCE_DEFINITIONS } from '../../main/core/sync';
import { table } from '../io';
import type { CliCommand } from './types';

const TYPES: string[] = RESOURCE_DEFINITIONS.map((d) => d.name);

export const inventoryCommand: CliCommand = {
  name: 'inventory',
  summary: 'items of one resource type (typed columns; --json adds raw attributes and relationships)',
  usage: `inventory --workspace N --type ${TYPES.join('|')} [--search S] [--status S] [--limit 1000] [--removed]`,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        type: { type: 'string' },
        search: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string', default: '1000' },
        removed: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.workspace)
      throw new AppError('validation', '--workspace is required.', { details: { flag: 'workspace' } });
    if (!values.type || !TYPES.includes(values.type)) {
      throw new AppError('validation', `--type must be one of ${TYPES.join(', ')}.`, {
        details: { flag: 'type', value: values.type ?? null },
      });
    }
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1)
      throw new AppError('validation', '--limit must be a positive integer.', { details: { flag: 'limit' } });
    const ctx = io.context();
    const ws = ctx.workspaces.resolve(values.workspace);
    const rows = ctx.store.inventory.list({
      workspaceId: ws.id,
      resourceType: values.type,
      limit,
      includeRemoved: !!values.removed,
      ...(values.search ? { search: values.search } : {}),
      ...(values.status ? { status: [values.status] } : {}),
    });
    io.print(
      rows.length
        ? table(
            ['ID', 'NAME', 'STATUS', 'CHANNEL', 'TRIGGER', 'ARCHIVED', 'UPDATED', 'PARENT'],
            rows.map((r) => [
              r.klaviyoId,
              r.name,
              r.status,
              r.channel,
              r.triggerType,
              r.archived ? 'yes' : '',
              r.updatedAt,
              r.parentId,
            ]),
          ) + `\n${rows.length} item(s)`
        : `No ${values.type} in "${ws.name}".`,
      rows,
    );
    return 0;
  },
};
