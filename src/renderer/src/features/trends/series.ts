import type { TrendPoint } from '../../../../shared/contract';

/** One sync run on a chart's axis: when it was captured and each figure's value (null: not captured then). */
export type TrendRow = { runId: string; at: string } & Record<string, number | string | null>;

/** recharts reads a dot in a data key as a path into the row: keys are stored with underscores */
export const seriesKey = (metric: string) => metric.replace(/\./g, '_');

/**
 * The workspace's own figures as one row per sync run, oldest first: a figure a run did not capture (no audit,
 * a resource not listed completely) stays null, so a line shows a gap rather than a value that was never there.
 */
export function workspaceRows(points: TrendPoint[], metrics: readonly string[]): TrendRow[] {
  const rows = new Map<string, TrendRow>();
  for (const p of points) {
    if (p.subject || !metrics.includes(p.metric)) continue;
    const key = p.runId ?? p.at;
    let row = rows.get(key);
    if (!row) {
      row = { runId: key, at: p.at } as TrendRow;
      for (const m of metrics) row[seriesKey(m)] = null;
      rows.set(key, row);
    }
    row[seriesKey(p.metric)] = p.value;
  }
  return [...rows.values()].sort((a, b) => a.at.localeCompare(b.at));
}

export type SizeSeries = { key: string; type: 'lists' | 'segments'; id: string; name: string; latest: number };

/**
 * List and segment sizes as rows per run, for the `top` largest by their latest size (a chart of three hundred
 * lines reads as nothing); each series is keyed by its item.
 */
export function sizeRows(points: TrendPoint[], top = 8): { rows: TrendRow[]; series: SizeSeries[] } {
  const sizes = points.filter(
    (p) => p.metric === 'profile_count' && (p.subject?.type === 'lists' || p.subject?.type === 'segments'),
  );
  const latest = new Map<string, SizeSeries>();
  for (const p of sizes) {
    const s = p.subject!;
    const key = `${s.type}_${s.id}`;
    latest.set(key, {
      key,
      type: s.type as 'lists' | 'segments',
      id: s.id,
      name: s.name ?? s.id,
      latest: p.value ?? 0,
    });
  }
  const series = [...latest.values()].sort((a, b) => b.latest - a.latest || a.name.localeCompare(b.name)).slice(0, top);
  const shown = new Set(series.map((s) => s.key));
  const rows = new Map<string, TrendRow>();
  for (const p of sizes) {
    const key = `${p.subject!.type}_${p.subject!.id}`;
    if (!shown.has(key)) continue;
    const run = p.runId ?? p.at;
    let row = rows.get(run);
    if (!row) {
      row = { runId: run, at: p.at } as TrendRow;
      for (const s of series) row[s.key] = null;
      rows.set(run, row);
    }
    row[key] = p.value;
  }
  return { rows: [...rows.values()].sort((a, b) => a.at.localeCompare(b.at)), series };
}

/** a flow's status on a chart's y axis: drafts at the bottom, live at the top */
export const STATUS_LEVELS = ['draft', 'manual', 'live'] as const;

/** One item's points as rows per run: a number (a list's size) or a status placed on its level. */
export function itemRows(points: TrendPoint[]): TrendRow[] {
  return points
    .filter((p) => p.metric === 'profile_count' || p.metric === 'status')
    .map((p) => {
      const level = p.label === null ? -1 : (STATUS_LEVELS as readonly string[]).indexOf(p.label);
      return {
        runId: p.runId ?? p.at,
        at: p.at,
        value: p.metric === 'status' ? (level >= 0 ? level : null) : p.value,
        label: p.label,
      } as TrendRow;
    });
}
