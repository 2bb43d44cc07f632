import type { ImportKind, ImportMapping, ImportSource } from '../../../shared/contract/imports';
import type { ResourceLimits } from 'node:worker_threads';
import { AppError, errorCodes, type ErrorCode } from '../../../shared/errors';
import { startWorkerThread } from '../worker-thread';
import type { ParseSummary } from './parse-export';

export type ImportWorkerInput = {
  file: string;
  now: number;
  kind?: ImportKind;
  source?: ImportSource;
  mapping?: ImportMapping;
  sampleSize?: number;
  /** a preview reads and checks every row but keeps no request bodies */
  preview?: boolean;
};
/** One request's body as UTF-8 bytes (the JSON text the chunker made) and the file lines of its records. */
export type ChunkBytes = { records: number; lines: number[]; body: Uint8Array };
export type FromImportWorker =
  | { type: 'chunk'; chunk: ChunkBytes }
  | { type: 'done'; summary: ParseSummary }
  | { type: 'failed'; code: string; message: string; details: Record<string, unknown> };

const codeOf = (code: string): ErrorCode =>
  (errorCodes as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal';

/**
 * The import worker's V8 heap, bounded. It holds little that lives (the request body being filled, the emails and
 * order names seen) but allocates every row's fields, records and JSON on the way; with V8's defaults its heap
 * grew to 54–66 MB for a 20,000-row file, a third of it live. Bounded, the peak RSS of an import of 20,000
 * customers and 20,000 orders came out lower (three runs each on a loaded machine: 275–309 MB unbounded, 278–298 MB
 * bounded). 512 MB is far above what a million-row file keeps (the seen emails and order names, about 100 MB).
 */
export const IMPORT_WORKER_HEAP: ResourceLimits = { maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 8 };

/** Reads and checks a store export in the import worker (worker.ts, or the build's `import-worker.js`). */
export function readExport(input: ImportWorkerInput): Promise<{ summary: ParseSummary; chunks: ChunkBytes[] }> {
  return new Promise((resolve, reject) => {
    const worker = startWorkerThread({
      from: import.meta.url,
      source: './worker.ts',
      bundle: 'import-worker.js',
      workerData: input,
      resourceLimits: IMPORT_WORKER_HEAP,
    });
    const chunks: ChunkBytes[] = [];
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate().finally(fn);
    };
    worker.on('message', (m: FromImportWorker) => {
      if (m.type === 'chunk') chunks.push(m.chunk);
      else if (m.type === 'done') settle(() => resolve({ summary: m.summary, chunks }));
      else settle(() => reject(new AppError(codeOf(m.code), m.message, { details: m.details })));
    });
    worker.on('error', (err) =>
      settle(() => reject(new AppError('internal', `The import worker failed: ${err.message}`))),
    );
    worker.on('exit', (code) =>
      settle(() => reject(new AppError('internal', `The import worker stopped (exit ${code}).`))),
    );
  });
}
