import { parseArgs } from 'node:util';
import type { FlushResult, OutboxChange, OutboxItem } from '../../shared/contract/outbox';
import { flowStatuses, taggableTypes } from '../../shared/contract/outbox';
import { AppError } from '../../shared/errors';
import { parseDuration, table, type CliIo } from '../io';
import { required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T {
  const v = required(value, flag);
  if (!(allowed as readonly string[]).includes(v))
    throw new AppError('validation', `--${flag} must be one of ${allowed.join(', ')} (got "${v}").`, {
      details: { flag, value: v },
    });
  return v as T;
}

function what(i: OutboxItem): string {
  const p = i.payload as { tag?: string; status?: string; name?: string };
  if (i.kind === 'flow_status') return `status → ${p.status}`;
  if (i.kind === 'flow_action_status') return `step status → ${p.status}`;
  if (i.kind === 'list_create') return `new list "${p.name}"`;
  if (i.kind === 'segment_create') return `new segment "${p.name}"`;
  return `${i.kind === 'tag_add' ? 'tag +' : 'tag −'} ${p.tag}`;
}

function itemRows(items: OutboxItem[]) {
  return table(
    ['ID', 'STATE', 'CHANGE', 'ITEM', 'ATTEMPTS', 'LAST ERROR'],
    items.map((i) => [
      i.id,
      i.state,
      what(i),
      `${i.targetType} ${i.targetName ?? i.targetId}`,
      i.attempts,
      i.error ? `[${i.error.code}] ${i.error.message}` : '',
    ]),
  );
}

/** queues the change through the one service road and says that it is safely queued */
async function queue(io: CliIo, workspaceRef: string, change: OutboxChange): Promise<number> {
  const ws = await io.workspace(workspaceRef);
  const { items } = await io.call('outbox:queue', { workspaceId: ws.id, change });
  io.print(
    `Queued ${items.length} change${items.length === 1 ? '' : 's'} for "${ws.name}" (saved locally; nothing is lost if ` +
      `this computer stops now). Send with: npm run cli -- outbox flush --workspace "${ws.name}"\n` +
      itemRows(items),
    { workspaceId: ws.id, queued: items },
  );
  return 0;
}

const listCmd: CliCommand = {
  name: 'list',
  summary: "a workspace's queued changes with their state, attempts and last error, and its conflicts",
  usage: 'outbox list --workspace NAME [--state pending,failed]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--state LIST', text: 'only these states (pending, sending, done, failed, conflict, rejected)' },
  ],
  example: 'npm run cli -- outbox list --workspace "Acme" --json',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, state: { type: 'string' } },
      strict: true,
    });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const states = values.state?.split(',').map((s) => s.trim()) as OutboxItem['state'][] | undefined;
    const r = await io.call('outbox:list', { workspaceId: ws.id, ...(states ? { states } : {}) });
    const counts = Object.entries(r.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
    const human = [
      `Outbox of "${ws.name}": ${counts}`,
      r.paused ? `PAUSED since ${r.paused.pausedAt}: ${r.paused.error.message} Replace the key to resume.` : null,
      r.items.length ? itemRows(r.items) : 'Nothing queued.',
      r.conflicts.length
        ? 'Conflicts:\n' +
          table(
            ['ITEM', 'AT', 'MINE', 'KLAVIYO', 'DECISION', 'CLOCK TRUSTED'],
            r.conflicts.map((c) => [
              c.itemId,
              c.at,
              JSON.stringify(c.local),
              JSON.stringify(c.remote),
              c.decision === 'local' ? 'mine applied' : 'Klaviyo kept',
              c.clock === 'remote' ? "Klaviyo's" : 'ours (Klaviyo ahead)',
            ]),
          )
        : null,
    ]
      .filter((l) => l !== null)
      .join('\n');
    io.print(human, { workspaceId: ws.id, ...r });
    return 0;
  },
};

function flushText(name: string, r: FlushResult): string {
  const head = `Sent ${r.requests} request${r.requests === 1 ? '' : 's'} for "${name}": ${r.done} done, ${r.rejected} rejected, ${r.failed} failed, ${r.conflicts} conflicts; ${r.pending} still queued.`;
  const why: Record<NonNullable<FlushResult['blocked']>, string> = {
    paused: 'The queue is paused: Klaviyo refused the key. Replace it (workspace set-key) and it resumes.',
    offline: 'Klaviyo could not be reached; the queue waits for the connection.',
    retry_later: 'Klaviyo asked us to wait; the rest goes out on the next flush.',
    busy: 'Another process is sending this queue right now.',
  };
  return [head, r.blocked ? why[r.blocked] : null, r.error ? `Last error [${r.error.code}]: ${r.error.message}` : null]
    .filter(Boolean)
    .join('\n');
}

const flushCmd: CliCommand = {
  name: 'flush',
  summary:
    'send what is queued; exits when the queue is empty or blocked (exit 0 empty, 2 paused for a key, 3 blocked)',
  usage: 'outbox flush --workspace NAME [--wait 2m]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--wait DURATION', text: 'how long to wait for retries Klaviyo delays (default 2m; 0 = not at all)' },
  ],
  example: 'npm run cli -- outbox flush --workspace "Acme"',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, wait: { type: 'string' } },
      strict: true,
    });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const waitMs = values.wait === undefined ? 120_000 : values.wait === '0' ? 0 : parseDuration(values.wait, 'wait');
    const r = await io.call('outbox:flush', { workspaceId: ws.id, trigger: 'cli', waitMs });
    io.print(flushText(ws.name, r), r);
    if (r.blocked === 'paused') return 2;
    return r.pending ? 3 : 0;
  },
};

const retryCmd: CliCommand = {
  name: 'retry',
  summary: 'put failed, conflicting ("apply mine again") or rejected changes back in the queue',
  usage: 'outbox retry --workspace NAME [--item ID]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--item ID', text: 'only this item (default: every failed, conflict and rejected one)' },
  ],
  example: 'npm run cli -- outbox retry --workspace "Acme" --item 12',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, item: { type: 'string' } },
      strict: true,
    });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const r = await io.call('outbox:retry', { workspaceId: ws.id, ...(values.item ? { itemId: values.item } : {}) });
    io.print(`${r.retried} change${r.retried === 1 ? '' : 's'} queued again.`, r);
    return 0;
  },
};

const discardCmd: CliCommand = {
  name: 'discard',
  summary: 'drop a queued change that is not being sent',
  usage: 'outbox discard --workspace NAME --item ID',
  flags: [WORKSPACE_FLAG, { flag: '--item ID', text: 'the item (its ID in outbox list)' }],
  example: 'npm run cli -- outbox discard --workspace "Acme" --item 12',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, item: { type: 'string' } },
      strict: true,
    });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const r = await io.call('outbox:discard', { workspaceId: ws.id, itemId: required(values.item, 'item') });
    io.print(r.discarded ? 'Discarded.' : 'No such item in this workspace.', r);
    return r.discarded ? 0 : 1;
  },
};

export function subcommandTable(name: string, summary: string, subcommands: CliCommand[], example: string): CliCommand {
  return {
    name,
    summary,
    usage: `${name} <${subcommands.map((s) => s.name).join('|')}> [options]`,
    flags: [],
    example,
    subcommands,
    async run(argv) {
      throw new AppError(
        'validation',
        `Unknown ${name} command "${argv[0] ?? ''}": use one of ${subcommands.map((s) => s.name).join(', ')} (each has --help).`,
        { details: { command: argv[0] ?? null } },
      );
    },
  };
}

export const outboxCommand = subcommandTable(
  'outbox',
  'the changes queued for Klaviyo: list, send, retry, discard',
  [listCmd, flushCmd, retryCmd, discardCmd],
  'npm run cli -- outbox list --workspace "Acme"',
);

function tagCmd(kind: 'tag_add' | 'tag_remove'): CliCommand {
  const verb = kind === 'tag_add' ? 'add' : 'remove';
  return {
    name: verb,
    summary: `${verb} a tag ${kind === 'tag_add' ? 'to' : 'from'} items (queued; sent by outbox flush or the app)`,
    usage: `tag ${verb} --workspace NAME --type flow|campaign|list|segment --id ID[,ID…] --tag NAME${kind === 'tag_add' ? ' [--group NAME]' : ''}`,
    flags: [
      WORKSPACE_FLAG,
      { flag: '--type TYPE', text: 'flow, campaign, list or segment' },
      { flag: '--id ID', text: "the item's Klaviyo id (several separated by commas)" },
      { flag: '--tag NAME', text: 'the tag, by name' },
      ...(kind === 'tag_add'
        ? [{ flag: '--group NAME', text: 'the tag group a new tag goes into (default: the account default group)' }]
        : []),
    ],
    example: `npm run cli -- tag ${verb} --workspace "Acme" --type flow --id XyZ123 --tag "Needs review"`,
    async run(argv, io) {
      const { values } = parseArgs({
        args: argv,
        options: {
          workspace: { type: 'string' },
          type: { type: 'string' },
          id: { type: 'string' },
          tag: { type: 'string' },
          ...(kind === 'tag_add' ? { group: { type: 'string' as const } } : {}),
        },
        strict: true,
      });
      const group = (values as { group?: string }).group;
      return queue(io, required(values.workspace, 'workspace'), {
        kind,
        targetType: oneOf(values.type, taggableTypes, 'type'),
        targetIds: required(values.id, 'id')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        tag: required(values.tag, 'tag'),
        ...(group ? { tagGroup: group } : {}),
      });
    },
  };
}

export const tagCommand = subcommandTable(
  'tag',
  'add or remove tags on flows, campaigns, lists and segments (queued in the outbox)',
  [tagCmd('tag_add'), tagCmd('tag_remove')],
  'npm run cli -- tag add --workspace "Acme" --type flow --id XyZ123 --tag "Needs review"',
);

/** a flow's or a flow step's status: the same flags, the ids of one or the other */
function statusCmd(
  kind: 'flow_status' | 'flow_action_status',
  text: Pick<CliCommand, 'name' | 'summary' | 'usage' | 'example'> & { id: { flag: string; text: string } },
): CliCommand {
  return {
    name: text.name,
    summary: text.summary,
    usage: text.usage,
    flags: [WORKSPACE_FLAG, text.id, { flag: '--status STATUS', text: 'draft, manual or live' }],
    example: text.example,
    async run(argv, io) {
      const { values } = parseArgs({
        args: argv,
        options: { workspace: { type: 'string' }, id: { type: 'string' }, status: { type: 'string' } },
        strict: true,
      });
      return queue(io, required(values.workspace, 'workspace'), {
        kind,
        targetIds: required(values.id, 'id')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        status: oneOf(values.status, flowStatuses, 'status'),
      });
    },
  };
}

const setStatusCmd = statusCmd('flow_status', {
  name: 'set-status',
  summary: "set a flow's status: draft, manual or live (queued; live means its emails start sending)",
  usage: 'flow set-status --workspace NAME --id ID --status draft|manual|live',
  id: { flag: '--id ID', text: "the flow's Klaviyo id" },
  example: 'npm run cli -- flow set-status --workspace "Acme" --id XyZ123 --status live',
});

const setActionStatusCmd = statusCmd('flow_action_status', {
  name: 'set-action-status',
  summary:
    "set a flow step's status: draft, manual or live (queued; live means that step's message starts sending " +
    'to everyone who reaches it)',
  usage: 'flow set-action-status --workspace NAME --id ACTION_ID[,ACTION_ID…] --status draft|manual|live',
  id: {
    flag: '--id ACTION_ID',
    text: "the flow action's Klaviyo id (several separated by commas); see: inventory --type flow-actions",
  },
  example: 'npm run cli -- flow set-action-status --workspace "Acme" --id 81234567 --status live',
});

export const flowCommand = subcommandTable(
  'flow',
  'change a flow in Klaviyo (queued in the outbox): its status, or the status of one of its steps',
  [setStatusCmd, setActionStatusCmd],
  'npm run cli -- flow set-status --workspace "Acme" --id XyZ123 --status live',
);
