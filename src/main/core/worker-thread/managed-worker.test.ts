import { describe, expect, it } from 'vitest';
import { ManagedWorker } from './managed-worker';

type In = { type: 'echo'; value: number };
type Out = { type: 'echo'; value: number } | { type: 'closed' };

function echo(closeDelayMs: number, seen: Out[] = [], died: unknown[] = []) {
  return new ManagedWorker<In, Out>({
    name: 'echo worker',
    entry: () => ({
      from: import.meta.url,
      source: './fixtures/echo-worker.ts',
      bundle: 'echo-worker.js',
      workerData: { closeDelayMs },
    }),
    onMessage: (m) => seen.push(m),
    onDied: (cause) => died.push(cause),
  });
}

describe('ManagedWorker', () => {
  it('closing without a thread resolves, and a closed worker refuses work with the envelope', async () => {
    const w = echo(0);
    await w.close();
    expect(() => w.get()).toThrow(expect.objectContaining({ code: 'internal', message: 'The echo worker is closed.' }));
  });

  it('keeps one thread, and close waits for the drain, then for the worker to say it closed', async () => {
    const seen: Out[] = [];
    const w = echo(150, seen);
    const t = w.get();
    expect(w.get()).toBe(t);
    const answered = new Promise<void>((resolve) => t.once('message', () => resolve()));
    w.post(t, { type: 'echo', value: 7 });
    await answered;
    const order: string[] = [];
    const started = Date.now();
    await w.close(async () => {
      await new Promise((r) => setTimeout(r, 50));
      order.push('drained');
    });
    order.push('closed');
    // the worker delays its 'closed' by 150 ms: a close that did not wait for it would return at once
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(order).toEqual(['drained', 'closed']);
    expect(seen).toEqual([{ type: 'echo', value: 7 }, { type: 'closed' }]);
    expect(w.current()).toBeNull();
    // the same close for every caller
    await expect(w.close()).resolves.toBeUndefined();
  });

  it('a thread that dies is reported, and the next get starts a new one', async () => {
    const died: unknown[] = [];
    const w = echo(0, [], died);
    const first = w.get();
    await first.terminate();
    await new Promise((r) => setTimeout(r, 20));
    expect(died).toHaveLength(1);
    expect(w.current()).toBeNull();
    const second = w.get();
    expect(second).not.toBe(first);
    await w.close();
  });
});
