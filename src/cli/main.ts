import { AppError } from '../shared/errors';
import { commands } from './commands';
import { createIo, envelopeOf, extractGlobalOptions, type CliIo } from './io';

const HELP = () =>
  `Klaviyo Audit Desk CLI

Usage: npm run cli -- [--data-dir DIR] [--json] [--key-from-env] <command> [options]

${commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}\n             ${c.usage.split('\n').join('\n             ')}`).join('\n')}

Data folder: --data-dir, else AUDIT_DESK_DATA_DIR, else the desktop app's folder.
Keys: the OS keychain; KLAVIYO_API_KEY (or --key-from-env) uses the key in the environment instead.
Errors are printed on stderr as the error envelope {code, message, details, requestId}.
`;

/** Runs the CLI and returns its exit code (kept separate from process.exit for tests). */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let io: CliIo | null = null;
  let json = argv.includes('--json');
  try {
    const { globals, rest } = extractGlobalOptions(argv, env);
    json = globals.json;
    io = createIo(globals, env, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin });
    const [verb, ...args] = rest;
    if (!verb || verb === 'help' || verb === '--help' || verb === '-h') {
      io.out(HELP());
      return verb ? 0 : 1;
    }
    const cmd = commands.find((c) => c.name === verb);
    if (!cmd) {
      throw new AppError('validation', `Unknown command "${verb}". Run with --help for the list.`, {
        details: { command: verb },
      });
    }
    return await cmd.run(args, io);
  } catch (err) {
    const parseError =
      err instanceof TypeError && String((err as NodeJS.ErrnoException).code ?? '').startsWith('ERR_PARSE_ARGS');
    const env2 = parseError
      ? new AppError('validation', err.message, { details: { reason: 'arguments' } }).toEnvelope()
      : envelopeOf(err);
    if (!json) process.stderr.write(`Error [${env2.code}]: ${env2.message}\n`);
    process.stderr.write(`${JSON.stringify({ error: env2 })}\n`);
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
