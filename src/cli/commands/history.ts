import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  resourceTypes,
  ResourceTypeSchema,
  RunOutcomeSchema,
  runOutcomes,
  RunSortFieldSchema,
  runSortFields,
  SortDirectionSchema,
  SyncTriggerSchema,
  syncTriggers,
  type RunOutcome,
  type SyncTrigger,
} from '../../shared/contract/primitives';
import type { ChannelInput } from '../../shared/contract';
import type { SyncRun } from '../../shared/contract/sync';
import { HISTORY_WORDS, type HistoryLang } from '../../shared/history/words';
import { AppError } from '../../shared/errors';
import { table } from '../io';
import { choice, positiveInt, required } from './flags';
import { historyAnalytics } from './health';
import { historyPrune } from './history-prune';
import type { CliCommand } from './types';

/** `2026-11-02` is that whole day in UTC; a full ISO time is taken as given */
function dayOrTime(value: string | undefined, flag: string, endOfDay: boolean): string | undefined {
  if (value === undefined) return undefined;
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value;
  if (Number.isNaN(Date.parse(iso)) || !/^\d{4}-\d{2}-\d{2}T/.test(iso)) {
    throw new AppError('validation', `--${flag} must be a date (2026-11-02) or an ISO time (2026-11-02T13:00:00Z).`, {
      details: { flag, value },
    });
  }
  return new Date(iso).toISOString();
}

/** one run's resources and the requests each made, per Klaviyo operation: the request plan as it ran */
function resourcesOfRun(r: SyncRun): string {
  return [
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
  ].join('\n');
}

/** a comma-separated list of allowed words */
function list<T extends string>(value: string | undefined, flag: string, allowed: readonly T[]): T[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((v) => choice(v.trim(), flag, (x) => ({ success: allowed.includes(x as T), data: x as T }), allowed)!);
}

export const historyCommand: CliCommand = {
  name: 'history',
  summary: 'every sync run, pull and push, filtered, sorted and paged (one client or all)',
  usage:
    'history [analytics | prune [--older-than DAYS] [--keep-runs N]] [--workspace NAME] [--resources] [--resource R] [--item ID] [--direction pull|push] [--status S[,S]] [--trigger T[,T]] [--since D] [--until D] [--sort F] [--order asc|desc] [--page N] [--page-size N] [--lang en|pl] [--format csv --out FILE]',
  flags: [
    { flag: '--workspace NAME', text: 'only this workspace, by its name or id (default: every client)' },
    {
      flag: 'analytics',
      text: 'instead of runs: success rate, average and p95 duration, requests, 429s and failure patterns (--since/--until, default the last 30 days)',
    },
    {
      flag: 'prune',
      text: "instead of runs: remove the snapshots of runs older than the retention setting (Settings, default 180 days); the runs' summaries stay. The app does this after every sync",
    },
    { flag: 'prune --older-than DAYS', text: 'keep the snapshots of the last DAYS days instead of the setting' },
    { flag: 'prune --keep-runs N', text: "keep at least each client's newest N runs' snapshots" },
    { flag: '--resource R', text: `only runs that listed this resource: ${resourceTypes.join(', ')}` },
    { flag: '--item ID', text: 'only runs that saw or sent the item with this Klaviyo id' },
    { flag: '--direction pull|push', text: 'only runs from Klaviyo (pull) or to Klaviyo (push)' },
    { flag: '--status S', text: `only these outcomes, comma-separated: ${runOutcomes.join(', ')}` },
    { flag: '--trigger T', text: `only runs started this way, comma-separated: ${syncTriggers.join(', ')}` },
    {
      flag: '--since D / --until D',
      text: 'runs started from / up to this date (2026-11-02, whole day, UTC) or ISO time',
    },
    { flag: '--sort F', text: `order by ${runSortFields.join(', ')} (default started)` },
    { flag: '--order asc|desc', text: 'ascending or descending (default desc: newest, longest, most first)' },
    { flag: '--page N / --page-size N', text: 'which page, and runs per page (default 1 and 20, at most 200)' },
    { flag: '--limit N', text: 'the same as --page-size' },
    { flag: '--resources', text: "each run's resources too: their requests, per Klaviyo operation (the request plan)" },
    { flag: '--lang en|pl', text: 'the language of the words printed and of the CSV (default en)' },
    { flag: '--format csv --out FILE', text: 'write every run of the selection as CSV to FILE instead of a page' },
  ],
  example: 'npm run cli -- history --workspace "Acme" --status failure --since 2026-11-01',
  run: historyRun(false),
};

function historyRun(arrayJson: boolean): CliCommand['run'] {
  return async (argv, io) => {
    if (argv[0] === 'analytics') return historyAnalytics(argv.slice(1), io);
    if (argv[0] === 'prune') return historyPrune(argv.slice(1), io);
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        resource: { type: 'string' },
        item: { type: 'string' },
        direction: { type: 'string' },
        status: { type: 'string' },
        trigger: { type: 'string' },
        since: { type: 'string' },
        until: { type: 'string' },
        sort: { type: 'string', default: 'started' },
        order: { type: 'string', default: 'desc' },
        page: { type: 'string', default: '1' },
        'page-size': { type: 'string' },
        limit: { type: 'string' },
        resources: { type: 'boolean', default: false },
        lang: { type: 'string', default: 'en' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    });
    const lang = choice<HistoryLang>(
      values.lang,
      'lang',
      (v) => ({ success: v === 'en' || v === 'pl', data: v as HistoryLang }),
      ['en', 'pl'],
    )!;
    const ws = values.workspace ? await io.workspace(values.workspace) : null;
    const pageSize = Math.min(200, positiveInt(values['page-size'] ?? values.limit ?? '20', 'page-size'));
    const page = positiveInt(values.page, 'page');
    const query = {
      workspaceId: ws?.id,
      resource: choice(values.resource, 'resource', (v) => ResourceTypeSchema.safeParse(v), resourceTypes),
      item: values.item,
      direction: choice(
        values.direction,
        'direction',
        (v) => ({ success: v === 'pull' || v === 'push', data: v as 'pull' | 'push' }),
        ['pull', 'push'],
      ),
      outcome: list<RunOutcome>(values.status, 'status', RunOutcomeSchema.options),
      trigger: list<SyncTrigger>(values.trigger, 'trigger', SyncTriggerSchema.options),
      from: dayOrTime(values.since, 'since', false),
      to: dayOrTime(values.until, 'until', true),
      sortBy: choice(values.sort, 'sort', (v) => RunSortFieldSchema.safeParse(v), runSortFields),
      sort: choice(values.order, 'order', (v) => SortDirectionSchema.safeParse(v), ['asc', 'desc']),
    } satisfies ChannelInput<'sync:runs'>;

    if (values.format !== undefined || values.out !== undefined) {
      if (values.format !== 'csv')
        throw new AppError('validation', '--format must be csv.', { details: { flag: 'format' } });
      const file = path.resolve(required(values.out, 'out'));
      io.exportTo(file);
      const r = await io.call('sync:runsExport', { ...query, lang });
      io.print(`Wrote ${r.rows} runs as CSV to ${file}`, { file, rows: r.rows, bytes: r.bytes });
      return 0;
    }
    const { items, total } = await io.call('sync:runs', { ...query, offset: (page - 1) * pageSize, limit: pageSize });
    const w = HISTORY_WORDS[lang];
    const names = new Map<string, string>();
    if (!ws) for (const x of await io.call('workspaces:list', { includeArchived: true })) names.set(x.id, x.name);
    const sum = (r: (typeof items)[number], k: 'requests' | 'itemsAdded' | 'itemsChanged' | 'itemsRemoved') =>
      r.resources.reduce((a, x) => a + x[k], 0);
    const pages = Math.max(1, Math.ceil(total / pageSize));
    if (values.resources && items.length) {
      io.print(items.map(resourcesOfRun).join('\n\n'), arrayJson ? items : { items, total, page, pageSize });
      return 0;
    }
    const human = items.length
      ? `${total} runs, page ${page} of ${pages}\n` +
        table(
          [
            ...(ws ? [] : ['CLIENT']),
            'RUN',
            'DIRECTION',
            'OUTCOME',
            'TRIGGER',
            'STARTED',
            'SECONDS',
            'REQUESTS',
            'ADDED',
            'CHANGED',
            'REMOVED',
            'ERROR',
          ],
          items.map((r) => [
            ...(ws ? [] : [names.get(r.workspaceId) ?? r.workspaceId]),
            r.id,
            w.direction[r.direction],
            w.outcome[r.outcome],
            w.trigger[r.trigger],
            r.startedAt,
            r.durationMs === null ? '' : (r.durationMs / 1000).toFixed(1),
            sum(r, 'requests'),
            sum(r, 'itemsAdded'),
            sum(r, 'itemsChanged'),
            sum(r, 'itemsRemoved'),
            r.error?.code,
          ]),
        )
      : total
        ? `Page ${page} is past the last page (${pages}).`
        : 'No runs match.';
    // the older verb's --json was the page's runs alone; scripts read it that way
    io.print(human, arrayJson ? items : { items, total, page, pageSize });
    return 0;
  };
}

/** the older name of `history`, kept so scripts written for it still run */
export const runsCommand: CliCommand = {
  ...historyCommand,
  name: 'runs',
  summary: 'the same as history (older name)',
  usage: historyCommand.usage.replace(/^history/, 'runs'),
  example: 'npm run cli -- runs --workspace "Acme" --limit 5',
  run: historyRun(true),
};
