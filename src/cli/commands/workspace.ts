import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import { API_KEY_ENV_VAR } from '../../main/core/secrets';
import { iso, table, type CliIo } from '../io';
import type { CliCommand } from './types';

const USAGE = `workspace add --name N [--base-url URL] [--time-scale N]   (key from stdin or ${API_KEY_ENV_VAR})
workspace list [--all]
workspace rename N --to M
workspace archive N [--undo]
workspace remove N`;

async function readKey(io: CliIo): Promise<string> {
  const fromStdin = (await io.readStdin()).trim();
  if (fromStdin) return fromStdin;
  const fromEnv = io.env[API_KEY_ENV_VAR]?.trim();
  if (fromEnv) return fromEnv;
  throw new AppError(
    'validation',
    `No API key given: pipe it on stdin (e.g. \`pbpaste | npm run cli -- workspace add --name N\`) or set ${API_KEY_ENV_VAR}.`,
    { details: { field: 'apiKey' } },
  );
}

export const workspaceCommand: CliCommand = {
  name: 'workspace',
  summary: 'add, list, rename, archive or remove workspaces',
  usage: USAGE,
  async run(argv, io) {
    const [sub, ...rest] = argv;
    const ctx = () => io.context();
    switch (sub) {
      case 'add': {
        const { values } = parseArgs({
          args: rest,
          options: { name: { type: 'string' }, 'base-url': { type: 'string' }, 'time-scale': { type: 'string' } },
          strict: true,
        });
        if (!values.name) throw new AppError('validation', '--name is required.', { details: { flag: 'name' } });
        const timeScale = values['time-scale'] ? Number(values['time-scale']) : undefined;
        if (timeScale !== undefined && !(timeScale >= 1)) {
          throw new AppError('validation', '--time-scale must be a number ≥ 1.', { details: { flag: 'time-scale' } });
        }
        const apiKey = await readKey(io);
        const { workspace, check } = await ctx().workspaces.add({
          name: values.name,
          apiKey,
          ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
          ...(timeScale ? { settings: { timeScale } } : {}),
        });
        const { secretRef: _ref, ...shown } = workspace;
        io.print(
          `Added "${workspace.name}" (account ${check.accountName}, ${check.accountId}).\n` +
            `Scopes: ${check.scopes.join(', ') || 'none'}` +
            (check.missingScopes.length
              ? `\nMissing (these resources will be forbidden): ${check.missingScopes.join(', ')}`
              : ''),
          { workspace: shown, check: { ...check, probes: undefined } },
        );
        return 0;
      }
      case 'list': {
        const { values } = parseArgs({ args: rest, options: { all: { type: 'boolean' } }, strict: true });
        const list = ctx().workspaces.list({ includeArchived: !!values.all });
        const rows = list.map((w) => {
          const last = ctx().store.runs.latest(w.id);
          return {
            ...w,
            secretRef: undefined,
            lastRun: last ? { status: last.status, startedAt: iso(last.startedAt), requestId: last.requestId } : null,
          };
        });
        io.print(
          rows.length
            ? table(
                ['NAME', 'ACCOUNT', 'BASE URL', 'ARCHIVED', 'LAST RUN', 'AT'],
                rows.map((w) => [
                  w.name,
                  w.accountId,
                  w.baseUrl,
                  w.archived ? 'yes' : '',
                  w.lastRun?.status,
                  w.lastRun?.startedAt,
                ]),
              )
            : 'No workspaces yet. Add one with: workspace add --name N',
          rows,
        );
        return 0;
      }
      case 'rename': {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { to: { type: 'string' } },
          strict: true,
          allowPositionals: true,
        });
        const ws = ctx().workspaces.resolve(positionals.join(' '));
        const renamed = ctx().workspaces.rename({ workspaceId: ws.id, name: values.to ?? '' });
        io.print(`Renamed to "${renamed.name}".`, { ...renamed, secretRef: undefined });
        return 0;
      }
      case 'archive': {
        const { values, positionals } = parseArgs({
          args: rest,
          options: { undo: { type: 'boolean' } },
          strict: true,
          allowPositionals: true,
        });
        const ws = ctx().workspaces.resolve(positionals.join(' '));
        const out = ctx().workspaces.archive({ workspaceId: ws.id, archived: !values.undo });
        io.print(`${out.archived ? 'Archived' : 'Unarchived'} "${out.name}".`, { ...out, secretRef: undefined });
        return 0;
      }
      case 'remove': {
        const { positionals } = parseArgs({ args: rest, options: {}, strict: true, allowPositionals: true });
        const ws = ctx().workspaces.resolve(positionals.join(' '));
        const res = await ctx().workspaces.remove(ws.id);
        io.print(
          `Removed "${ws.name}" with its inventory and history${res.keyRemoved ? ' and its stored key' : ''}.`,
          res,
        );
        return 0;
      }
      default:
        throw new AppError('validation', `Unknown workspace command "${sub ?? ''}". Usage:\n${USAGE}`, {
          details: { command: sub ?? null },
        });
    }
  },
};
