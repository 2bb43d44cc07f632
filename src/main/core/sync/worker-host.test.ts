import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { nullLogger } from '../log';
import { openStore } from '../store';
import { startWorkerThread } from '../worker-thread';
import { SYNC_WORKER_HEAP, syncWorkerEntry } from './worker-host';

describe('the sync worker thread', () => {
  let dir = '';
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs with a bounded heap: V8 does not let a sync’s garbage grow it toward the default multi-GB ceiling', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-worker-heap-'));
    const dbFile = path.join(dir, 'db.sqlite');
    await openStore(dbFile).close(); // migrated, as the host leaves it before starting the worker
    const worker = startWorkerThread(syncWorkerEntry({ dbFile, logger: nullLogger() }));
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('online', resolve);
        worker.once('error', reject);
      });
      // the limits the running thread's isolate was given (from the sources: through tsx's eval entry)
      const limits = worker.resourceLimits!;
      expect(limits.maxOldGenerationSizeMb).toBe(SYNC_WORKER_HEAP.maxOldGenerationSizeMb);
      expect(limits.maxYoungGenerationSizeMb).toBe(SYNC_WORKER_HEAP.maxYoungGenerationSizeMb);
      // and they are below what this (unbounded) thread got by default, or they would bound nothing
      const defaultLimitMb = v8.getHeapStatistics().heap_size_limit / 1024 / 1024;
      expect(limits.maxOldGenerationSizeMb! + limits.maxYoungGenerationSizeMb!).toBeLessThan(defaultLimitMb / 2);
    } finally {
      const closed = new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.on('message', (m: { type: string }) => m.type === 'closed' && resolve());
      });
      worker.postMessage({ type: 'close' });
      await closed;
      await worker.terminate();
    }
  });
});
