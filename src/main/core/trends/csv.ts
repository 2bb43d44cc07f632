import type { Writable } from 'node:stream';
import type { TrendPoint } from '../../../shared/contract';
import {
  trendHeaders,
  trendMetricWord,
  trendStatusWord,
  trendSubjectWord,
  type TrendLang,
} from '../../../shared/trends';
import { writeCsv } from '../exports';

type Columns = Parameters<typeof writeCsv<TrendPoint>>[1];

/**
 * One row per captured point, in words: what was measured, of which item (or of the whole account), and its
 * value — a number, or a flow's status as a word. Cells go through the export pipeline's sanitiser.
 */
export function trendColumns(lang: TrendLang): Columns {
  const h = trendHeaders(lang);
  return [
    { header: h.at, value: (p) => p.at },
    { header: h.run, value: (p) => p.runId ?? '' },
    { header: h.measure, value: (p) => trendMetricWord(p.metric, lang) },
    { header: h.itemType, value: (p) => trendSubjectWord(p.subject?.type ?? null, lang) },
    { header: h.item, value: (p) => p.subject?.name ?? '' },
    { header: h.id, value: (p) => p.subject?.id ?? '' },
    { header: h.value, value: (p) => (p.label !== null ? trendStatusWord(p.label, lang) : (p.value ?? '')) },
  ];
}

export function writeTrendsCsv(points: TrendPoint[], lang: TrendLang, out: Writable): Promise<{ rows: number }> {
  return writeCsv(points, trendColumns(lang), out);
}
