import { createHash } from 'node:crypto';
import type { OperationSpec } from '../main/core/klaviyo/spec/operations';
import { getResource, relIds } from './dataset';
import { invalidParam, notFound } from './errors';
import { matchClause, parseAndValidateFilter, type FilterClause } from './filter';
import { LazyEvents } from './events';
import type { ResourceIdentifier, SimDataset, SimRequest, SimResource, SimResponse } from './types';

/** Attributes Klaviyo only returns when asked for with additional-fields[type]=… */
const ADDITIONAL_ONLY: Record<string, string[]> = {
  flow: ['definition'],
  list: ['profile_count'],
  segment: ['profile_count'],
  template: ['definition'],
  form: ['definition'],
  profile: ['subscriptions', 'predictive_analytics'],
};

/** Default page size where the spec declares a cursor but no page[size] (GET /api/metrics: "up to 200"). */
const IMPLICIT_PAGE = 200;

export function typeFromPlural(plural: string): string {
  return plural.endsWith('s') ? plural.slice(0, -1) : plural;
}

export function pluralOf(type: string): string {
  return `${type}s`;
}

/** Field values as filters and sorts see them, including the few that are not plain attributes. */
export function resolveField(r: SimResource, field: string, ds: SimDataset): unknown {
  if (field === 'id') return r.id;
  if (field === 'messages.channel') {
    const msg = relIds(r, 'campaign-messages')[0];
    const m = msg ? getResource(ds, 'campaign-message', msg.id) : undefined;
    // current revisions keep the channel in the definition; older answers at the top level
    return (m?.attributes.definition as { channel?: string } | undefined)?.channel ?? m?.attributes.channel;
  }
  if (r.type === 'flow-action' && (field === 'action_type' || field === 'status')) {
    const d = r.attributes.definition as { type?: string; data?: { status?: string } } | undefined;
    return field === 'action_type' ? d?.type : d?.data?.status;
  }
  if (field === 'metric_id' || field === 'profile_id') return relIds(r, field.slice(0, -3))[0]?.id;
  if (field === 'metric' || field === 'profile') return relIds(r, field)[0]?.id;
  let v: unknown = r.attributes;
  for (const part of field.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

export type ReadQuery = {
  clauses: FilterClause[];
  sort: string | null;
  pageSize: number | null;
  cursorOffset: number;
  /** events only: API-created events already consumed */
  cursorExtra: number;
  fingerprint: string;
  include: string[];
  fields: Record<string, string[]>;
  additional: Record<string, string[]>;
};

function csv(v: string | null): string[] {
  return v
    ? v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [];
}

function encodeCursor(offset: number, fingerprint: string, extra?: number): string {
  return Buffer.from(JSON.stringify({ o: offset, ...(extra ? { x: extra } : {}), f: fingerprint })).toString(
    'base64url',
  );
}

function decodeCursor(raw: string, fingerprint: string): { o: number; x: number } {
  // The official SDKs accept a whole links.next URL as the cursor and only unwrap https:// ones; over plain
  // http on loopback the URL arrives as is, so unwrap it here.
  if (/^https?:\/\//.test(raw)) {
    try {
      raw = new URL(raw).searchParams.get('page[cursor]') ?? raw;
    } catch {
      // not a URL after all
    }
  }
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as { o?: unknown; x?: unknown; f?: unknown };
    const x = v.x ?? 0;
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.f === fingerprint)
      if (typeof x === 'number' && Number.isInteger(x) && x >= 0) return { o: v.o, x };
  } catch {
    // fall through
  }
  throw invalidParam('page[cursor]', 'Invalid cursor provided.');
}

/** Checks every query parameter against the operation's declared ones and enums; 400 on anything else. */
export function parseReadQuery(req: SimRequest, resourceType: string): ReadQuery {
  const { op, query } = req;
  const allowed = new Set(op.queryParams);
  for (const key of new Set(query.keys())) {
    if (!allowed.has(key)) throw invalidParam(key, `'${key}' is not a valid query parameter for this endpoint.`);
    if (query.getAll(key).length > 1) throw invalidParam(key, `'${key}' may be given only once.`);
  }
  const clauses =
    op.queryParams.includes('filter') || op.filterRequired
      ? parseAndValidateFilter(op, query.get('filter'), resourceType)
      : [];
  if (
    op.operationId === 'get_campaigns' &&
    !clauses.some((c) => c.field === 'messages.channel' && c.operator === 'equals')
  )
    throw invalidParam(
      'filter',
      "A channel filter is required: use equals(messages.channel,'email'), 'sms' or 'mobile_push'.",
    );

  const sort = query.get('sort');
  if (sort !== null && !(op.sort ?? []).includes(sort))
    throw invalidParam(
      'sort',
      `'${sort}' is not a valid sort field. Valid values: ${(op.sort ?? []).join(', ') || 'none'}.`,
    );

  let pageSize: number | null = null;
  if (op.pageSize) {
    const raw = query.get('page[size]');
    pageSize = op.pageSize.default;
    if (raw !== null) {
      const n = Number(raw);
      if (!/^\d+$/.test(raw) || n < op.pageSize.min || n > op.pageSize.max)
        throw invalidParam(
          'page[size]',
          `Page size must be an integer between ${op.pageSize.min} and ${op.pageSize.max}.`,
        );
      pageSize = n;
    }
  } else if (op.cursorParam === 'page[cursor]') pageSize = IMPLICIT_PAGE;

  const include = csv(query.get('include'));
  for (const inc of include)
    if (!(op.include ?? []).includes(inc))
      throw invalidParam(
        'include',
        `'${inc}' is not a valid include value. Valid values: ${(op.include ?? []).join(', ')}.`,
      );

  const fields: Record<string, string[]> = {};
  const additional: Record<string, string[]> = {};
  for (const key of query.keys()) {
    let m = /^fields\[(.+)\]$/.exec(key);
    if (m) {
      const allowedFields = op.sparseFields[m[1]!] ?? [];
      const vals = csv(query.get(key));
      for (const v of vals)
        if (allowedFields.length && !allowedFields.includes(v))
          throw invalidParam(key, `'${v}' is not a valid field for '${m[1]}'.`);
      fields[m[1]!] = vals;
    }
    m = /^additional-fields\[(.+)\]$/.exec(key);
    if (m) {
      const vals = csv(query.get(key));
      for (const v of vals)
        if (!(op.additionalFields[m[1]!] ?? []).includes(v))
          throw invalidParam(key, `'${v}' is not a valid additional field for '${m[1]}'.`);
      additional[m[1]!] = vals;
    }
  }
  const fingerprint = createHash('sha1')
    .update(`${req.account.id}|${op.operationId}|${req.url.pathname}|${query.get('filter') ?? ''}|${sort ?? ''}`)
    .digest('base64url')
    .slice(0, 12);
  const rawCursor = op.cursorParam ? query.get(op.cursorParam) : null;
  const cursor = rawCursor !== null ? decodeCursor(rawCursor, fingerprint) : { o: 0, x: 0 };
  return {
    clauses,
    sort,
    pageSize,
    cursorOffset: cursor.o,
    cursorExtra: cursor.x,
    fingerprint,
    include,
    fields,
    additional,
  };
}

/** A resource as served: additional-only attributes stripped, sparse fields applied, relationship links added. */
export function serialize(
  r: SimResource,
  baseUrl: string,
  q: Pick<ReadQuery, 'fields' | 'additional' | 'include'>,
): Record<string, unknown> {
  const hidden = ADDITIONAL_ONLY[r.type] ?? [];
  const wanted = q.additional[r.type] ?? [];
  const sparse = q.fields[r.type];
  // the stored attributes are shared as they are when nothing needs stripping (most event pages)
  let attributes: Record<string, unknown> = r.attributes;
  if (sparse?.length || hidden.some((h) => h in r.attributes && !wanted.includes(h))) {
    attributes = {};
    for (const [k, v] of Object.entries(r.attributes)) {
      if (hidden.includes(k) && !wanted.includes(k)) continue;
      if (sparse && sparse.length && !wanted.includes(k) && !sparse.some((f) => f === k || f.startsWith(`${k}.`)))
        continue;
      attributes[k] = v;
    }
  }
  const self = `${baseUrl}/api/${pluralOf(r.type)}/${encodeURIComponent(r.id)}/`;
  const out: Record<string, unknown> = { type: r.type, id: r.id, attributes, links: { self } };
  if (r.relationships && Object.keys(r.relationships).length) {
    const rels: Record<string, unknown> = {};
    for (const [name, rel] of Object.entries(r.relationships)) {
      const links = { self: `${self}relationships/${name}/`, related: `${self}${name}/` };
      const toOne = !Array.isArray(rel.data);
      if (toOne ? rel.data : q.include.includes(name)) rels[name] = { data: rel.data, links };
      else rels[name] = { links };
    }
    out.relationships = rels;
  }
  return out;
}

function includedFor(
  ds: SimDataset,
  items: SimResource[],
  include: string[],
  baseUrl: string,
  q: ReadQuery,
): Record<string, unknown>[] | undefined {
  if (!include.length) return undefined;
  const seen = new Set<string>();
  const out: Record<string, unknown>[] = [];
  for (const r of items) {
    for (const rel of include) {
      for (const ident of relIds(r, rel)) {
        const key = `${ident.type}|${ident.id}`;
        if (seen.has(key)) continue;
        const target = getResource(ds, ident.type, ident.id);
        if (!target) continue;
        seen.add(key);
        out.push(serialize(target, baseUrl, { fields: q.fields, additional: q.additional, include: [] }));
      }
    }
  }
  return out;
}

function selfLink(req: SimRequest): string {
  const qs = req.query.toString();
  return `${req.baseUrl}${req.url.pathname}${qs ? `?${qs}` : ''}`;
}

function nextLink(req: SimRequest, cursor: string): string {
  const u = new URL(`${req.baseUrl}${req.url.pathname}${req.url.search}`);
  u.searchParams.set(req.op.cursorParam ?? 'page[cursor]', cursor);
  return u.toString();
}

type CacheEntry = { version: number; items: SimResource[] };
const resultCaches = new WeakMap<SimDataset, Map<string, CacheEntry>>();

/** dataset write counter: a write invalidates cached listings */
export const datasetVersions = new WeakMap<SimDataset, number>();
export function bumpVersion(ds: SimDataset): void {
  datasetVersions.set(ds, (datasetVersions.get(ds) ?? 0) + 1);
}

function cachedList(key: string, ds: SimDataset, build: () => SimResource[]): SimResource[] {
  const version = datasetVersions.get(ds) ?? 0;
  let resultCache = resultCaches.get(ds);
  if (!resultCache) {
    resultCache = new Map();
    resultCaches.set(ds, resultCache);
  }
  const hit = resultCache.get(key);
  if (hit && hit.version === version) return hit.items;
  const items = build();
  resultCache.set(key, { version, items });
  if (resultCache.size > 256) resultCache.delete(resultCache.keys().next().value!);
  return items;
}

function filterAndSort(ds: SimDataset, items: SimResource[], q: ReadQuery, op: OperationSpec): SimResource[] {
  let out = items;
  const archivedDefault =
    (op.operationId === 'get_flows' || op.operationId === 'get_campaigns') &&
    !q.clauses.some((c) => c.field === 'archived');
  if (archivedDefault) out = out.filter((r) => r.attributes.archived !== true);
  if (q.clauses.length) out = out.filter((r) => q.clauses.every((c) => matchClause(resolveField(r, c.field, ds), c)));
  if (q.sort) {
    const desc = q.sort.startsWith('-');
    const field = desc ? q.sort.slice(1) : q.sort;
    const keyed = out.map((r, i) => ({ r, i, k: resolveField(r, field, ds) }));
    keyed.sort((a, b) => (desc ? -1 : 1) * compareValues(a.k, b.k) || a.i - b.i);
    out = keyed.map((x) => x.r);
  } else if (out === items) out = items.slice();
  return out;
}

function collectionResponse(req: SimRequest, q: ReadQuery, all: SimResource[]): SimResponse {
  const start = q.cursorOffset;
  const size = q.pageSize ?? all.length;
  const page = all.slice(start, start + size);
  const links: Record<string, string> = { self: selfLink(req) };
  if (q.pageSize !== null && start + size < all.length)
    links.next = nextLink(req, encodeCursor(start + size, q.fingerprint));
  if (q.pageSize !== null && start > 0)
    links.prev = nextLink(req, encodeCursor(Math.max(0, start - size), q.fingerprint));
  const body: Record<string, unknown> = { data: page.map((r) => serialize(r, req.baseUrl, q)), links };
  const included = includedFor(req.account.dataset, page, q.include, req.baseUrl, q);
  if (included) body.included = included;
  return { status: 200, body };
}

const FORM_TYPE_IN_DEFINITION: Record<string, string> = { full_page: 'full_screen' };

/** GET /api/forms/{id} always carries the form's definition; built from its versions when a fixture has none. */
function formDefinition(ds: SimDataset, form: SimResource): unknown {
  if (form.attributes.definition) return form.attributes.definition;
  const versions = relIds(form, 'form-versions')
    .map((x) => getResource(ds, 'form-version', x.id))
    .filter((v): v is SimResource => Boolean(v));
  return {
    versions: versions.map((v) => ({
      id: Number(v.id) || undefined,
      name: v.attributes.variation_name,
      steps: [{ id: `${v.id}-1`, name: 'Step 1', columns: [] }],
      type: FORM_TYPE_IN_DEFINITION[v.attributes.form_type as string] ?? v.attributes.form_type,
      status: v.attributes.status,
      ab_test: Boolean(form.attributes.ab_test),
      channel: 'WEB',
    })),
  };
}

function singleResponse(req: SimRequest, q: ReadQuery, r: SimResource): SimResponse {
  if (r.type === 'form' && !q.additional.form) {
    q = { ...q, additional: { ...q.additional, form: ['definition'] } };
    r = { ...r, attributes: { ...r.attributes, definition: formDefinition(req.account.dataset, r) } };
  }
  const body: Record<string, unknown> = { data: serialize(r, req.baseUrl, q), links: { self: selfLink(req) } };
  const included = includedFor(req.account.dataset, [r], q.include, req.baseUrl, q);
  if (included) body.included = included;
  return { status: 200, body };
}

function listEvents(req: SimRequest, q: ReadQuery): SimResponse {
  const ds = req.account.dataset;
  const ev = ds.events;
  const lazy = ev instanceof LazyEvents ? ev : null;
  let lo = 0;
  let hi = ev.count;
  const cheap: FilterClause[] = [];
  for (const c of q.clauses) {
    const v = c.value as { datetime?: number } | number | undefined;
    const t =
      c.field === 'timestamp' && typeof v === 'number'
        ? v * 1000
        : typeof v === 'object' && v && 'datetime' in v
          ? v.datetime
          : undefined;
    if (lazy && t !== undefined && (c.field === 'datetime' || c.field === 'timestamp')) {
      if (c.operator === 'greater-or-equal') lo = Math.max(lo, lazy.lowerBound(t));
      else if (c.operator === 'greater-than') lo = Math.max(lo, lazy.lowerBound(Math.floor(t / 1000) * 1000 + 1000));
      else if (c.operator === 'less-than') hi = Math.min(hi, lazy.lowerBound(t));
      else if (c.operator === 'less-or-equal') hi = Math.min(hi, lazy.lowerBound(Math.floor(t / 1000) * 1000 + 1000));
      continue;
    }
    cheap.push(c);
  }
  const matchesLazy = (pos: number): boolean => {
    if (!cheap.length) return true;
    if (lazy) {
      return cheap.every((c) => {
        if (c.field === 'metric_id') return matchClause(lazy.metricAt(pos).metricId, c);
        if (c.field === 'profile_id') return matchClause(lazy.profileAt(pos), c);
        if (c.field === 'metric' || c.field === 'profile') return true;
        return matchClause(resolveField(ev.at(pos), c.field, ds), c);
      });
    }
    const r = ev.at(pos);
    return cheap.every((c) => matchClause(resolveField(r, c.field, ds), c));
  };
  const matchesExtra = (r: SimResource): boolean =>
    q.clauses.every((c) => matchClause(resolveField(r, c.field, ds), c));
  const desc = q.sort?.startsWith('-') ?? false;
  // Generated events [lo, hi) and API-created ones (kept sorted by time) are merged in datetime order; the cursor
  // records how many of each side were consumed.
  const lazyLen = Math.max(0, hi - lo);
  const extras = ev.extra;
  const lazyPos = (i: number): number => (desc ? hi - 1 - i : lo + i);
  const extraAt = (x: number): SimResource => extras[desc ? extras.length - 1 - x : x]!;
  const lazyTime = (pos: number): number => (lazy ? lazy.timeAt(pos) : Number(ev.at(pos).attributes.timestamp) * 1000);
  const extraTime = (r: SimResource): number => Number(r.attributes.timestamp) * 1000;
  let i = q.cursorOffset;
  let x = q.cursorExtra;
  if (i > lazyLen || x > extras.length) throw invalidParam('page[cursor]', 'Invalid cursor provided.');
  /** the next candidate in merge order, or null when both sides are exhausted */
  const nextSide = (): 'lazy' | 'extra' | null => {
    const hasLazy = i < lazyLen;
    const hasExtra = x < extras.length;
    if (!hasLazy) return hasExtra ? 'extra' : null;
    if (!hasExtra) return 'lazy';
    const a = lazyTime(lazyPos(i));
    const b = extraTime(extraAt(x));
    return (desc ? a >= b : a <= b) ? 'lazy' : 'extra';
  };
  const size = q.pageSize ?? 200;
  const page: SimResource[] = [];
  let more = false;
  for (let side = nextSide(); side; side = nextSide()) {
    if (side === 'lazy') {
      const pos = lazyPos(i);
      if (matchesLazy(pos)) {
        if (page.length === size) {
          more = true;
          break;
        }
        page.push(ev.at(pos));
      }
      i++;
    } else {
      const r = extraAt(x);
      if (matchesExtra(r)) {
        if (page.length === size) {
          more = true;
          break;
        }
        page.push(r);
      }
      x++;
    }
  }
  const links: Record<string, string> = { self: selfLink(req) };
  if (more) links.next = nextLink(req, encodeCursor(i, q.fingerprint, x));
  const body: Record<string, unknown> = { data: page.map((r) => serialize(r, req.baseUrl, q)), links };
  const included = includedFor(ds, page, q.include, req.baseUrl, q);
  if (included) body.included = included;
  return { status: 200, body };
}

function findResource(ds: SimDataset, type: string, id: string): SimResource {
  if (type === 'event') {
    const i = ds.events.indexOf(id);
    if (i >= 0) return ds.events.at(i);
  } else {
    const r = getResource(ds, type, id);
    if (r) return r;
  }
  throw notFound(`A ${type} with id ${id} does not exist.`);
}

/**
 * Serves any GET of the spec from the path shape: /api/{things}, /api/{things}/{id}, /api/{things}/{id}/{related},
 * /api/{things}/{id}/relationships/{related}. Behaviour (filters, sorts, sizes, includes) comes from the operation.
 */
export function handleRead(req: SimRequest): SimResponse {
  const ds = req.account.dataset;
  const parts = req.op.path.split('/').filter(Boolean).slice(1); // drop 'api'
  const type = typeFromPlural(parts[0]!);
  const id = req.op.pathParams[0] ? req.params[req.op.pathParams[0]]! : undefined;

  if (parts.length === 1) {
    const q = parseReadQuery(req, type);
    if (type === 'event') return listEvents(req, q);
    const all = [...(ds.resources.get(type)?.values() ?? [])];
    const items = cachedList(`${q.fingerprint}`, ds, () => filterAndSort(ds, all, q, req.op));
    if (q.cursorOffset > items.length) throw invalidParam('page[cursor]', 'Invalid cursor provided.');
    return collectionResponse(req, q, items);
  }
  if (parts.length === 2) {
    const q = parseReadQuery(req, type);
    return singleResponse(req, q, findResource(ds, type, id!));
  }
  if (parts.length === 3) {
    const rel = parts[2]!;
    const childType = rel === 'flow-triggers' ? 'flow' : typeFromPlural(rel);
    const q = parseReadQuery(req, childType);
    const parent = findResource(ds, type, id!);
    if (!/Collection/.test(req.op.responseSchema ?? '')) {
      // to-one related resource, e.g. /api/flow-messages/{id}/flow-action
      const ident = relIds(parent, rel)[0];
      const target = ident ? getResource(ds, ident.type, ident.id) : undefined;
      if (!target) throw notFound(`The ${type} ${id} has no related ${rel}.`);
      return singleResponse(req, q, target);
    }
    const children: SimResource[] = [];
    for (const ident of relIds(parent, rel)) {
      const r = getResource(ds, ident.type, ident.id);
      if (!r) continue;
      // list/segment members carry when they joined (stored on the membership, served as an attribute)
      const joined = ident.meta?.joined_group_at;
      children.push(joined !== undefined ? { ...r, attributes: { ...r.attributes, joined_group_at: joined } } : r);
    }
    const items = cachedList(`${q.fingerprint}|${type}`, ds, () => filterAndSort(ds, children, q, req.op));
    if (q.cursorOffset > items.length) throw invalidParam('page[cursor]', 'Invalid cursor provided.');
    return collectionResponse(req, q, items);
  }
  if (parts.length === 4 && parts[2] === 'relationships') {
    parseReadQuery(req, type);
    const parent = findResource(ds, type, id!);
    const ids: ResourceIdentifier[] = relIds(parent, parts[3]!).map((x) => ({ type: x.type, id: x.id }));
    const toOne = !/Collection/.test(req.op.responseSchema ?? '');
    if (toOne && !ids[0]) throw notFound(`The ${type} ${id} has no related ${parts[3]}.`);
    return { status: 200, body: { data: toOne ? ids[0] : ids, links: { self: selfLink(req) } } };
  }
  throw notFound(`No resource at ${req.url.pathname}`);
}
