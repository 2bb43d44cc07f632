/**
 * The import worker thread: reads and checks one store export (parse-export.ts) and posts each finished request
 * body as soon as it is full, so a 20,000-row file is hashed and parsed away from the event loop that answers the
 * screens. Started by read-export.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseExport } from './parse-export';
import type { FromImportWorker, ImportWorkerInput } from './read-export';

async function main(): Promise<void> {
  const port = parentPort!;
  const input = workerData as ImportWorkerInput;
  const post = (m: FromImportWorker) => port.postMessage(m);
  try {
    const { file, preview, ...opts } = input;
    const summary = await parseExport(file, {
      ...opts,
      onChunk: (chunk) => {
        if (!preview) post({ type: 'chunk', chunk });
      },
    });
    post({ type: 'done', summary });
  } catch (err) {
    const e = err as Error & { code?: unknown; details?: unknown };
    post({
      type: 'failed',
      code: typeof e.code === 'string' ? e.code : 'internal',
      message: e.message,
      details: (e.details as Record<string, unknown> | undefined) ?? {},
    });
  }
}

void main();
