import { parseArgs } from 'node:util';
import type { Audit, FindingDecisionRow } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { table, type CliIo } from '../io';
import { required, WORKSPACE_FLAG } from './flags';
import type { CliCommand, CliFlag } from './types';

const RULE_FLAG: CliFlag = { flag: '--rule ID', text: 'the rule of the finding (F3, D1…; `audit` lists them)' };
const ITEM_FLAG: CliFlag = {
  flag: '--item TYPE:ID',
  text: 'one evidence item of the finding (e.g. flow:XyZ12), instead of the whole finding',
};
const BY_FLAG: CliFlag = { flag: '--by NAME', text: 'who decides (default: the user signed in on this computer)' };

function itemRef(value: string | undefined): { type: string; id: string } | undefined {
  if (value === undefined) return undefined;
  const at = value.indexOf(':');
  if (at < 1 || at === value.length - 1)
    throw new AppError('validation', `--item must be TYPE:ID, e.g. flow:XyZ12 (got "${value}").`, {
      details: { flag: 'item', value },
    });
  return { type: value.slice(0, at), id: value.slice(at + 1) };
}

/** `2026-12-20` is the start of that day on this computer's clock; a full ISO time is taken as it is. */
function untilOf(value: string): string {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(day.getTime()))
    throw new AppError('validation', `--until must be a date such as 2026-12-20 (got "${value}").`, {
      details: { flag: 'until', value },
    });
  return day.toISOString();
}

function describeRow(r: FindingDecisionRow): string {
  const what = r.item ? `${r.ruleId} ${r.item.type}:${r.item.id}` : r.ruleId;
  const state =
    r.state === 'accepted'
      ? `accepted by ${r.stateBy} on ${r.stateAt?.slice(0, 10)}`
      : r.state === 'snoozed'
        ? `snoozed until ${r.until?.slice(0, 10)}${r.holds ? '' : ' (ran out)'} by ${r.stateBy}`
        : 'open';
  return `${what}: ${state}${r.note ? ` — note by ${r.noteBy}: ${r.note}` : ''}`;
}

function decisionCommand(o: {
  name: string;
  summary: string;
  usage: string;
  extra: CliFlag[];
  example: string;
  input: (values: Record<string, string | undefined>) => Record<string, unknown>;
  channel: 'findings:decide' | 'findings:note';
}): CliCommand {
  return {
    name: o.name,
    summary: o.summary,
    usage: o.usage,
    flags: [WORKSPACE_FLAG, RULE_FLAG, ITEM_FLAG, ...o.extra, BY_FLAG],
    example: o.example,
    async run(argv, io) {
      const { values } = parseArgs({
        args: argv,
        options: {
          workspace: { type: 'string' },
          rule: { type: 'string' },
          item: { type: 'string' },
          until: { type: 'string' },
          note: { type: 'string' },
          by: { type: 'string' },
        },
        strict: true,
      });
      const ws = await io.workspace(required(values.workspace, 'workspace'));
      const item = itemRef(values.item);
      const answer = await io.call(o.channel, {
        workspaceId: ws.id,
        ruleId: required(values.rule, 'rule').toUpperCase(),
        ...(item ? { item } : {}),
        ...(values.by ? { by: values.by } : {}),
        ...o.input(values),
      } as never);
      const audit = answer.audit as Audit | null;
      io.print(
        [
          describeRow(answer.decision),
          audit
            ? `Score now ${audit.score}/100: ${audit.counts.fail} failing (${audit.counts.critical} critical), ${audit.counts.accepted} accepted or snoozed.`
            : 'Not audited yet: the decision applies from the first audit.',
        ].join('\n'),
        answer,
      );
      return 0;
    },
  };
}

async function listDecisions(io: CliIo, workspace: string, rule: string | undefined) {
  const ws = await io.workspace(workspace);
  const rows = (await io.call('findings:list', { workspaceId: ws.id })).filter(
    (r) => !rule || r.ruleId === rule.toUpperCase(),
  );
  io.print(
    rows.length
      ? table(
          ['RULE', 'ITEM', 'STATE', 'UNTIL', 'BY', 'NOTE'],
          rows.map((r) => [
            r.ruleId,
            r.item ? `${r.item.type}:${r.item.id}` : '—',
            r.state === 'snoozed' && !r.holds ? 'snoozed (ran out)' : r.state,
            r.until?.slice(0, 10) ?? '',
            r.stateBy ?? r.noteBy ?? '',
            r.note ?? '',
          ]),
        )
      : `No decisions or notes on the findings of "${ws.name}".`,
    { workspace: { id: ws.id, name: ws.name }, decisions: rows },
  );
}

const subcommands: CliCommand[] = [
  {
    name: 'list',
    summary: 'the accepted, snoozed and noted findings of a workspace, with who and when',
    usage: 'finding list --workspace NAME [--rule ID]',
    flags: [WORKSPACE_FLAG, { flag: '--rule ID', text: 'only the decisions on this rule' }],
    example: 'npm run cli -- finding list --workspace "Acme" --json',
    async run(argv, io) {
      const { values } = parseArgs({
        args: argv,
        options: { workspace: { type: 'string' }, rule: { type: 'string' } },
        strict: true,
      });
      await listDecisions(io, required(values.workspace, 'workspace'), values.rule);
      return 0;
    },
  },
  decisionCommand({
    name: 'accept',
    summary: "accept a finding (won't fix): listed apart, no longer a failure of the score, kept across audits",
    usage: 'finding accept --workspace NAME --rule ID [--item TYPE:ID] [--by NAME]',
    extra: [],
    example: 'npm run cli -- finding accept --workspace "Acme" --rule F7',
    input: () => ({ action: 'accept' }),
    channel: 'findings:decide',
  }),
  decisionCommand({
    name: 'snooze',
    summary: 'snooze a finding until a date: set aside until then, a failure again from that day',
    usage: 'finding snooze --workspace NAME --rule ID --until DATE [--item TYPE:ID] [--by NAME]',
    extra: [{ flag: '--until DATE', text: 'the day it counts again (2026-12-20, this computer’s time zone)' }],
    example: 'npm run cli -- finding snooze --workspace "Acme" --rule F14 --until 2027-01-15',
    input: (v) => ({ action: 'snooze', until: untilOf(required(v.until, 'until')) }),
    channel: 'findings:decide',
  }),
  decisionCommand({
    name: 'reopen',
    summary: 'reopen an accepted or snoozed finding: a failure of the score again',
    usage: 'finding reopen --workspace NAME --rule ID [--item TYPE:ID] [--by NAME]',
    extra: [],
    example: 'npm run cli -- finding reopen --workspace "Acme" --rule F7',
    input: () => ({ action: 'reopen' }),
    channel: 'findings:decide',
  }),
  decisionCommand({
    name: 'note',
    summary: 'write a note on a finding (or one of its items); an empty note removes it',
    usage: 'finding note --workspace NAME --rule ID --note TEXT [--item TYPE:ID] [--by NAME]',
    extra: [{ flag: '--note TEXT', text: 'the note (up to 2000 characters; "" removes it)' }],
    example: 'npm run cli -- finding note --workspace "Acme" --rule F3 --note "Client builds it in January"',
    input: (v) => {
      if (v.note === undefined)
        throw new AppError('validation', '--note is required ("" removes the note).', { details: { flag: 'note' } });
      return { note: v.note };
    },
    channel: 'findings:note',
  }),
];

export const findingCommand: CliCommand = {
  name: 'finding',
  summary: 'work the findings: accept, snooze until a date, reopen, note, and list what was decided',
  usage: `finding <${subcommands.map((s) => s.name).join('|')}> [options]`,
  flags: [],
  example: 'npm run cli -- finding list --workspace "Acme"',
  subcommands,
  async run(argv) {
    throw new AppError(
      'validation',
      `Unknown finding command "${argv[0] ?? ''}": use one of ${subcommands.map((s) => s.name).join(', ')} (each has --help).`,
      { details: { command: argv[0] ?? null } },
    );
  },
};
