import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { AudienceWords, CreationCaps, StandardAudienceKey } from '../../shared/contract/audiences';
import { standardAudienceKeys, StandardThresholdsSchema } from '../../shared/contract/audiences';
import { SegmentDefinitionSchema, type OutboxChange } from '../../shared/contract/outbox';
import { AppError } from '../../shared/errors';
import { table, type CliIo } from '../io';
import { positiveInt, required, WORKSPACE_FLAG } from './flags';
import { subcommandTable } from './outbox';
import type { CliCommand } from './types';

/** English words of a condition, as the CLI prints them (the screens translate the keys themselves) */
function audienceWordsEn(w: AudienceWords): string {
  const p = w.params;
  switch (w.key) {
    case 'ordersAtLeastEver':
      return `${String(p.metric)} at least ${String(p.count)} time${p.count === 1 ? '' : 's'}, ever`;
    case 'revenueAtLeastEver':
      return `${String(p.metric)} value at least ${String(p.amount)} in total, ever`;
    case 'metricInLast':
      return `${String(p.metric)} at least once in the last ${String(p.days)} days`;
    case 'emailSubscribedInLast':
      return `subscribed to email in the last ${String(p.days)} days`;
  }
}

function capsText(c: CreationCaps): string {
  return (
    `Left of today's Klaviyo caps: ${c.segments.left} of ${c.segments.cap} new segments, ` +
    `${c.lists.left} of ${c.lists.cap} new lists (created in the last 24 hours or queued count).`
  );
}

function positiveNumber(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1)
    throw new AppError('validation', `--${flag} must be a number of at least 1 (got "${value}").`, {
      details: { flag, value },
    });
  return n;
}

function keysOf(value: string | undefined): StandardAudienceKey[] {
  if (value === undefined) return [...standardAudienceKeys];
  const keys = value.split(',').map((s) => s.trim());
  for (const k of keys)
    if (!(standardAudienceKeys as readonly string[]).includes(k))
      throw new AppError('validation', `--only takes ${standardAudienceKeys.join(', ')} (got "${k}").`, {
        details: { flag: 'only', value: k },
      });
  return keys as StandardAudienceKey[];
}

const createStandardCmd: CliCommand = {
  name: 'create-standard',
  summary:
    'queue the standard segments (All Customers, New Subscribers, VIP, Active); names that exist are skipped, and ' +
    "never more than is left of today's creation cap",
  usage:
    'audiences create-standard --workspace NAME [--only vip,active] [--vip-orders 3] [--vip-revenue 500] ' +
    '[--active-days 90] [--new-days 30] [--preview]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--only KEYS', text: `only these (${standardAudienceKeys.join(', ')}); default: all four` },
    { flag: '--vip-orders N', text: 'VIP: placed an order at least N times, ever (default 3)' },
    { flag: '--vip-revenue X', text: "VIP: or spent at least X in the store's currency, ever (default 500)" },
    { flag: '--active-days N', text: 'Active: opened or clicked an email in the last N days (default 90)' },
    { flag: '--new-days N', text: 'New Subscribers: subscribed to email in the last N days (default 30)' },
    { flag: '--preview', text: 'show the definitions in words and the caps left; queue nothing' },
  ],
  example: 'npm run cli -- audiences create-standard --workspace "Acme" --vip-orders 5 --active-days 60',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        only: { type: 'string' },
        'vip-orders': { type: 'string' },
        'vip-revenue': { type: 'string' },
        'active-days': { type: 'string' },
        'new-days': { type: 'string' },
        preview: { type: 'boolean' },
      },
      strict: true,
    });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const thresholds = StandardThresholdsSchema.parse({
      ...(values['vip-orders'] ? { vipOrders: positiveInt(values['vip-orders'], 'vip-orders') } : {}),
      ...(values['vip-revenue'] ? { vipRevenue: positiveNumber(values['vip-revenue'], 'vip-revenue') } : {}),
      ...(values['active-days'] ? { activeDays: positiveInt(values['active-days'], 'active-days') } : {}),
      ...(values['new-days'] ? { newSubscriberDays: positiveInt(values['new-days'], 'new-days') } : {}),
    });
    const keys = keysOf(values.only);
    const plan = await io.call('audiences:standard', { workspaceId: ws.id, thresholds });
    const described = table(
      ['SEGMENT', 'STATE', 'WHO IS IN IT'],
      plan.audiences
        .filter((a) => keys.includes(a.key))
        .map((a) => [
          a.name,
          a.state === 'missing_metric' ? `needs metric "${a.missingMetric ?? ''}"` : a.state,
          a.words.map((g) => g.map(audienceWordsEn).join(' OR ')).join(' AND ') || '—',
        ]),
    );
    if (values.preview) {
      io.print(`Standard segments for "${ws.name}":\n${described}\n${capsText(plan.caps)}`, {
        workspaceId: ws.id,
        ...plan,
      });
      return 0;
    }
    const r = await io.call('audiences:queueStandard', { workspaceId: ws.id, keys, thresholds });
    const human = [
      described,
      r.items.length
        ? `Queued ${r.items.length} new segment${r.items.length === 1 ? '' : 's'} for "${ws.name}" (saved locally; ` +
          `nothing is lost if this computer stops now). Send with: npm run cli -- outbox flush --workspace "${ws.name}"`
        : 'Nothing was queued.',
      ...r.skipped.map((s) => `Skipped: ${s.message}`),
      capsText(r.caps),
    ].join('\n');
    io.print(human, { workspaceId: ws.id, ...r });
    return 0;
  },
};

/** queues one creation and says so */
async function queueCreation(io: CliIo, workspaceRef: string, change: OutboxChange): Promise<number> {
  const ws = await io.workspace(workspaceRef);
  const { items } = await io.call('outbox:queue', { workspaceId: ws.id, change });
  const caps = await io.call('audiences:standard', { workspaceId: ws.id });
  io.print(
    `Queued the new ${change.kind === 'list_create' ? 'list' : 'segment'} for "${ws.name}" (saved locally). ` +
      `Send with: npm run cli -- outbox flush --workspace "${ws.name}"\n${capsText(caps.caps)}`,
    { workspaceId: ws.id, queued: items, caps: caps.caps },
  );
  return 0;
}

const createListCmd: CliCommand = {
  name: 'create-list',
  summary: "queue a new list (within today's cap of 150 new lists)",
  usage: 'audiences create-list --workspace NAME --name LIST_NAME',
  flags: [WORKSPACE_FLAG, { flag: '--name NAME', text: "the new list's name" }],
  example: 'npm run cli -- audiences create-list --workspace "Acme" --name "Popup 2027"',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, name: { type: 'string' } },
      strict: true,
    });
    return queueCreation(io, required(values.workspace, 'workspace'), {
      kind: 'list_create',
      name: required(values.name, 'name'),
    });
  },
};

const createSegmentCmd: CliCommand = {
  name: 'create-segment',
  summary: "queue a new segment from a definition file in Klaviyo's shape (within today's cap of 100 new segments)",
  usage: 'audiences create-segment --workspace NAME --name SEGMENT_NAME --definition FILE.json',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--name NAME', text: "the new segment's name" },
    {
      flag: '--definition FILE',
      text: 'a JSON file: {"condition_groups": [{"conditions": [...]}]} as the API takes it',
    },
  ],
  example: 'npm run cli -- audiences create-segment --workspace "Acme" --name "Openers 30d" --definition openers.json',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, name: { type: 'string' }, definition: { type: 'string' } },
      strict: true,
    });
    const file = required(values.definition, 'definition');
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new AppError('validation', `--definition: "${file}" could not be read as JSON: ${(err as Error).message}`, {
        details: { flag: 'definition', file },
      });
    }
    const def = SegmentDefinitionSchema.safeParse(raw);
    if (!def.success)
      throw new AppError(
        'validation',
        `--definition: "${file}" is not a segment definition: ${def.error.issues[0]?.message ?? ''}`,
        {
          details: { flag: 'definition', file, path: def.error.issues[0]?.path.join('.') ?? '' },
        },
      );
    return queueCreation(io, required(values.workspace, 'workspace'), {
      kind: 'segment_create',
      name: required(values.name, 'name'),
      definition: def.data,
    });
  },
};

export const audiencesCommand = subcommandTable(
  'audiences',
  'create lists and segments in Klaviyo (queued in the outbox), and the standard segments every account needs',
  [createStandardCmd, createListCmd, createSegmentCmd],
  'npm run cli -- audiences create-standard --workspace "Acme" --preview',
);
