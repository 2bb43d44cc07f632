import type { ResourceIdentifier, SimDataset, SimEventSource, SimResource } from './types';

/** Creates an empty dataset; the events source is set by the generator or left empty for fixtures. */
export function createDataset(accountId: string, events?: SimEventSource): SimDataset {
  return { accountId, resources: new Map(), events: events ?? emptyEvents() };
}

export function emptyEvents(): SimEventSource {
  const extra: SimResource[] = [];
  return {
    count: 0,
    extra,
    at(i: number) {
      const e = extra[i];
      if (!e) throw new RangeError(`event index ${i} out of range`);
      return e;
    },
    indexOf(id: string) {
      return extra.findIndex((e) => e.id === id);
    },
  };
}

export function typeMap(ds: SimDataset, type: string): Map<string, SimResource> {
  let m = ds.resources.get(type);
  if (!m) {
    m = new Map();
    ds.resources.set(type, m);
  }
  return m;
}

export function put(ds: SimDataset, r: SimResource): SimResource {
  typeMap(ds, r.type).set(r.id, r);
  return r;
}

export function getResource(ds: SimDataset, type: string, id: string): SimResource | undefined {
  return ds.resources.get(type)?.get(id);
}

export function relIds(r: SimResource, rel: string): ResourceIdentifier[] {
  const d = r.relationships?.[rel]?.data;
  if (!d) return [];
  return Array.isArray(d) ? d : [d];
}

export function addRelated(r: SimResource, rel: string, target: ResourceIdentifier): boolean {
  r.relationships ??= {};
  const cur = r.relationships[rel]?.data;
  const list = Array.isArray(cur) ? cur : cur ? [cur] : [];
  if (list.some((x) => x.id === target.id && x.type === target.type)) return false;
  list.push({ type: target.type, id: target.id, ...(target.meta ? { meta: target.meta } : {}) });
  r.relationships[rel] = { data: list };
  return true;
}

export function removeRelated(r: SimResource, rel: string, target: ResourceIdentifier): boolean {
  const cur = r.relationships?.[rel]?.data;
  if (!Array.isArray(cur)) return false;
  const idx = cur.findIndex((x) => x.id === target.id && x.type === target.type);
  if (idx < 0) return false;
  cur.splice(idx, 1);
  return true;
}

export function setToOne(r: SimResource, rel: string, target: ResourceIdentifier | null): void {
  r.relationships ??= {};
  r.relationships[rel] = { data: target ? { type: target.type, id: target.id } : null };
}

/** Links both sides of a to-many relationship (tag ↔ flow, list ↔ flow trigger …). */
export function linkBoth(a: SimResource, relOnA: string, b: SimResource, relOnB: string): void {
  addRelated(a, relOnA, b);
  addRelated(b, relOnB, a);
}

const dayPrefix = new Map<number, string>();
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** Klaviyo's timestamp format (`2024-05-01T10:00:00+00:00`); the date part is cached per day since events need millions. */
export function isoSeconds(ms: number): string {
  const sec = Math.floor(ms / 1000);
  const day = Math.floor(sec / 86_400);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    if (dayPrefix.size > 5000) dayPrefix.clear();
    dayPrefix.set(day, prefix);
  }
  const rest = sec - day * 86_400;
  return `${prefix}${two(Math.floor(rest / 3600))}:${two(Math.floor((rest % 3600) / 60))}:${two(rest % 60)}+00:00`;
}
