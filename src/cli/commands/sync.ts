import { parseArgs } from 'node:util';
import { AppError } from '../../shared/errors';
import type { SyncProgressEvent, SyncResult } from '../../main/core/sync';
import { SyncTriggerSchema } from '../../main/core/sync';
import { parseDuration, table, type CliIo } from '../io';
import type { CliCommand } from './types';

export const SYNC_EXIT = { ok: 0, failed_auth: 2, partial_or_timeout: 3, cancelled: 1 } as const;

function fmtMs(ms: number | null): string {
  if (ms === null) return '?';
  const s = Math.round(ms / 1000);
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${s % 60}s`
      : `${s}s`;
}

/** Progress: one rewritten bar on a terminal, plain lines (one per resource change) otherwise. Both on stderr. */
function progressPrinter(io: CliIo): { onProgress(p: SyncProgressEvent): void; done(): void } {
  const seen = new Map<string, string>();
  let drawn = false;
  return {
    onProgress(p) {
      if (io.stderrIsTTY) {
        const expected = p.resources.reduce((a, r) => a + (r.expectedItems ?? 0), 0);
        const settled = p.resources.filter((r) => !['pending', 'running'].includes(r.status)).length;
        const frac = expected > 0 ? Math.min(1, p.itemsSeen / expected) : settled / Math.max(1, p.resources.length);
        const width = 24;
        const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
        const line = `${bar} ${String(Math.round(frac * 100)).padStart(3)}%  ${p.phase === 'merging' ? 'saving' : (p.current ?? '')}  items ${p.itemsSeen}  requests ${p.requests}  waits ${p.throttledWaits}  ETA ${fmtMs(p.etaMs)}`;
        io.err(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
        drawn = true;
      } else {
        for (const r of p.resources) {
          if (seen.get(r.resource) === r.status) continue;
          seen.set(r.resource, r.status);
          if (r.status === 'pending') continue;
          io.err(
            `${new Date().toISOString()} ${r.resource} ${r.status} pages=${r.pages} items=${r.itemsSeen} requests=${r.requests}\n`,
          );
        }
      }
    },
    done() {
      if (drawn) io.err('\r\x1b[2K');
    },
  };
}

export function syncSummary(r: SyncResult, workspaceName: string): string {
  const head = `Sync of "${workspaceName}": ${r.status}  (requestId ${r.requestId}, ${fmtMs(r.finishedAt - r.startedAt)}${
    r.resumedFromRunId ? `, resumed run ${r.resumedFromRunId}` : ''
  })`;
  const rows = r.resources.map((f) => [
    f.resource,
    f.status + (f.missingScopes.length ? ` (${f.missingScopes.join(',')})` : ''),
    f.pages,
    f.itemsSeen,
    f.itemsAdded,
    f.itemsChanged,
    f.itemsUnchanged,
    f.itemsRemoved,
    f.requests,
    f.throttled,
  ]);
  const t = table(
    ['RESOURCE', 'STATUS', 'PAGES', 'ITEMS', 'ADDED', 'CHANGED', 'SAME', 'REMOVED', 'REQUESTS', '429S'],
    rows,
  );
  const err = r.error ? `\nError [${r.error.code}]: ${r.error.message}` : '';
  return `${head}\n${t}${err}`;
}

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'sync a workspace (exit 0 ok, 2 failed_auth, 3 partial_or_timeout, 1 otherwise)',
  usage: 'sync --workspace N [--deadline 10m] [--trigger cli] [--fresh]',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        deadline: { type: 'string' },
        trigger: { type: 'string', default: 'cli' },
        fresh: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.workspace)
      throw new AppError('validation', '--workspace is required.', { details: { flag: 'workspace' } });
    const trigger = SyncTriggerSchema.safeParse(values.trigger);
    if (!trigger.success) {
      throw new AppError('validation', `--trigger must be one of ${SyncTriggerSchema.options.join(', ')}.`, {
        details: { flag: 'trigger', value: values.trigger },
      });
    }
    const ctx = io.context();
    const ws = ctx.workspaces.resolve(values.workspace);
    const printer = progressPrinter(io);
    const off = ctx.sync.onProgress(printer.onProgress);
    const handle = await ctx.sync.start({
      workspaceId: ws.id,
      trigger: trigger.data,
      ifRunning: 'busy',
      ...(values.fresh ? { fresh: true } : {}),
      ...(values.deadline ? { deadlineMs: parseDuration(values.deadline, 'deadline') } : {}),
    });
    // Ctrl-C cancels the run cleanly; a second one leaves at once (the next start closes the run as interrupted)
    let interrupts = 0;
    const onSignal = () => {
      if (++interrupts > 1) process.exit(130);
      io.err('\nCancelling…\n');
      handle.cancel();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const result = await handle.result;
      printer.done();
      io.print(syncSummary(result, ws.name), result);
      return SYNC_EXIT[result.status];
    } finally {
      off();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
