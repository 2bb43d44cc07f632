import path from 'node:path';
import type { ImportResult } from '../../../shared/contract/imports';
import type { Language } from '../../../shared/contract/primitives';
import { importReasonText } from '../../../shared/imports/words';
import type { OutboxItemRow } from '../store';
import { readExport } from './read-export';

type QueueImport = (
  workspaceId: string,
  imp: {
    kind: 'profile_import' | 'event_import';
    importId: string;
    fileName: string;
    chunks: { records: number; lines: number[]; body: string }[];
  },
  requestId?: string,
) => OutboxItemRow[];

/**
 * Imports a store export: read and checked in the import worker, queued in the outbox in one transaction (each
 * item one Klaviyo bulk request), every refused row reported with its line and the reason in the chosen language.
 * The import's id is the file's content hash, so the same file queued twice is recognisable in the outbox.
 */
export async function importFile(
  deps: { queueImport: QueueImport; now: () => number },
  input: { workspaceId: string; kind: 'customers' | 'orders'; file: string; lang: Language; requestId?: string },
): Promise<ImportResult> {
  const { summary, chunks } = await readExport({ file: input.file, kind: input.kind, now: deps.now() });
  const importId = summary.sha256.slice(0, 16);
  const fileName = path.basename(input.file);
  const rows = chunks.length
    ? deps.queueImport(
        input.workspaceId,
        { kind: input.kind === 'customers' ? 'profile_import' : 'event_import', importId, fileName, chunks },
        input.requestId,
      )
    : [];
  return {
    importId,
    kind: input.kind,
    fileName,
    rows: summary.rows,
    accepted: summary.accepted,
    rejected: new Set(summary.problems.filter((p) => p.severity === 'rejected').map((p) => p.line)).size,
    queuedItems: rows.length,
    problems: summary.problems.map((p) => ({ ...p, message: importReasonText(input.lang, p) })),
  };
}
