import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSimulator } from './server';
import { parseFaults } from './faults';
import type { RequestLogEntry, SimAccountSpec, SimSize, Simulator } from './types';

const USAGE = `Usage: sim [--port 0] [--host 127.0.0.1] [--size tiny|small|medium|large|xl] [--seed 1]
           [--time-scale 1] [--fixture file.json] [--faults faults.json] [--keys 1]
           [--daily-state file.json] [--json] [--log]
Starts the Klaviyo simulator and prints its base URL and keys. Runs until SIGINT/SIGTERM.
--keys N   serve N generated accounts (each with its own keys, data and rate limits)
--log      print one line per request on stderr (never the key)`;

const SIZES = ['tiny', 'small', 'medium', 'large', 'xl'];

export type SimCliResult = { simulator: Simulator; stopped: Promise<void> };

/** Parses argv, starts the simulator, prints where it listens; resolves `stopped` after a signal closes it. */
export async function runSimCli(
  argv: string[],
  io: { out?: (s: string) => void; err?: (s: string) => void; handleSignals?: boolean } = {},
): Promise<SimCliResult> {
  const out = io.out ?? ((s: string) => process.stdout.write(s));
  const err = io.err ?? ((s: string) => process.stderr.write(s));
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      size: { type: 'string', default: 'small' },
      seed: { type: 'string', default: '1' },
      'time-scale': { type: 'string', default: '1' },
      fixture: { type: 'string' },
      faults: { type: 'string' },
      keys: { type: 'string', default: '1' },
      'daily-state': { type: 'string' },
      json: { type: 'boolean', default: false },
      log: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    out(`${USAGE}\n`);
    return { simulator: undefined as unknown as Simulator, stopped: Promise.resolve() };
  }
  const num = (name: string, v: string, min: number): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got "${v}"`);
    return n;
  };
  if (!SIZES.includes(values.size!)) throw new Error(`--size must be one of ${SIZES.join(', ')}, got "${values.size}"`);
  const accountsCount = num('keys', values.keys!, 1);
  let faults;
  if (values.faults) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(values.faults, 'utf8'));
    } catch (e) {
      throw new Error(`--faults ${values.faults}: ${(e as Error).message}`);
    }
    faults = parseFaults(raw, values.faults);
  }
  const seed = num('seed', values.seed!, 0);
  const accounts: SimAccountSpec[] | undefined = !values.fixture
    ? Array.from({ length: accountsCount }, (_, i) => ({ size: values.size as SimSize, seed: seed + i }))
    : undefined;
  const simulator = await startSimulator({
    port: num('port', values.port!, 0),
    host: values.host!,
    size: values.size as SimSize,
    seed,
    timeScale: num('time-scale', values['time-scale']!, Number.MIN_VALUE),
    ...(values.fixture ? { fixture: values.fixture } : {}),
    ...(faults ? { faults } : {}),
    ...(accounts ? { accounts } : {}),
    ...(values['daily-state'] ? { dailyStateFile: values['daily-state'] } : {}),
    ...(values.log
      ? {
          onRequest: (e: RequestLogEntry) =>
            err(
              `${new Date(e.time).toISOString()} ${e.accountId ?? '-'} ${e.method} ${e.url} ${e.status} ${e.durationMs}ms${e.fault ? ` fault=${e.fault}` : ''}${e.errorCode ? ` ${e.errorCode}` : ''}\n`,
            ),
        }
      : {}),
  });
  const summary = {
    baseUrl: simulator.baseUrl,
    revision: simulator.revision,
    accounts: simulator.accounts.map((a) => ({ id: a.id, name: a.name, keys: a.keys })),
  };
  if (values.json) out(`${JSON.stringify(summary)}\n`);
  else {
    out(`Klaviyo simulator listening on ${simulator.baseUrl} (revision ${simulator.revision})\n`);
    for (const a of summary.accounts) {
      out(`account ${a.id} "${a.name}"\n`);
      for (const [label, key] of Object.entries(a.keys)) out(`  ${label.padEnd(9)} ${key}\n`);
    }
    out('Press Ctrl+C to stop.\n');
  }
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  if (io.handleSignals !== false) {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void simulator.close().then(resolveStopped);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
  return { simulator, stopped };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runSimCli(process.argv.slice(2)).then(
    ({ stopped }) => stopped.then(() => process.exit(0)),
    (e: unknown) => {
      process.stderr.write(`sim: ${(e as Error).message}\n`);
      process.exit(2);
    },
  );
}
