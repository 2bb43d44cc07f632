/**
 * The export worker thread: writes one report (see job.ts) into a private file and reports progress, so a PDF
 * of long names or a 100,000-row CSV never holds up the event loop that answers the screens. Started by
 * worker-host.ts; terminated by it on cancel.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { finished } from 'node:stream/promises';
import { createPrivateWriteStream } from '../private-files';
import { writeJob } from './job';
import type { FromWorker, ToWorker, WorkerInput } from './worker-protocol';

const PROGRESS_EVERY_MS = 100;

async function main(): Promise<void> {
  const port = parentPort!;
  const { job, file } = workerData as WorkerInput;
  const post = (m: FromWorker) => port.postMessage(m);
  let waiting: ((rows: ToWorker['rows']) => void) | null = null;
  port.on('message', (m: ToWorker) => {
    const resolve = waiting;
    waiting = null;
    resolve?.(m.rows);
  });
  let lastProgress = 0;
  try {
    const out = createPrivateWriteStream(file);
    const result = await writeJob(job, out, {
      nextPage: () =>
        new Promise((resolve) => {
          waiting = resolve;
          post({ type: 'need' });
        }),
      progress(done, total) {
        const now = Date.now();
        if (done < total && now - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = now;
        post({ type: 'progress', done, total });
      },
    });
    if (!out.writableFinished) await finished(out);
    post({ type: 'done', ...result });
  } catch (err) {
    const e = err as Error & { code?: unknown; details?: unknown };
    post({ type: 'failed', code: typeof e.code === 'string' ? e.code : 'internal', message: e.message });
  }
}

void main();
