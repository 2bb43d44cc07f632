import { parseArgs } from 'node:util';
import type { HistoryLang } from '../../shared/history/words';
import { HEALTH_WORDS } from '../../shared/history/health-words';
import { table } from '../io';
import { choice } from './flags';
import type { CliCommand } from './types';

const langOf = (value: string) =>
  choice<HistoryLang>(value, 'lang', (v) => ({ success: v === 'en' || v === 'pl', data: v as HistoryLang }), [
    'en',
    'pl',
  ])!;
const percent = (rate: number | null) => (rate === null ? '' : `${(rate * 100).toFixed(1)} %`);
const seconds = (ms: number | null) => (ms === null ? '' : (ms / 1000).toFixed(1));

export const healthCommand: CliCommand = {
  name: 'health',
  summary: "each client's sync health: success rate, last complete sync and what to do (one client or all)",
  usage: 'health [--workspace NAME] [--lang en|pl] [--json]',
  flags: [
    { flag: '--workspace NAME', text: 'only this workspace, by its name or id (default: every client)' },
    { flag: '--lang en|pl', text: 'the language of the recommendations and headings (default en)' },
  ],
  example: 'npm run cli -- health --workspace "Acme" --json',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { workspace: { type: 'string' }, lang: { type: 'string', default: 'en' } },
      strict: true,
    });
    const lang = langOf(values.lang);
    const w = HEALTH_WORDS[lang];
    const ws = values.workspace ? await io.workspace(values.workspace) : null;
    const report = await io.call('health:get', { workspaceId: ws?.id, lang });
    const human = report.items.length
      ? table(
          [w.client, w.state, w.successRate, w.pushSuccessRate, w.lastComplete, w.advice],
          report.items.flatMap((i) => {
            const advice = i.recommendations.length ? i.recommendations.map((r) => r.text) : [w.none];
            return advice.map((text, k) =>
              k === 0
                ? [
                    i.name,
                    w[i.state],
                    percent(i.successRate),
                    percent(i.pushSuccessRate),
                    i.lastCompleteAt ?? w.never,
                    text,
                  ]
                : ['', '', '', '', '', text],
            );
          }),
        )
      : w.noClients;
    io.print(human, report);
    return 0;
  },
};

/** `history analytics`: the figures over a window, across all clients and per client, with failure patterns. */
export async function historyAnalytics(argv: string[], io: Parameters<CliCommand['run']>[1]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      workspace: { type: 'string' },
      since: { type: 'string' },
      until: { type: 'string' },
      direction: { type: 'string' },
      lang: { type: 'string', default: 'en' },
    },
    strict: true,
  });
  const lang = langOf(values.lang);
  const w = HEALTH_WORDS[lang];
  const ws = values.workspace ? await io.workspace(values.workspace) : null;
  const a = await io.call('history:analytics', {
    workspaceId: ws?.id,
    from: values.since ? new Date(values.since).toISOString() : undefined,
    to: values.until ? new Date(values.until).toISOString() : undefined,
    direction: choice(
      values.direction,
      'direction',
      (v) => ({ success: v === 'pull' || v === 'push', data: v as 'pull' | 'push' }),
      ['pull', 'push'],
    ),
    lang,
  });
  const row = (name: string, f: typeof a.total) => [
    name,
    f.runs,
    percent(f.successRate),
    seconds(f.avgDurationMs),
    seconds(f.p95DurationMs),
    f.requests,
    f.throttled,
  ];
  const human = [
    `${a.from} – ${a.to}`,
    table(
      [w.client, w.runs, w.successRate.replace(/ \(.*\)/, ''), w.avg, w.p95, w.requests, w.throttled],
      [
        ...(ws ? [] : [row(w.all, a.total)]),
        // pulls and pushes apart, unless only one direction was asked for
        ...(values.direction ? [] : [row(w.pulls, a.directions.pull), row(w.pushes, a.directions.push)]),
        ...a.workspaces.map((x) => row(x.name, x)),
      ],
    ),
    `${w.patterns}:`,
    ...(a.total.patterns.length ? a.total.patterns.map((p) => `  ${p.text}`) : [`  ${w.none}`]),
  ].join('\n');
  io.print(human, a);
  return 0;
}
