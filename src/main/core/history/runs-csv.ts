import type { Writable } from 'node:stream';
import type { SyncRun } from '../../../shared/contract/sync';
import { typeWord } from '../../../shared/changes';
import { HISTORY_WORDS, type HistoryLang } from '../../../shared/history/words';
import { writeCsv } from '../exports';

/**
 * The history as a CSV a person reads: one row per run, in the order and selection of the screen, words in the
 * chosen language, with the figures as plain numbers next to them. Every cell goes through the export sanitiser.
 */
export function writeRunsCsv(
  runs: Iterable<SyncRun>,
  lang: HistoryLang,
  clientName: (workspaceId: string) => string,
  out: Writable,
): Promise<{ rows: number }> {
  const w = HISTORY_WORDS[lang];
  const h = w.headers;
  const sum = (r: SyncRun, k: 'requests' | 'throttled' | 'itemsAdded' | 'itemsChanged' | 'itemsRemoved') =>
    r.resources.reduce((a, x) => a + x[k], 0);
  return writeCsv(
    runs,
    [
      { header: h.run, value: (r) => r.id },
      { header: h.client, value: (r) => clientName(r.workspaceId) },
      { header: h.direction, value: (r) => w.direction[r.direction] },
      { header: h.trigger, value: (r) => w.trigger[r.trigger] },
      { header: h.outcome, value: (r) => w.outcome[r.outcome] },
      { header: h.started, value: (r) => r.startedAt },
      { header: h.finished, value: (r) => r.finishedAt ?? '' },
      { header: h.seconds, value: (r) => (r.durationMs === null ? '' : (r.durationMs / 1000).toFixed(1)) },
      { header: h.requests, value: (r) => sum(r, 'requests') },
      { header: h.throttled, value: (r) => sum(r, 'throttled') },
      { header: h.added, value: (r) => sum(r, 'itemsAdded') },
      { header: h.changed, value: (r) => sum(r, 'itemsChanged') },
      { header: h.removed, value: (r) => sum(r, 'itemsRemoved') },
      { header: h.resources, value: (r) => r.resources.map((x) => typeWord(x.resource, lang)).join(', ') },
      { header: h.error, value: (r) => r.error?.message ?? '' },
      { header: h.requestId, value: (r) => r.requestId },
    ],
    out,
  );
}
