/**
 * A cap on requests in flight across all operations of one client, served by priority (lower first, then FIFO).
 * When the server is the bottleneck, the calls on the run's critical path (the longest chain of per-item calls,
 * e.g. flows → flow actions → flow messages) should not queue behind bulk pages that have time to spare.
 */
/** The caller's deadline passed while it waited for a place. */
export class GateDeadline extends Error {
  constructor() {
    super('The deadline passed while waiting for a free connection slot.');
    this.name = 'GateDeadline';
  }
}

export class PriorityGate {
  private active = 0;
  private readonly waiting: Array<{ priority: number; seq: number; go: () => void }> = [];
  private seq = 0;

  constructor(readonly capacity: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** Resolves with a release function; rejects on `signal` or when `deadline` (epoch ms) passes while waiting. */
  acquire(priority = 0, signal?: AbortSignal, deadline = Infinity): Promise<() => void> {
    if (!Number.isFinite(this.capacity)) return Promise.resolve(() => undefined);
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | null = null;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.active -= 1;
        this.next();
      };
      const entry = {
        priority,
        seq: this.seq++,
        go: () => {
          signal?.removeEventListener('abort', onAbort);
          if (timer) clearTimeout(timer);
          this.active += 1;
          resolve(release);
        },
      };
      const leave = (why: unknown) => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        signal?.removeEventListener('abort', onAbort);
        if (timer) clearTimeout(timer);
        reject(why);
      };
      const onAbort = () => leave(signal!.reason ?? new Error('aborted'));
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      if (Number.isFinite(deadline)) {
        timer = setTimeout(() => leave(new GateDeadline()), Math.max(0, deadline - Date.now()));
      }
      this.waiting.push(entry);
      this.waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      this.next();
    });
  }

  private next(): void {
    while (this.active < this.capacity && this.waiting.length) this.waiting.shift()!.go();
  }
}
