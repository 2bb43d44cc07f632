/**
 * The export worker thread: writes one report (see job.ts) into a private file and reports progress, so a PDF
 * of long names or a 100,000-row CSV never holds up the event loop that answers the screens. Started by
 * run-export.ts; terminated by it on cancel.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { finished } from 'node:stream/promises';
import { createPrivateWriteStream } from '../private-files';
import { inventoryPages } from './inventory-pages';
import { writeJob } from './job';
import type { FromWorker, WorkerInput } from './worker-protocol';

const PROGRESS_EVERY_MS = 100;

async function main(): Promise<void> {
  const port = parentPort!;
  const { job, file } = workerData as WorkerInput;
  const post = (m: FromWorker) => port.postMessage(m);
  let lastProgress = 0;
  let pages: ReturnType<typeof inventoryPages> | null = null;
  let answer: FromWorker;
  try {
    // an inventory table is read here, page by page as the CSV is written: never on the screens' thread
    if (job.kind === 'inventory-csv') pages = inventoryPages(job.source);
    const out = createPrivateWriteStream(file);
    const result = await writeJob(job, out, {
      nextPage: async () => pages?.next() ?? [],
      progress(done, total) {
        const now = Date.now();
        if (done < total && now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        post({ type: 'progress', done, total });
      },
    });
    if (!out.writableFinished) await finished(out);
    answer = { type: 'done', ...result };
  } catch (err) {
    const e = err as Error & { code?: unknown; details?: unknown };
    answer = { type: 'failed', code: typeof e.code === 'string' ? e.code : 'internal', message: e.message };
  }
  // the read connection is closed before the answer: the host ends this thread when it has it
  await pages?.close();
  post(answer);
}

void main();
