import { parseArgs } from 'node:util';
import { LIMITS, resourceTypes, ResourceTypeSchema } from '../../shared/contract/primitives';
import { AppError } from '../../shared/errors';
import { table } from '../io';
import { positiveInt, required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

export const inventoryCommand: CliCommand = {
  name: 'inventory',
  summary: 'the synced items of one resource type in a workspace (typed columns; --json adds the raw JSON)',
  usage: `inventory --workspace NAME --type TYPE [--search S] [--status S] [--limit ${LIMITS.pageLimit}] [--removed]`,
  flags: [
    WORKSPACE_FLAG,
    { flag: '--type TYPE', text: `the resource type: ${resourceTypes.join(', ')}` },
    { flag: '--search S', text: 'only items whose name or id contains S' },
    { flag: '--status S', text: 'only items with this status (live, draft, manual, sent…)' },
    { flag: '--limit N', text: `at most this many items (default and most ${LIMITS.pageLimit})` },
    {
      flag: '--removed',
      text: 'also the items a complete sync no longer found in Klaviyo, with when they were found gone (REMOVED)',
    },
    {
      flag: '--json',
      text: 'the items as JSON, each with its attributes and relationships exactly as Klaviyo returned them',
    },
  ],
  example: 'npm run cli -- inventory --workspace "Acme" --type flows --status live --removed',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        type: { type: 'string' },
        search: { type: 'string' },
        status: { type: 'string' },
        limit: { type: 'string', default: String(LIMITS.pageLimit) },
        removed: { type: 'boolean', default: false },
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
      includeRemoved: values.removed,
      // the raw JSON is for machines: only the JSON output carries it
      raw: io.globals.json,
      ...(values.search ? { search: values.search } : {}),
      ...(values.status ? { filters: { status: [values.status] } } : {}),
    });
    io.print(
      items.length
        ? table(
            [
              'ID',
              'NAME',
              'STATUS',
              'CHANNEL',
              'TRIGGER',
              'ARCHIVED',
              'UPDATED',
              'PARENT',
              ...(values.removed ? ['REMOVED'] : []),
            ],
            items.map((r) => [
              r.id,
              r.name,
              r.status,
              r.channel,
              r.triggerType,
              r.archived ? 'yes' : '',
              r.updatedAt,
              typeof r.extra.parentId === 'string' ? r.extra.parentId : '',
              ...(values.removed ? [r.removedAt ?? ''] : []),
            ]),
          ) + `\n${items.length} item(s)${total > items.length ? ` of ${total}` : ''}`
        : `No ${type.data} in "${ws.name}".`,
      items,
    );
    return 0;
  },
};
