import { parseArgs } from 'node:util';
import { staleKept, staleLine } from '../../shared/audit/stale';
import { table } from '../io';
import { required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

/** "2026-12-03 19:40 UTC" from an ISO time */
const utcMinute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'audit a workspace from its latest sync, refreshing stale performance figures within the daily budget',
  usage: 'audit --workspace NAME [--offline] [--refresh-all]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--offline', text: 'do not call Klaviyo: audit on the figures already stored' },
    { flag: '--refresh-all', text: 'fetch every performance figure again, not only the stale ones' },
  ],
  example: 'npm run cli -- audit --workspace "Acme" --json > audit.json',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        offline: { type: 'boolean' },
        'refresh-all': { type: 'boolean' },
      },
      strict: true,
    });
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    const refresh = values.offline
      ? null
      : await io.call('audit:refreshFigures', { workspaceId: ws.id, all: !!values['refresh-all'] });
    const result = await io.call('audit:run', { workspaceId: ws.id });
    const failing = result.findings.filter((f) => f.status === 'fail' && !f.decision);
    const setAside = result.findings.filter((f) => f.status === 'fail' && f.decision);
    const human = [
      `Audit of "${ws.name}": score ${result.score}/100${result.scored ? '' : ' (test account, not scored)'}, coverage ${Math.round(result.coverage * 100)}%`,
      ...(result.stale ? [staleLine('en', result.stale, utcMinute(result.stale.since)), staleKept('en')] : []),
      `${result.counts.fail} failing (${result.counts.critical} critical), ${result.counts.pass} passing, ${result.counts.unknown} unknown`,
      !refresh
        ? 'Figures not refreshed (--offline).'
        : refresh.error
          ? `Figures not refreshed: ${refresh.error}`
          : `Reporting calls this run: ${refresh.spent}, left today: ${refresh.budgetLeft}`,
      table(
        ['AREA', 'SCORE', 'FAIL', 'PASS', 'UNKNOWN'],
        result.areas.map((a) => [a.area, a.score, a.fail, a.pass, a.unknown]),
      ),
      failing.length
        ? table(
            ['RULE', 'SEVERITY', 'FINDING'],
            failing.map((f) => [f.ruleId, f.severity, f.summary]),
          )
        : 'No failing rules.',
      ...(setAside.length
        ? [
            'Accepted or snoozed (not counted as failures):',
            table(
              ['RULE', 'STATE', 'BY', 'FINDING'],
              setAside.map((f) => [
                f.ruleId,
                f.decision!.state === 'snoozed' ? `snoozed until ${f.decision!.until?.slice(0, 10)}` : 'accepted',
                f.decision!.by,
                f.summary,
              ]),
            ),
          ]
        : []),
    ].join('\n');
    io.print(human, {
      workspace: { id: ws.id, name: ws.name },
      refresh: refresh && !refresh.error ? refresh : null,
      refreshError: refresh?.error ?? null,
      ...result,
    });
    return 0;
  },
};
