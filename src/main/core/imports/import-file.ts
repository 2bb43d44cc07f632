import path from 'node:path';
import type {
  ImportKind,
  ImportMapping,
  ImportPreview,
  ImportResult,
  ImportSource,
} from '../../../shared/contract/imports';
import type { Language } from '../../../shared/contract/primitives';
import { AppError } from '../../../shared/errors';
import { importReasonText } from '../../../shared/imports/words';
import type { OutboxItemRow } from '../store';
import type { RowProblem } from './shopify';
import { readExport, type ChunkBytes } from './read-export';

type QueueImport = (
  workspaceId: string,
  imp: {
    kind: 'profile_import' | 'event_import';
    importId: string;
    fileName: string;
    chunks: ChunkBytes[];
  },
  requestId?: string,
) => OutboxItemRow[];

/** What an import reads: the file, what it holds (detected from the header when omitted) and a generic mapping. */
export type ImportInput = {
  file: string;
  /** the name a person knows the file by (the path's own name by default) */
  fileName?: string;
  kind?: ImportKind;
  source?: ImportSource;
  mapping?: ImportMapping;
  lang: Language;
};

const worded = (lang: Language, problems: RowProblem[]) =>
  problems.map((p) => ({ ...p, message: importReasonText(lang, p) }));
const rejectedRows = (problems: RowProblem[]) =>
  new Set(problems.filter((p) => p.severity === 'rejected').map((p) => p.line)).size;

/**
 * Imports a store export: read and checked in the import worker, queued in the outbox in one transaction (each
 * item one Klaviyo bulk request), every refused row reported with its line and the reason in the chosen language.
 * The import's id is the file's content hash, so the same file queued twice is recognisable in the outbox.
 */
export async function importFile(
  deps: { queueImport: QueueImport; now: () => number },
  input: ImportInput & { workspaceId: string; requestId?: string },
): Promise<ImportResult> {
  const { summary, chunks } = await readExport({
    file: input.file,
    now: deps.now(),
    ...(input.kind ? { kind: input.kind } : {}),
    ...(input.source ? { source: input.source } : {}),
    ...(input.mapping ? { mapping: input.mapping } : {}),
  });
  const importId = summary.sha256.slice(0, 16);
  const fileName = input.fileName ?? path.basename(input.file);
  const rows = chunks.length
    ? deps.queueImport(
        input.workspaceId,
        { kind: summary.kind === 'customers' ? 'profile_import' : 'event_import', importId, fileName, chunks },
        input.requestId,
      )
    : [];
  return {
    importId,
    kind: summary.kind,
    fileName,
    rows: summary.rows,
    accepted: summary.accepted,
    rejected: rejectedRows(summary.problems),
    queuedItems: rows.length,
    problems: worded(input.lang, summary.problems),
  };
}

/** How many records and problems a preview shows: enough to judge the file, small enough for a screen. */
export const PREVIEW = { sample: 10, problems: 500 };

/**
 * What importing the file would do, queueing nothing: the whole file is read and checked in the import worker,
 * and the answer holds the first records as they will be sent and every refused row. A generic file whose mapping
 * leaves out a needed field is not an error here: the answer says which fields are missing, so the screen can ask.
 */
export async function previewFile(deps: { now: () => number }, input: ImportInput): Promise<ImportPreview> {
  const fileName = input.fileName ?? path.basename(input.file);
  try {
    const { summary } = await readExport({
      file: input.file,
      now: deps.now(),
      preview: true,
      sampleSize: PREVIEW.sample,
      ...(input.kind ? { kind: input.kind } : {}),
      ...(input.source ? { source: input.source } : {}),
      ...(input.mapping ? { mapping: input.mapping } : {}),
    });
    return {
      fileName,
      kind: summary.kind,
      source: summary.source,
      detected: summary.detected,
      columns: summary.header,
      mapping: summary.mapping,
      missingFields: [],
      ready: summary.accepted > 0,
      rows: summary.rows,
      accepted: summary.accepted,
      rejected: rejectedRows(summary.problems),
      sample: summary.sample,
      problems: worded(input.lang, summary.problems.slice(0, PREVIEW.problems)),
      problemCount: summary.problems.length,
    };
  } catch (err) {
    const d = err instanceof AppError ? err.details : {};
    if (!(err instanceof AppError) || d.field !== 'mapping') throw err;
    const kind = d.kind as ImportKind;
    return {
      fileName,
      kind,
      source: 'generic',
      detected: { kind, source: 'generic' },
      columns: d.columns as string[],
      mapping: d.mapping as ImportMapping,
      missingFields: d.missingFields as ImportPreview['missingFields'],
      ready: false,
      rows: 0,
      accepted: 0,
      rejected: 0,
      sample: [],
      problems: [],
      problemCount: 0,
    };
  }
}
