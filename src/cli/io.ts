import path from 'node:path';
import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../shared/errors';
import { createCoreContext, type CoreContext } from '../main/core/context';
import { resolveDataFolder } from '../main/core/data-folder';
import { createLogger, type Logger } from '../main/core/log';
import { selectSecretStore, type SecretStore } from '../main/core/secrets';

export type GlobalOptions = {
  dataDir: string;
  json: boolean;
  /** take keys from KLAVIYO_API_KEY even if a keychain exists */
  keyFromEnv: boolean;
};

/** Pulls the global flags out of argv wherever they are, so `sync --json` and `--json sync` both work. */
export function extractGlobalOptions(
  argv: string[],
  env: NodeJS.ProcessEnv,
): { globals: GlobalOptions; rest: string[] } {
  const rest: string[] = [];
  let dataDir = '';
  let json = false;
  let keyFromEnv = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === '--json') json = true;
    else if (a === '--key-from-env') keyFromEnv = true;
    else if (a === '--data-dir') {
      const v = argv[++i];
      if (!v) throw new AppError('validation', '--data-dir needs a folder.', { details: { flag: 'data-dir' } });
      dataDir = v;
    } else if (a.startsWith('--data-dir=')) dataDir = a.slice('--data-dir='.length);
    else rest.push(a);
  }
  // the app's rule: --data-dir, AUDIT_DESK_DATA_DIR, the folder chosen in Settings, the user-data folder
  return { globals: { dataDir: resolveDataFolder({ flag: dataDir, env }).dataDir, json, keyFromEnv }, rest };
}

export type CliIo = {
  readonly globals: GlobalOptions;
  readonly env: NodeJS.ProcessEnv;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  out(text: string): void;
  err(text: string): void;
  /** `data` as one JSON document with --json, else the human text */
  print(human: string, data: unknown): void;
  /** the core on the data folder (opened once, closed by main) */
  context(): CoreContext;
  secrets(): SecretStore;
  logger(): Logger;
  readStdin(): Promise<string>;
  close(): Promise<void>;
};

export function createIo(
  globals: GlobalOptions,
  env: NodeJS.ProcessEnv,
  streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream },
): CliIo {
  let ctx: CoreContext | null = null;
  let secrets: SecretStore | null = null;
  let logger: Logger | null = null;
  const io: CliIo = {
    globals,
    env,
    stdoutIsTTY: !!streams.stdout.isTTY,
    stderrIsTTY: !!streams.stderr.isTTY,
    out: (t) => void streams.stdout.write(t),
    err: (t) => void streams.stderr.write(t),
    print(human, data) {
      if (globals.json) streams.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else streams.stdout.write(human.endsWith('\n') ? human : `${human}\n`);
    },
    secrets() {
      secrets ??= selectSecretStore({ mode: globals.keyFromEnv ? 'env' : 'auto', env });
      return secrets;
    },
    logger() {
      logger ??= createLogger({ file: path.join(globals.dataDir, 'logs', 'cli.log'), fields: { pid: process.pid } });
      return logger;
    },
    context() {
      ctx ??= createCoreContext({ dataDir: globals.dataDir, secrets: io.secrets(), logger: io.logger() });
      return ctx;
    },
    async readStdin() {
      if (streams.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const c of streams.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
      return Buffer.concat(chunks).toString('utf8');
    },
    async close() {
      if (ctx) await ctx.close();
      logger?.close();
    },
  };
  return io;
}

/** "10m", "90s", "1h", "500ms", or plain seconds → ms */
export function parseDuration(value: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) {
    throw new AppError('validation', `--${flag} must be a duration such as 90s, 10m or 1h (got "${value}").`, {
      details: { flag, value },
    });
  }
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = unit === 'ms' ? n : unit === 's' ? n * 1000 : unit === 'm' ? n * 60_000 : n * 3_600_000;
  if (ms <= 0) throw new AppError('validation', `--${flag} must be more than zero.`, { details: { flag, value } });
  return Math.round(ms);
}

export function envelopeOf(err: unknown): ErrorEnvelope {
  return toErrorEnvelope(err, err instanceof AppError ? err.requestId : '');
}

/** a fixed-width text table */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const widths = headers.map((_, i) => Math.min(60, Math.max(...cells.map((r) => (r[i] ?? '').length))));
  return cells
    .map((r) =>
      r
        .map((c, i) => (c.length > widths[i]! ? `${c.slice(0, widths[i]! - 1)}…` : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const iso = (ms: number | null | undefined): string | null => (ms ? new Date(ms).toISOString() : null);
