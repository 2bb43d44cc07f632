import { LazyEvents } from '../events';
import type { SimDataset } from '../types';
import { DAY_MS } from './timeframe';

const aggCache = new WeakMap<SimDataset, Map<string, { count: number[]; value: number[] }>>();

/** Daily counts (and $value sums) of one metric's events over whole UTC days, cached per dataset. */
export function eventCounts(ds: SimDataset, metricId: string, days: number[], wantValue: boolean) {
  const key = `${metricId}|${days[0]}|${days.length}|${wantValue}|${ds.events.extra.length}`;
  let cache = aggCache.get(ds);
  if (!cache) aggCache.set(ds, (cache = new Map()));
  const hit = cache.get(key);
  if (hit) return hit;
  const count = days.map(() => 0);
  const value = days.map(() => 0);
  const start = days[0] ?? 0;
  const end = (days[days.length - 1] ?? 0) + DAY_MS;
  const bucket = (t: number) => Math.floor((t - start) / DAY_MS);
  const ev = ds.events;
  if (ev instanceof LazyEvents) {
    for (let i = ev.lowerBound(start); i < ev.count; i++) {
      const t = ev.timeAt(i);
      if (t >= end) break;
      if (ev.metricAt(i).metricId !== metricId) continue;
      const b = bucket(t);
      count[b]!++;
      if (wantValue) value[b]! += Number((ev.at(i).attributes.event_properties as { $value?: number }).$value ?? 0);
    }
  }
  for (const e of ev.extra) {
    const mid = (e.relationships?.metric?.data as { id?: string } | null)?.id;
    const t = Date.parse(String(e.attributes.datetime ?? ''));
    if (mid !== metricId || !(t >= start && t < end)) continue;
    count[bucket(t)]!++;
    if (wantValue) value[bucket(t)]! += Number((e.attributes.event_properties as { $value?: number }).$value ?? 0);
  }
  const out = { count, value: value.map((v) => Math.round(v * 100) / 100) };
  cache.set(key, out);
  return out;
}
