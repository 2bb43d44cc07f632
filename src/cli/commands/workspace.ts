import { parseArgs } from 'node:util';
import type { KeyCheck, Workspace } from '../../shared/contract/workspaces';
import { AppError } from '../../shared/errors';
import { table, type CliIo } from '../io';
import type { CliCommand } from './types';

const KEY_VARIABLE = 'KLAVIYO_API_KEY';

async function readKey(io: CliIo, usage: string): Promise<string> {
  const fromStdin = (await io.readStdin()).trim();
  if (fromStdin) return fromStdin;
  const fromEnv = io.env[KEY_VARIABLE]?.trim();
  if (fromEnv) return fromEnv;
  throw new AppError(
    'validation',
    `No API key given: pipe it on stdin (e.g. \`pbpaste | npm run cli -- ${usage}\`) or set ${KEY_VARIABLE}.`,
    { details: { field: 'apiKey' } },
  );
}

function positionalName(positionals: string[], usage: string): string {
  const name = positionals.join(' ').trim();
  if (!name) throw new AppError('validation', `Name the workspace: ${usage}`, { details: { field: 'workspace' } });
  return name;
}

function checkLines(check: KeyCheck): string {
  return (
    `Scopes: ${check.scopes.join(', ') || 'none'}` +
    (check.missingScopes.length
      ? `\nMissing (these resources will be forbidden): ${check.missingScopes.join(', ')}`
      : '')
  );
}

/** Where the key went: the keychain, or nowhere (the environment store checks keys but cannot keep them). */
async function keyNote(io: CliIo, workspace: Workspace): Promise<{ keyStored: boolean; text: string }> {
  const storage = await io.keyStorage();
  if (storage.persistent && storage.writable)
    return { keyStored: true, text: `The key is stored in ${storage.label}.` };
  return {
    keyStored: false,
    text:
      `The key was checked but NOT stored: it came from ${KEY_VARIABLE}, and every command of this workspace will ` +
      `need ${KEY_VARIABLE} set to it. To store it in the OS keychain, run without ${KEY_VARIABLE}: ` +
      `\`printf %s "$KEY" | npm run cli -- workspace set-key "${workspace.name}"\`.`,
  };
}

const add: CliCommand = {
  name: 'add',
  summary: 'add a workspace: the key (stdin, else KLAVIYO_API_KEY) is checked live, then kept in the keychain',
  usage: 'workspace add --name NAME [--base-url URL] [--time-scale N]   (key on stdin or in KLAVIYO_API_KEY)',
  flags: [
    { flag: '--name NAME', text: 'what to call the workspace (usually the client)' },
    { flag: '--base-url URL', text: "Klaviyo's API address (default https://a.klaviyo.com; a simulator's URL)" },
    { flag: '--time-scale N', text: 'only for a simulator started with --time-scale N' },
  ],
  example: 'pbpaste | npm run cli -- workspace add --name "Acme"',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { name: { type: 'string' }, 'base-url': { type: 'string' }, 'time-scale': { type: 'string' } },
      strict: true,
    });
    if (!values.name) throw new AppError('validation', '--name is required.', { details: { flag: 'name' } });
    const timeScale = values['time-scale'] ? Number(values['time-scale']) : undefined;
    if (timeScale !== undefined && !(timeScale >= 1)) {
      throw new AppError('validation', '--time-scale must be a number ≥ 1.', { details: { flag: 'time-scale' } });
    }
    const apiKey = await readKey(io, 'workspace add --name N');
    const { workspace, check } = await io.call('workspaces:add', {
      name: values.name,
      apiKey,
      ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
      ...(timeScale ? { timeScale } : {}),
    });
    const note = await keyNote(io, workspace);
    io.print(
      `Added "${workspace.name}" (account ${check.accountName}, ${check.accountId}).\n${checkLines(check)}\n${note.text}`,
      { workspace, check, keyStored: note.keyStored },
    );
    return 0;
  },
};

const setKey: CliCommand = {
  name: 'set-key',
  summary: "replace a workspace's key (stdin, else KLAVIYO_API_KEY): checked live, must be the same account",
  usage: 'workspace set-key NAME   (key on stdin or in KLAVIYO_API_KEY)',
  flags: [],
  example: 'pbpaste | npm run cli -- workspace set-key "Acme"',
  async run(argv, io) {
    const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
    const ws = await io.workspace(positionalName(positionals, 'workspace set-key NAME'));
    const apiKey = await readKey(io, `workspace set-key "${ws.name}"`);
    const { workspace, check } = await io.call('workspaces:setKey', { workspaceId: ws.id, apiKey });
    const note = await keyNote(io, workspace);
    io.print(`Key of "${workspace.name}" replaced.\n${checkLines(check)}\n${note.text}`, {
      workspace,
      check,
      keyStored: note.keyStored,
    });
    return 0;
  },
};

const list: CliCommand = {
  name: 'list',
  summary: 'list the workspaces with their last run',
  usage: 'workspace list [--all]',
  flags: [{ flag: '--all', text: 'include archived workspaces' }],
  example: 'npm run cli -- workspace list --all --json',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { all: { type: 'boolean' } }, strict: true });
    const rows = await io.call('workspaces:list', { includeArchived: !!values.all });
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
  },
};

const rename: CliCommand = {
  name: 'rename',
  summary: 'rename a workspace',
  usage: 'workspace rename NAME --to NEW-NAME',
  flags: [{ flag: '--to NEW-NAME', text: 'the new name' }],
  example: 'npm run cli -- workspace rename "Acme" --to "Acme Europe"',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { to: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    });
    const ws = await io.workspace(positionalName(positionals, 'workspace rename NAME --to NEW-NAME'));
    const renamed = await io.call('workspaces:rename', { workspaceId: ws.id, name: values.to ?? '' });
    io.print(`Renamed to "${renamed.name}".`, renamed);
    return 0;
  },
};

const clientName: CliCommand = {
  name: 'client-name',
  summary: "the client's name on this workspace's reports (cover, footers), or back to the workspace's name",
  usage: 'workspace client-name NAME (--set "CLIENT NAME" | --clear)',
  flags: [
    { flag: '--set "CLIENT NAME"', text: 'the name reports print, e.g. "Acme Ltd"' },
    { flag: '--clear', text: "print the workspace's own name again" },
  ],
  example: 'npm run cli -- workspace client-name "acme-eu" --set "Acme Ltd"',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { set: { type: 'string' }, clear: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
    const usage = 'workspace client-name NAME (--set "CLIENT NAME" | --clear)';
    const ws = await io.workspace(positionalName(positionals, usage));
    if ((values.set === undefined) === !values.clear)
      throw new AppError('validation', `Give either --set "CLIENT NAME" or --clear: ${usage}`, {
        details: { flag: 'set' },
      });
    const out = await io.call('workspaces:setClientName', {
      workspaceId: ws.id,
      clientName: values.clear ? null : values.set!,
    });
    io.print(
      out.clientName
        ? `Reports of "${out.name}" now name the client "${out.clientName}".`
        : `Reports of "${out.name}" name the client by the workspace's name.`,
      out,
    );
    return 0;
  },
};

const archive: CliCommand = {
  name: 'archive',
  summary: 'archive a workspace (kept, but no longer synced or listed), or restore it with --undo',
  usage: 'workspace archive NAME [--undo]',
  flags: [{ flag: '--undo', text: 'restore an archived workspace' }],
  example: 'npm run cli -- workspace archive "Old client"',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { undo: { type: 'boolean' } },
      strict: true,
      allowPositionals: true,
    });
    const ws = await io.workspace(positionalName(positionals, 'workspace archive NAME'));
    const out = await io.call('workspaces:archive', { workspaceId: ws.id, archived: !values.undo });
    io.print(`${out.archived ? 'Archived' : 'Restored'} "${out.name}".`, out);
    return 0;
  },
};

const remove: CliCommand = {
  name: 'remove',
  summary: 'remove a workspace with its inventory, history and keychain entry',
  usage: 'workspace remove NAME',
  flags: [],
  example: 'npm run cli -- workspace remove "Old client"',
  async run(argv, io) {
    const { positionals } = parseArgs({ args: argv, options: {}, strict: true, allowPositionals: true });
    const ws = await io.workspace(positionalName(positionals, 'workspace remove NAME'));
    const res = await io.call('workspaces:remove', { workspaceId: ws.id });
    io.print(`Removed "${ws.name}" with its inventory, history and keychain entry.`, res);
    return 0;
  },
};

const subcommands = [add, list, rename, clientName, archive, remove, setKey];

export const workspaceCommand: CliCommand = {
  name: 'workspace',
  summary: "add, list, rename, archive or remove workspaces, set the client's name on reports, or replace a key",
  usage: `workspace <${subcommands.map((s) => s.name).join('|')}> [options]`,
  flags: [],
  example: 'npm run cli -- workspace list',
  subcommands,
  async run(argv) {
    throw new AppError(
      'validation',
      `Unknown workspace command "${argv[0] ?? ''}": use one of ${subcommands.map((s) => s.name).join(', ')} (each has --help).`,
      { details: { command: argv[0] ?? null } },
    );
  },
};
