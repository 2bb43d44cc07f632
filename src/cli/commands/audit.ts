import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { refreshAndAudit } from '../../main/core/audit';
import { table } from '../io';
import type { CliCommand } from './types';

export const auditCommand: CliCommand = {
  name: 'audit',
  summary: 'audit a workspace from its latest sync (refreshing performance figures within the reporting budget)',
  usage: 'audit --workspace N [--offline] [--refresh-all] [--json]',
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
    if (!values.workspace)
      throw new AppError('validation', '--workspace is required.', { details: { flag: 'workspace' } });
    const ctx = io.context();
    const ws = ctx.workspaces.resolve(values.workspace);
    const { result, auditRunId, refresh, refreshError } = await refreshAndAudit(ctx, ws.id, {
      refresh: !values.offline,
      force: values['refresh-all'] ?? false,
    });
    const failing = result.findings.filter((f) => f.status === 'fail');
    const human = [
      `Audit of "${ws.name}": score ${result.score}/100${result.scored ? '' : ' (test account, not scored)'}, coverage ${Math.round(result.coverage * 100)}%`,
      `${result.counts.fail} failing (${result.counts.critical} critical), ${result.counts.pass} passing, ${result.counts.unknown} unknown`,
      refresh
        ? `Reporting calls this run: ${refresh.spent}, left today: ${refresh.budgetLeft}`
        : refreshError
          ? `Figures not refreshed: ${refreshError}`
          : 'Figures not refreshed (--offline).',
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
    ].join('\n');
    io.print(human, {
      workspace: { id: ws.id, name: ws.name },
      auditRunId,
      refresh: refresh ? { spent: refresh.spent, budgetLeft: refresh.budgetLeft, fetched: refresh.fetched } : null,
      refreshError,
      ...result,
    });
    return 0;
  },
};
