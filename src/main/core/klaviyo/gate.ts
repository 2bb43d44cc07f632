/**
 * A cap on requests in flight across all operations of one client, served by priority (lower first, then FIFO).
 * When the server is the bottleneck, the calls on the run's critical path (the longest chain of per-item calls,
 * e.g. flows → flow actions → flow messages) should not queue behind bulk pages that have time to spare.
 */
export class PriorityGate {
  private active = 0;
  private readonly waiting: Array<{ priority: number; seq: number; go: () => void }> = [];
  private seq = 0;

  constructor(readonly capacity: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** Resolves with a release function; rejects only through `signal`. */
  acquire(priority = 0, signal?: AbortSignal): Promise<() => void> {
    if (!Number.isFinite(this.capacity)) return Promise.resolve(() => undefined);
    return new Promise((resolve, reject) => {
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
          this.active += 1;
          resolve(release);
        },
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(signal!.reason ?? new Error('aborted'));
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
      this.waiting.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      this.next();
    });
  }

  private next(): void {
    while (this.active < this.capacity && this.waiting.length) this.waiting.shift()!.go();
  }
}
