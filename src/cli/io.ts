import path from 'node:path';
import type { ChannelInput, ChannelName, ChannelOutput } from '../shared/contract';
import type { Workspace } from '../shared/contract/workspaces';
import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../shared/errors';
import type { Desk, Service } from '../main/core/compose';

export type GlobalOptions = {
  /** --data-dir as given (empty: the app's rule decides, see openDesk below) */
  dataDir: string;
  json: boolean;
  /** take keys from KLAVIYO_API_KEY even if a keychain exists */
  keyFromEnv: boolean;
};

/** Pulls the global flags out of argv wherever they are, so `sync --json` and `--json sync` both work. */
export function extractGlobalOptions(
  argv: string[],
  _env: NodeJS.ProcessEnv,
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
  return { globals: { dataDir, json, keyFromEnv }, rest };
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
  /** asks the service, as the desktop app and the web page do; a refusal is thrown as its envelope */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** the service itself, for its events and for waiting on the post-sync audit (opened once, closed by main) */
  service(): Promise<Service>;
  /** what keeps the keys here (the keychain, or the environment variable that cannot store anything) */
  keyStorage(): Promise<Desk['keyStorage']>;
  /** a workspace by id or by name (case-insensitive), as people type it after --workspace */
  workspace(ref: string): Promise<Workspace>;
  /** where the next `report:export` writes (the CLI's export target is the --out file) */
  exportTo(file: string): void;
  readStdin(): Promise<string>;
  close(): Promise<void>;
};

export function createIo(
  globals: GlobalOptions,
  env: NodeJS.ProcessEnv,
  streams: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream; stdin: NodeJS.ReadStream },
): CliIo {
  let desk: Promise<Desk> | null = null;
  let exportFile: string | null = null;
  // the core (SQLite, the sync engine, the PDF writer) is loaded only by verbs that use it: --help stays quick
  const open = () =>
    (desk ??= import('../main/core/compose').then(({ openDesk, resolveDataFolder }) => {
      // the app's rule: --data-dir, AUDIT_DESK_DATA_DIR, the folder chosen in Settings, the user-data folder
      const { dataDir } = resolveDataFolder({ flag: globals.dataDir, env });
      return openDesk({
        mode: 'cli',
        dataDir,
        secrets: { select: globals.keyFromEnv ? 'env' : 'auto', env },
        logger: { file: path.join(dataDir, 'logs', 'cli.log'), fields: { pid: process.pid } },
        exportTarget: { choose: async () => (exportFile ? { file: exportFile, downloadId: null } : null) },
      });
    }));
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
    async call(channel, input) {
      const answer = await (await open()).service.call(channel, input);
      if (!answer.ok) {
        const e = answer.error;
        throw new AppError(e.code, e.message, { details: e.details, requestId: e.requestId });
      }
      return answer.data as ChannelOutput<typeof channel>;
    },
    service: async () => (await open()).service,
    keyStorage: async () => (await open()).keyStorage,
    async workspace(ref) {
      const wanted = ref.trim();
      const all = await io.call('workspaces:list', { includeArchived: true });
      const found = all.find((w) => w.id === wanted) ?? all.find((w) => w.name.toLowerCase() === wanted.toLowerCase());
      if (!found) throw new AppError('not_found', `No workspace named "${ref}".`, { details: { workspace: ref } });
      return found;
    },
    exportTo(file) {
      exportFile = file;
    },
    async readStdin() {
      if (streams.stdin.isTTY) return '';
      const chunks: Buffer[] = [];
      for await (const c of streams.stdin) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
      return Buffer.concat(chunks).toString('utf8');
    },
    async close() {
      if (desk) await (await desk).close();
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
