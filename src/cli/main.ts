import { AppError, type ErrorEnvelope } from '../shared/errors';
import { commands, type CliCommand } from './commands';
import { commandHelp, mainHelp, wantsHelp } from './help';
import { createIo, envelopeOf, extractGlobalOptions, type CliIo } from './io';

/** The command a line asks for: a verb, or a verb's subcommand (`workspace add`), with the arguments after it. */
function pick(rest: string[]): { cmd: CliCommand; parent?: CliCommand; args: string[] } | null {
  const [verb, ...args] = rest;
  const cmd = commands.find((c) => c.name === verb);
  if (!cmd) return null;
  const sub = cmd.subcommands?.find((s) => s.name === args[0]);
  return sub ? { cmd: sub, parent: cmd, args: args.slice(1) } : { cmd, args };
}

/** An error printed once: one line of text, or with --json only the envelope (one JSON line). */
function printError(envelope: ErrorEnvelope, json: boolean): void {
  if (json) {
    process.stderr.write(`${JSON.stringify({ error: envelope })}\n`);
    return;
  }
  const text = envelope.message.replace(/\s*\n\s*/g, ' ').trim();
  const id = envelope.requestId ? ` (request ${envelope.requestId})` : '';
  process.stderr.write(`Error [${envelope.code}]: ${text}${id}\n`);
}

/** Runs the CLI and returns its exit code (kept separate from process.exit for tests). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let io: CliIo | null = null;
  let json = argv.includes('--json');
  try {
    const { globals, rest } = extractGlobalOptions(argv, env);
    json = globals.json;
    io = createIo(globals, env, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
    const [verb] = rest;
    if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
      io.out(mainHelp(commands));
      return verb ? 0 : 1;
    }
    const picked = pick(rest);
    if (!picked) {
      throw new AppError('validation', `Unknown command "${verb}". Run with --help for the list.`, {
        details: { command: verb },
      });
    }
    const { cmd, parent, args } = picked;
    if (wantsHelp(args.slice(0, args.includes('--') ? args.indexOf('--') : undefined))) {
      io.out(commandHelp(cmd, parent));
      return 0;
    }
    return await cmd.run(args, io);
  } catch (err) {
    const parseError =
      err instanceof TypeError && String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');
    printError(
      parseError
        ? new AppError('validation', err.message, { details: { reason: 'arguments' } }).toEnvelope()
        : envelopeOf(err),
      json,
    );
    return 1;
  } finally {
    await io?.close().catch(() => undefined);
  }
}

const invokedDirectly = process.argv[1] && /(?:^|[\\/])main\.(?:ts|js|mjs)$/.test(process.argv[1]);
if (invokedDirectly) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
