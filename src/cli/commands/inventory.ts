import { parseArgs } from 'node:util';
import { LIMITS, resourceTypes, ResourceTypeSchema } from '../../shared/contract/primitives';
import { AppError } from '../../shared/errors';
import { table } from '../io';
import { positiveInt, required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

export const inventoryCommand: CliCommand = {
  name: 'inventory',
  summary: 'the synced items of one resource type in a workspace (typed columns)',
  usage: `inventory --workspace NAME --type TYPE [--search S] [--status S] [--limit ${LIMITS.pageLimit}]`,
  flags: [
    WORKSPACE_FLAG,
    { flag: '--type TYPE', text: `the resource type: ${resourceTypes.join(', ')}` },
    { flag: '--search S', text: 'only items whose name or id contains S' },
    { flag: '--status S', text: 'only items with this status (live, draft, manual, sent…)' },
    { flag: '--limit N', text: `at most this many items (default and most ${LIMITS.pageLimit})` },
  ],
  example: 'npm run cli -- inventory --workspace "Acme" --type flows --status live',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        type: { type: 'string' },
        search: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string', default: String(LIMITS.pageLimit) },
      },
      strict: true,
    });
    const ref = required(values.workspace, 'workspace');
    const type = ResourceTypeSchema.safeParse(values.type);
    if (!type.success) {
      throw new AppError('validation', `--type must be one of ${resourceTypes.join(', ')}.`, {
        details: { flag: 'type', value: values.type ?? null },
      });
    }
    const limit = Math.min(LIMITS.pageLimit, positiveInt(values.limit, 'limit'));
    const ws = await io.workspace(ref);
    const { items, total } = await io.call('inventory:list', {
      workspaceId: ws.id,
      type: type.data,
      limit,
      ...(values.search ? { search: values.search } : {}),
      ...(values.status ? { filters: { status: [values.status] } } : {}),
    });
    io.print(
      items.length
        ? table(
            ['ID', 'NAME', 'STATUS', 'CHANNEL', 'TRIGGER', 'ARCHIVED', 'UPDATED', 'PARENT'],
            items.map((r) => [
              r.id,
              r.name,
              r.status,
              r.channel,
              r.triggerType,
              r.archived ? 'yes' : '',
              r.updatedAt,
              typeof r.extra.parentId === 'string' ? r.extra.parentId : '',
            ]),
          ) + `\n${items.length} item(s)${total > items.length ? ` of ${total}` : ''}`
        : `No ${type.data} in "${ws.name}".`,
      items,
    );
    return 0;
  },
};
