/**
 * The import worker thread: reads and checks one store export (parse-export.ts) and posts each finished request
 * body as soon as it is full, so a 20,000-row file is hashed and parsed away from the event loop that answers the
 * screens. A body leaves as UTF-8 bytes whose buffer is transferred, not copied: the receiving thread never holds
 * it as a string (a structured clone of 17 MB of JSON text, and its copy for SQLite, were most of what an import
 * of 20,000 customers and 20,000 orders left on the screens' heap). Started by read-export.ts.
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
      onChunk: ({ records, lines, body }) => {
        if (preview) return;
        // TextEncoder gives the bytes a buffer of their own (Buffer.from may hand out a slice of a shared pool)
        const utf8 = new TextEncoder().encode(body);
        port.postMessage({ type: 'chunk', chunk: { records, lines, body: utf8 } } satisfies FromImportWorker, [
          utf8.buffer,
        ]);
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
