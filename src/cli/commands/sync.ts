import { parseArgs } from 'node:util';
import type { EventPayload } from '../../shared/contract';
import { SyncTriggerSchema } from '../../shared/contract/primitives';
import type { SyncProgress, SyncRun } from '../../shared/contract/sync';
import { AppError } from '../../shared/errors';
import { parseDuration, table, type CliIo } from '../io';
import { required, WORKSPACE_FLAG } from './flags';
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

/** Progress from the service's `sync:progress` events: one rewritten bar on a terminal, else one line per change. */
function progressPrinter(io: CliIo): { onProgress(p: SyncProgress): void; done(): void } {
  const seen = new Map<string, string>();
  let drawn = false;
  return {
    onProgress(p) {
      if (io.stderrIsTTY) {
        const items = p.resources.reduce((a, r) => a + r.items, 0);
        const expected = p.resources.reduce((a, r) => a + (r.expectedItems ?? 0), 0);
        const settled = p.resources.filter((r) => !['pending', 'running'].includes(r.status)).length;
        const frac = expected > 0 ? Math.min(1, items / expected) : settled / Math.max(1, p.resources.length);
        const width = 24;
        const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
        const line = `${bar} ${String(Math.round(frac * 100)).padStart(3)}%  ${p.phase === 'merging' ? 'saving' : (p.current ?? '')}  items ${items}  requests ${p.requests}  waits ${p.throttledWaits}  ETA ${fmtMs(p.etaMs)}`;
        io.err(`\r\x1b[2K${line.slice(0, (process.stderr.columns || 120) - 1)}`);
        drawn = true;
        return;
      }
      for (const r of p.resources) {
        if (seen.get(r.resource) === r.status) continue;
        seen.set(r.resource, r.status);
        if (r.status === 'pending') continue;
        io.err(
          `${new Date().toISOString()} ${r.resource} ${r.status} pages=${r.pages} items=${r.items} requests=${r.requests}\n`,
        );
      }
    },
    done() {
      if (drawn) io.err('\r\x1b[2K');
    },
  };
}

type AuditLine = { score: number; failing: number; critical: number } | null;

export function syncSummary(run: SyncRun, workspaceName: string, audit: AuditLine): string {
  const head = `Sync of "${workspaceName}": ${run.status}  (requestId ${run.requestId}, ${fmtMs(run.durationMs)})`;
  const rows = run.resources.map((f) => [
    f.resource,
    f.status + (f.missingScopes.length ? ` (${f.missingScopes.join(',')})` : ''),
    f.pages,
    f.itemsAdded,
    f.itemsChanged,
    f.itemsUnchanged,
    f.itemsRemoved,
    f.requests,
    f.throttled,
  ]);
  const t = table(['RESOURCE', 'STATUS', 'PAGES', 'ADDED', 'CHANGED', 'SAME', 'REMOVED', 'REQUESTS', '429S'], rows);
  const err = run.error ? `\nError [${run.error.code}]: ${run.error.message}` : '';
  const audited = audit
    ? `\nAudit: score ${audit.score}/100, ${audit.failing} failing (${audit.critical} critical)`
    : '';
  return `${head}\n${t}${err}${audited}`;
}

/**
 * Waits for the end of one run from the service's `sync:finished` event. The run's own row is the fallback: a
 * run whose process-side listener never fires (a crashed store) still ends the wait once the row is closed.
 */
function runEnd(
  io: CliIo,
  listen: (l: (p: EventPayload<'sync:finished'>) => void) => () => void,
): { wait(runId: string): Promise<void>; stop(): void } {
  const finished = new Set<string>();
  let wake: (() => void) | null = null;
  const off = listen((p) => {
    finished.add(p.runId);
    wake?.();
  });
  return {
    async wait(runId) {
      while (!finished.has(runId)) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 2000);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
        if (!finished.has(runId) && (await io.call('sync:run', { runId })).status !== 'running') return;
      }
    },
    stop: off,
  };
}

export const syncCommand: CliCommand = {
  name: 'sync',
  summary: 'sync a workspace from Klaviyo, then refresh its performance figures and audit it (as the app does)',
  usage: 'sync --workspace NAME [--deadline 10m] [--trigger cli] [--fresh] [--full]',
  flags: [
    WORKSPACE_FLAG,
    { flag: '--deadline DURATION', text: 'stop listing after this long and keep what came (90s, 10m, 1h)' },
    { flag: '--trigger NAME', text: `recorded as who started the run: ${SyncTriggerSchema.options.join(', ')}` },
    { flag: '--fresh', text: 'start from scratch instead of resuming a recent partial run' },
    {
      flag: '--full',
      text: 'list everything again, not only what changed since the last sync (one runs weekly on its own)',
    },
  ],
  example: 'npm run cli -- sync --workspace "Acme"   # exit 0 ok, 2 failed_auth, 3 partial_or_timeout, 1 anything else',
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        workspace: { type: 'string' },
        deadline: { type: 'string' },
        trigger: { type: 'string', default: 'cli' },
        fresh: { type: 'boolean' },
        full: { type: 'boolean' },
      },
      strict: true,
    });
    const ref = required(values.workspace, 'workspace');
    const trigger = SyncTriggerSchema.safeParse(values.trigger);
    if (!trigger.success) {
      throw new AppError('validation', `--trigger must be one of ${SyncTriggerSchema.options.join(', ')}.`, {
        details: { flag: 'trigger', value: values.trigger },
      });
    }
    const deadlineMs = values.deadline ? parseDuration(values.deadline, 'deadline') : undefined;
    const ws = await io.workspace(ref);
    const service = await io.service();
    const printer = progressPrinter(io);
    const offProgress = service.on('sync:progress', (p) => {
      if (p.workspaceId === ws.id) printer.onProgress(p);
    });
    const end = runEnd(io, (l) => service.on('sync:finished', l));
    let runId: string | null = null;
    // Ctrl-C cancels the run cleanly; a second one leaves at once (the next start closes the run as interrupted)
    let interrupts = 0;
    const onSignal = () => {
      if (++interrupts > 1) process.exit(130);
      io.err('\nCancelling…\n');
      void io.call('sync:cancel', { workspaceId: ws.id }).catch(() => undefined);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const started = await io.call('sync:start', {
        workspaceId: ws.id,
        trigger: trigger.data,
        fresh: !!values.fresh,
        full: !!values.full,
        ifRunning: 'refuse',
        ...(deadlineMs ? { deadlineMs } : {}),
      });
      runId = started.runId;
      await end.wait(runId);
      // the post-sync pipeline (figures, audit) is the service's; the CLI only waits for it before leaving
      await service.auditsSettled();
      printer.done();
      const run = await io.call('sync:run', { runId });
      const audit = await io.call('audit:get', { workspaceId: ws.id });
      const ran = audit && audit.runId === runId ? audit : null;
      const line = ran ? { score: ran.score, failing: ran.counts.fail, critical: ran.counts.critical } : null;
      io.print(syncSummary(run, ws.name, line), {
        ...run,
        audit: ran ? { runId: ran.runId, evaluatedAt: ran.evaluatedAt, score: ran.score, counts: ran.counts } : null,
      });
      return run.status === 'running' ? 1 : SYNC_EXIT[run.status];
    } finally {
      offProgress();
      end.stop();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
