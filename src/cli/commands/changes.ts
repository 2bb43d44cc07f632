import path from 'node:path';
import { parseArgs } from 'node:util';
import { changeKinds, ChangeKindSchema, RunIdSchema } from '../../shared/contract/changes';
import { resourceTypes, ResourceTypeSchema } from '../../shared/contract/primitives';
import { changeSentence, typeWord, type ChangeLang } from '../../shared/changes';
import { AppError } from '../../shared/errors';
import { table } from '../io';
import { choice, required, WORKSPACE_FLAG } from './flags';
import type { CliCommand } from './types';

export const changesCommand: CliCommand = {
  name: 'changes',
  summary: 'what changed between two syncs of a workspace (default: its last two complete ones)',
  usage:
    'changes --workspace NAME [--from RUN] [--to RUN] [--resource TYPE] [--kind KIND] [--lang en|pl] [--format csv --out FILE]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--from RUN', text: 'the older run (default: the complete sync before --to)' },
    { flag: '--to RUN', text: 'the newer run (default: the last complete sync)' },
    { flag: '--resource TYPE', text: `only this resource: ${resourceTypes.join(', ')}` },
    { flag: '--kind KIND', text: `only ${changeKinds.join(', ')} items` },
    { flag: '--lang en|pl', text: 'the language of the sentences and of the CSV (default en)' },
    { flag: '--format csv --out FILE', text: 'write the change set as CSV to FILE instead of printing it' },
  ],
  example: 'npm run cli -- changes --workspace "Acme" --lang pl',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        resource: { type: 'string' },
        kind: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        format: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    });
    const lang = choice<ChangeLang>(
      values.lang,
      'lang',
      (v) => ({ success: v === 'en' || v === 'pl', data: v as ChangeLang }),
      ['en', 'pl'],
    )!;
    const runId = (v: string | undefined, flag: string) =>
      choice(v, flag, (x) => RunIdSchema.safeParse(x), ['a run number']);
    const selection = {
      fromRunId: runId(values.from, 'from'),
      toRunId: runId(values.to, 'to'),
      resource: choice(values.resource, 'resource', (v) => ResourceTypeSchema.safeParse(v), resourceTypes),
      kind: choice(values.kind, 'kind', (v) => ChangeKindSchema.safeParse(v), changeKinds),
    };
    const ws = await io.workspace(required(values.workspace, 'workspace'));
    if (values.format !== undefined || values.out !== undefined) {
      if (values.format !== 'csv')
        throw new AppError('validation', '--format must be csv.', { details: { flag: 'format' } });
      const file = path.resolve(required(values.out, 'out'));
      io.exportTo(file);
      const r = await io.call('changes:export', { workspaceId: ws.id, ...selection, lang });
      io.print(`Wrote ${r.rows} changes of "${ws.name}" as CSV to ${file}`, { file, rows: r.rows, bytes: r.bytes });
      return 0;
    }
    const set = await io.call('changes:between', { workspaceId: ws.id, ...selection, limit: 20_000 });
    const human =
      !set.from || !set.to
        ? `"${ws.name}" has fewer than two complete syncs: nothing to compare yet.`
        : `${set.total} changes between run ${set.from.runId} (${set.from.startedAt}) and run ${set.to.runId} (${set.to.startedAt})\n` +
          table(
            ['RESOURCE', 'ID', 'CHANGE', 'WHAT CHANGED'],
            set.items.map((c) => [
              typeWord(c.type, lang),
              c.id,
              c.kind,
              c.summary.map((m) => changeSentence(m, lang)).join('; '),
            ]),
          );
    io.print(human, {
      ...set,
      items: set.items.map((c) => ({ ...c, sentences: c.summary.map((m) => changeSentence(m, lang)) })),
    });
    return 0;
  },
};
