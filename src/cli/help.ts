import type { CliCommand, CliFlag } from './commands/types';

/** The flags every verb understands, wherever they stand on the line. */
export const GLOBAL_FLAGS: CliFlag[] = [
  { flag: '--json', text: 'print the answer as one JSON document on stdout (errors: the envelope on stderr)' },
  {
    flag: '--data-dir DIR',
    text: "the data folder (default: AUDIT_DESK_DATA_DIR, else the desktop app's folder)",
  },
  { flag: '--key-from-env', text: 'use the key in KLAVIYO_API_KEY even when an OS keychain exists' },
  { flag: '-h, --help', text: 'show this help' },
];

function flagLines(flags: CliFlag[]): string {
  const width = Math.max(...flags.map((f) => f.flag.length));
  return flags.map((f) => `  ${f.flag.padEnd(width)}  ${f.text}`).join('\n');
}

/** `--help` of one verb or subcommand: purpose, usage, every flag explained, an example. */
export function commandHelp(cmd: CliCommand, parent?: CliCommand): string {
  const name = parent ? `${parent.name} ${cmd.name}` : cmd.name;
  const parts = [`${name}: ${cmd.summary}`, '', `Usage: npm run cli -- ${cmd.usage}`];
  if (cmd.subcommands?.length) {
    const width = Math.max(...cmd.subcommands.map((s) => s.name.length));
    parts.push(
      '',
      'Subcommands (each has its own --help):',
      cmd.subcommands.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`).join('\n'),
    );
  }
  if (cmd.flags.length) parts.push('', 'Options:', flagLines(cmd.flags));
  parts.push('', 'Global options:', flagLines(GLOBAL_FLAGS), '', 'Example:', `  ${cmd.example}`, '');
  return parts.join('\n');
}

/** `--help` of the CLI itself: every verb with its purpose. */
export function mainHelp(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Klaviyo Audit Desk CLI: the same service the desktop app uses, from a terminal.',
    '',
    'Usage: npm run cli -- [global options] <verb> [options]',
    '',
    'Verbs (each has its own --help):',
    commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n'),
    '',
    'Global options:',
    flagLines(GLOBAL_FLAGS),
    '',
    'Keys live in the OS keychain; KLAVIYO_API_KEY (or --key-from-env) uses the key in the environment instead.',
    'Errors: one line on stderr, or the envelope {"error":{code,message,details,requestId}} with --json; exit 1.',
    '',
    'Example:',
    '  npm run cli -- sync --workspace "Acme" && npm run cli -- status --workspace "Acme"',
    '',
  ].join('\n');
}

export const wantsHelp = (argv: string[]): boolean => argv.includes('--help') || argv.includes('-h');
