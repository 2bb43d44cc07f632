import path from 'node:path';
import { parseArgs } from 'node:util';
import { trendSubjectTypes } from '../../shared/contract/trends';
import type { TrendPoint } from '../../shared/contract';
import { trendMetricWord, type TrendLang } from '../../shared/trends';
import { AppError } from '../../shared/errors';
import { table } from '../io';
import { language, required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

type SubjectType = (typeof trendSubjectTypes)[number];

/** "lists:Xy12ab" → the item whose trend is asked */
function parseItem(v: string | undefined): { type: SubjectType; id: string } | undefined {
  if (v === undefined) return undefined;
  const at = v.indexOf(':');
  const type = v.slice(0, at);
  const id = v.slice(at + 1);
  if (at < 1 || !id || !(trendSubjectTypes as readonly string[]).includes(type)) {
    throw new AppError('validation', `--item must be TYPE:ID with TYPE one of ${trendSubjectTypes.join(', ')}.`, {
      details: { flag: 'item', value: v },
    });
  }
  return { type: type as SubjectType, id };
}

/** one row per sync run, one column per figure, in the order they were first captured */
function byRun(points: TrendPoint[], lang: TrendLang): string {
  const metrics = [...new Set(points.map((p) => p.metric))];
  const runs = new Map<string, { at: string; values: Map<string, string> }>();
  for (const p of points) {
    const key = p.runId ?? p.at;
    const row = runs.get(key) ?? { at: p.at, values: new Map<string, string>() };
    row.values.set(p.metric, p.label ?? (p.value === null ? '' : String(p.value)));
    runs.set(key, row);
  }
  return table(
    ['RUN', 'CAPTURED', ...metrics.map((m) => trendMetricWord(m, lang).toUpperCase())],
    [...runs].map(([run, r]) => [run, r.at, ...metrics.map((m) => r.values.get(m) ?? '')]),
  );
}

export const trendsCommand: CliCommand = {
  name: 'trends',
  summary: 'figures captured at every sync (score, failing checks, live flows, list sizes), over time',
  usage:
    'trends --workspace NAME [--item TYPE:ID] [--items] [--since TIME] [--lang en|pl] [--format csv --out FILE] [--json]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--item TYPE:ID', text: `one item's trend (TYPE: ${trendSubjectTypes.join(', ')})` },
    { flag: '--items', text: "with every item's points too (list and segment sizes, each flow's status)" },
    { flag: '--since TIME', text: 'only points captured from this ISO time on' },
    { flag: '--lang en|pl', text: 'the language of the table and of the CSV (default en)' },
    { flag: '--format csv --out FILE', text: 'write the points as CSV to FILE instead of printing them' },
  ],
  example: 'npm run cli -- trends --workspace "Acme" --format csv --out acme-trends.csv',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        item: { type: 'string' },
        items: { type: 'boolean', default: false },
        since: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    });
    const lang: TrendLang = language(values.lang) ?? 'en';
    const item = parseItem(values.item);
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const selection = {
      workspaceId: ws.id,
      ...(item ? { item } : {}),
      items: values.items,
      ...(values.since ? { since: values.since } : {}),
    };
    if (values.format !== undefined || values.out !== undefined) {
      if (values.format !== 'csv')
        throw new AppError('validation', '--format must be csv.', { details: { flag: 'format' } });
      const file = path.resolve(required(values.out, 'out'));
      io.exportTo(file);
      const r = await io.call('trends:export', { ...selection, lang });
      io.print(`Wrote ${r.rows} trend points of "${ws.name}" as CSV to ${file}`, {
        file,
        rows: r.rows,
        bytes: r.bytes,
      });
      return 0;
    }
    const { points } = await io.call('trends:get', selection);
    const own = points.filter((p) => !p.subject);
    const human = !points.length
      ? `"${ws.name}" has no trend points yet: they are captured at every sync.`
      : item
        ? table(
            ['RUN', 'CAPTURED', 'MEASURE', 'VALUE'],
            points.map((p) => [p.runId ?? '', p.at, trendMetricWord(p.metric, lang), p.label ?? String(p.value ?? '')]),
          )
        : byRun(own, lang);
    io.print(human, { points });
    return 0;
  },
};
