import { AppError } from '../../../shared/errors';
import {
  createKlaviyoClient,
  listQuery,
  newerThanOperator,
  operationTable,
  pageSizeFor,
  parentQualifies,
  partitionsOf,
  detailQuery,
  detailRateLimit,
  DEFINITION_DERIVATIONS,
  RESOURCE_DEFS,
  RESOURCE_NAMES,
  SingleDocumentSchema,
  type DefinitionDerivation,
  type KlaviyoClient,
  type Page,
  type KlaviyoEvent,
  type OperationTable,
  type ResourceDef,
} from '../klaviyo';
import type {
  ChangedPlan,
  SourceEvent,
  SourceItem,
  SourcePage,
  SourceResource,
  SyncSource,
  SyncSourceFactory,
} from './source';

/**
 * The sync's view of the Klaviyo client's resource definitions (klaviyo/resources.ts, PRODUCT A1 as data):
 * partitions, includes, additional fields, detail calls, parents with their `when` filter, and children that
 * arrive in a parent page's `included`. Each listing goes through the client's `paginate` (links.next followed
 * verbatim, cursor loops refused); a retry continues a partition from the links.next saved in its cursor.
 */
export const RESOURCE_DEFINITIONS: ResourceDef[] = RESOURCE_NAMES.map((n) => RESOURCE_DEFS[n]);

/** A saved cursor: partition index plus links.next within it ('' = start of that partition). */
type SavedCursor = { p: number; next: string };

function parseCursor(cursor: string | null): SavedCursor | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(cursor) as SavedCursor;
    return typeof c.p === 'number' && typeof c.next === 'string' ? c : null;
  } catch {
    return null;
  }
}

export type KlaviyoSourceOptions = {
  /** overrides the workspace's time scale (benchmarks) */
  timeScale?: number;
  definitions?: ResourceDef[];
  requestTimeoutMs?: number;
};

export function klaviyoSourceFactory(opts: KlaviyoSourceOptions = {}): SyncSourceFactory {
  const table = operationTable();
  const defs = opts.definitions ?? RESOURCE_DEFINITIONS;
  return ({ baseUrl, server, apiKey, requestId, onEvent, timeScale: wsScale }): SyncSource => {
    const timeScale = opts.timeScale ?? wsScale ?? 1;
    const clients = new Map<string, KlaviyoClient>();
    // one client per resource (sharing the account's limiter) so each request is counted for the resource it served
    const clientFor = (resource: string): KlaviyoClient => {
      let c = clients.get(resource);
      if (!c) {
        c = createKlaviyoClient({
          baseUrl,
          server,
          apiKey,
          requestId,
          timeScale,
          ...(opts.requestTimeoutMs ? { requestTimeoutMs: opts.requestTimeoutMs } : {}),
          onEvent: (e: KlaviyoEvent) => forward(resource, e, onEvent),
        });
        clients.set(resource, c);
      }
      return c;
    };

    const resources: SourceResource[] = defs.map((def) => {
      const op = table.get(def.operationId);
      const childDefs = defs.filter((d) => d.parent?.resource === def.name && d.parent.fromIncluded);
      const derived = !!def.parent?.fromIncluded;
      const derive = def.parent?.fromDefinition ? derivationOf(def) : null;
      const resource: SourceResource = {
        key: def.name,
        type: def.type,
        ...(def.parent ? { parent: def.parent.resource } : {}),
        scopes: op.scopes,
        operationId: def.operationId,
        pageSize: pageSizeFor(def, table) ?? def.assumedPageSize ?? 100,
        requestsPerItem: def.detail ? 1 : 0,
        // a detail call on a stricter limit of its own paces the whole resource
        requestsPerSecond:
          (Math.min(op.rateLimit.steadyPerMinute, detailRateLimit(def, table)?.steadyPerMinute ?? Infinity) / 60) *
          timeScale,
        resumable: !def.parent,
        derived,
        fromDefinition: !!derive,
        // read out of the parent's definition where it can be: listed only under the parents it cannot be
        ...(def.parent?.when || derive
          ? { qualifies: (parent: SourceItem) => parentQualifies(def, parent) && (!derive || derive(parent) === null) }
          : {}),
        list: (args) => listDefinition(def, childDefs, defs, clientFor(def.name), args, onEvent),
      };
      if (incrementalField(def, table)) resource.cursorField = def.cursorField!;
      return resource;
    });
    return { resources };
  };
}

/**
 * Whether a top-level resource can be synced incrementally: its operation filters on the update time (newer
 * than) and lists it in a sparse fieldset, so its listing tells what is there and what changed (see
 * sync/incremental.ts); a resource without them is listed and merged whole every time.
 */
function incrementalField(def: ResourceDef, table: OperationTable): boolean {
  if (def.parent || !def.cursorField) return false;
  const op = table.get(def.operationId);
  return !!newerThanOperator(op, def.cursorField) && !!op.sparseFields[def.type]?.includes(def.cursorField);
}

type RawPage = { page: Page; next: string | null; partition: Record<string, string> };
type ListArgs = { parentId?: string; cursor: string | null; signal: AbortSignal; changed?: ChangedPlan };

/** the listing's own pages (every partition, or the children of one parent) from a saved cursor, as served */
async function* rawPages(def: ResourceDef, client: KlaviyoClient, args: ListArgs): AsyncGenerator<RawPage> {
  const partitions = def.parent ? [{ key: '', values: {} }] : partitionsOf(def);
  const saved = parseCursor(args.cursor);
  for (let p = saved?.p ?? 0; p < partitions.length; p++) {
    const part = partitions[p]!;
    const query = listQuery(client, def, part.values);
    const startUrl = saved && saved.p === p && saved.next ? saved.next : null;
    const pages = client.paginate(def.operationId, {
      ...(startUrl ? { startUrl } : { query, ...(def.parent ? { path: { id: args.parentId! } } : {}) }),
      expectType: def.type,
      signal: args.signal,
    });
    for await (const page of pages) {
      // where a retry continues: this partition's next page, else the start of the next partition, else done
      const nextCursor = page.next
        ? JSON.stringify({ p, next: page.next } satisfies SavedCursor)
        : p + 1 < partitions.length
          ? JSON.stringify({ p: p + 1, next: '' } satisfies SavedCursor)
          : null;
      const partition = Object.fromEntries(Object.entries(part.values).map(([k, v]) => [k, String(v)]));
      yield { page, next: nextCursor, partition };
    }
  }
}

/**
 * One listing, page by page from a saved cursor, with each item's detail call and the children that come with the
 * page. A resource with a detail call (flows) is listed whole first — a few small pages on its own limit — so the
 * run knows how many detail calls are left (the ETA of a first sync) before they start.
 */
async function* listDefinition(
  def: ResourceDef,
  childDefs: ResourceDef[],
  defs: ResourceDef[],
  client: KlaviyoClient,
  args: ListArgs,
  onEvent: (e: SourceEvent) => void,
): AsyncGenerator<SourcePage> {
  if (def.parent?.fromIncluded) return; // its items arrive with the parent's pages
  // an incremental listing keeps what changed; the rest stands as stored
  const kept = (page: Page): SourceItem[] => (args.changed ? args.changed.keep(page.data) : page.data);
  type KeptPage = RawPage & { listed: SourceItem[] };
  let pages: AsyncIterable<KeptPage> | KeptPage[] = keptPages(rawPages(def, client, args), kept);
  if (def.detail) {
    const all: KeptPage[] = [];
    for await (const page of pages) all.push(page);
    onEvent({ type: 'listed', resource: def.name, items: all.reduce((n, x) => n + x.listed.length, 0) });
    pages = all;
  }
  for await (const { page, next, partition, listed } of pages) {
    let items: SourceItem[] = listed;
    if (def.detail) items = await withDetails(def, client, items, args.signal);
    const children = [
      ...childDefs.map((cd) => ({
        resource: cd.name,
        parentType: def.name,
        groups: childrenOf(listed, page.included, cd),
      })),
      ...fromDefinitions(def, items, defs),
    ];
    yield { items, next, partition, children };
  }
}

/** each raw page with the items of it that go on, decided once per page */
async function* keptPages(
  pages: AsyncIterable<RawPage>,
  kept: (page: Page) => SourceItem[],
): AsyncGenerator<RawPage & { listed: SourceItem[] }> {
  for await (const p of pages) yield { ...p, listed: kept(p.page) };
}

/** each item's detail call (e.g. a flow's definition), a page's worth in parallel */
async function withDetails(
  def: ResourceDef,
  client: KlaviyoClient,
  items: SourceItem[],
  signal: AbortSignal,
): Promise<SourceItem[]> {
  const detail = def.detail!;
  const query = detailQuery(detail);
  // a page's details in parallel: the limiter paces them, the page's latency is paid once
  const fetched = await Promise.all(
    items.map(async (it): Promise<SourceItem | null> => {
      try {
        const doc = await client.request(detail.operationId, {
          path: { id: it.id },
          query,
          signal,
          schema: SingleDocumentSchema,
        });
        const data = doc.data as SourceItem;
        if (data.id !== it.id || data.type !== it.type) {
          throw new AppError('malformed_response', `Klaviyo answered ${detail.operationId} with another item.`, {
            requestId: client.requestId,
            details: { operationId: detail.operationId, id: it.id },
          });
        }
        // the listing's relationships (its includes) with the detail's attributes
        return { ...it, attributes: data.attributes ?? it.attributes };
      } catch (err) {
        // deleted between the listing and its detail call: it is simply not there any more
        if (err instanceof AppError && err.code === 'not_found') return null;
        throw err;
      }
    }),
  );
  return fetched.filter((x): x is SourceItem => x !== null);
}

function childrenOf(
  parents: SourceItem[],
  included: SourceItem[],
  child: ResourceDef,
): { parentId: string; items: SourceItem[] }[] {
  const byId = new Map(included.filter((i) => i.type === child.type).map((i) => [i.id, i]));
  const rel = child.parent!.fromIncluded!.relationship;
  return parents.map((p) => {
    const data = (p.relationships as Record<string, { data?: unknown }> | undefined)?.[rel]?.data;
    const ids = Array.isArray(data) ? (data as { id: string }[]) : [];
    return { parentId: p.id, items: ids.map((x) => byId.get(x.id)).filter((x): x is SourceItem => !!x) };
  });
}

function derivationOf(def: ResourceDef): (parent: SourceItem) => SourceItem[] | null {
  return DEFINITION_DERIVATIONS[def.name as DefinitionDerivation];
}

/**
 * The children (and their children) read out of these parents' definitions: a flow page brings its flows' actions
 * and their messages. A parent whose definition cannot tell gets no group here; its children are listed instead.
 */
function fromDefinitions(
  parentDef: ResourceDef,
  parents: SourceItem[],
  defs: ResourceDef[],
): NonNullable<SourcePage['children']> {
  const out: NonNullable<SourcePage['children']> = [];
  for (const cd of defs) {
    if (cd.parent?.resource !== parentDef.name || !cd.parent.fromDefinition) continue;
    const derive = derivationOf(cd);
    const groups: { parentId: string; items: SourceItem[] }[] = [];
    for (const p of parents) {
      if (!parentQualifies(cd, p)) continue;
      const items = derive(p);
      if (items) groups.push({ parentId: p.id, items });
    }
    // the parent's JSON:API type, as a listing under the parent records it
    out.push({ resource: cd.name, parentType: parentDef.type, groups });
    out.push(
      ...fromDefinitions(
        cd,
        groups.flatMap((g) => g.items),
        defs,
      ),
    );
  }
  return out;
}

function forward(resource: string, e: KlaviyoEvent, onEvent: (e: SourceEvent) => void): void {
  if (e.type === 'request_finished') {
    onEvent({ type: 'request', resource, operationId: e.operationId, status: e.status, throttled: e.status === 429 });
  } else if (e.type === 'throttled_wait') {
    onEvent({ type: 'throttled_wait', resource, waitMs: e.waitMs });
  }
}
