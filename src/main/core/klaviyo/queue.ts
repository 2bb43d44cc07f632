/**
 * A small async queue with an optional bound: producers await `push` while it is full, so a fast listing cannot
 * run ahead of a slow consumer (memory stays flat); `close` ends iteration, `fail` ends it with an error.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private readonly takers: Array<{ resolve(r: IteratorResult<T>): void; reject(e: unknown): void }> = [];
  private readonly spaceWaiters: Array<() => void> = [];
  private closed = false;
  private error: unknown = null;

  constructor(private readonly capacity = Infinity) {}

  get size(): number {
    return this.items.length;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.closed) {
      await new Promise<void>((r) => this.spaceWaiters.push(r));
    }
    if (this.closed) return;
    const taker = this.takers.shift();
    if (taker) taker.resolve({ value: item, done: false });
    else this.items.push(item);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.takers.splice(0)) {
      if (this.error !== null) t.reject(this.error);
      else t.resolve({ value: undefined, done: true });
    }
    for (const w of this.spaceWaiters.splice(0)) w();
  }

  fail(error: unknown): void {
    if (this.closed) return;
    this.error = error;
    this.items.length = 0;
    this.close();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length) {
      const value = this.items.shift()!;
      this.spaceWaiters.shift()?.();
      return Promise.resolve({ value, done: false });
    }
    if (this.closed) {
      return this.error !== null ? Promise.reject(this.error) : Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => this.takers.push({ resolve, reject }));
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }
}
