import type { FlushResult } from '../../../shared/contract/outbox';
import type { Logger } from '../log';
import type { Outbox } from './outbox';

export type AutoFlushOptions = {
  /** the schedule: every workspace with something queued is flushed this often (default 5 min) */
  intervalMs?: number;
  /** while Klaviyo cannot be reached, how often the connection is tried again (default 15 s) */
  probeMs?: number;
  /** a change just queued is sent after this pause, so a burst of changes goes out together (default 1 s) */
  settleMs?: number;
  logger: Logger;
};

/**
 * Sends queued changes without anyone asking (PRODUCT D2): on a schedule, soon after a change is queued, and when
 * the connection returns — a flush that found Klaviyo unreachable makes the loop try again every `probeMs`, and the
 * first flush that gets through sends everything that waited. `online()` (the shell's network events) tries at once.
 */
export class AutoFlusher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private offline = new Set<string>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly outbox: Outbox,
    private readonly opts: AutoFlushOptions,
  ) {
    this.unsubscribe = outbox.onChanged((_ws, reason) => {
      if (reason === 'queued' || reason === 'resumed' || reason === 'retried') this.schedule(opts.settleMs ?? 1000);
    });
  }

  start(): void {
    this.schedule(this.opts.settleMs ?? 1000);
  }

  /** the network came back (or may have): try now */
  online(): void {
    this.schedule(0);
  }

  /** workspaces whose last automatic flush could not reach Klaviyo */
  offlineWorkspaces(): string[] {
    return [...this.offline];
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.running) {
        // a pass is going: look again right after it
        void this.running.then(() => this.schedule(0));
        return;
      }
      this.running = this.pass().finally(() => (this.running = null));
    }, ms);
    this.timer.unref?.();
  }

  private async pass(): Promise<void> {
    let soonest = this.opts.intervalMs ?? 300_000;
    for (const workspaceId of this.outbox.workspacesWithWork()) {
      if (this.stopped) return;
      let r: FlushResult;
      try {
        r = await this.outbox.flush(workspaceId, { trigger: 'auto' });
      } catch (err) {
        this.opts.logger.warn('automatic outbox flush failed', { workspaceId, error: (err as Error).message });
        continue;
      }
      if (r.blocked === 'offline') {
        this.offline.add(workspaceId);
        soonest = Math.min(soonest, this.opts.probeMs ?? 15_000);
      } else {
        this.offline.delete(workspaceId);
      }
      if (r.blocked === 'retry_later' || r.blocked === 'busy') {
        const next = this.outbox.nextAttemptIn(workspaceId);
        soonest = Math.min(soonest, Math.max(50, next ?? this.opts.probeMs ?? 15_000));
      }
    }
    if (!this.stopped) this.schedule(soonest);
  }

  /** stops the loop; resolves when a pass that was going has ended */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
