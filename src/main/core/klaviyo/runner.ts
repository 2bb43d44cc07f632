import { setMaxListeners } from 'node:events';
import { AppError, toErrorEnvelope, type ErrorEnvelope } from '../../../shared/errors';
import type { KlaviyoClient, Page, QueryInput } from './client';
import { buildFilter, newerThanOperator, type FilterTerm } from './filter';
import { AsyncQueue } from './queue';
import {
  RESOURCE_DEFS,
  RESOURCE_NAMES,
  pageSizeFor,
  parentQualifies,
  partitionsOf,
  type ResourceDef,
  type ResourceName,
} from './resources';
import { SingleDocumentSchema, type ResourceObject } from './schemas';

/** One page of a resource listing, tagged with where it came from (the unit the sync writes and checkpoints). */
export type ResourcePage = {
  resource: ResourceName;
  type: string;
  /** partition key, e.g. "channel=email;archived=false" ('' when the resource has no partitions) */
  partition: string;
  partitionValues: Record<string, string | boolean>;
  /** the parent the page was listed under (child resources), else null */
  parentId: string | null;
  /** parent of each item, aligned with `items` (differs per item for children taken from a parent's `included`) */
  parentIds: Array<string | null>;
  /** 0-based page number within its (partition, parent) listing */
  index: number;
  items: ResourceObject[];
  included: ResourceObject[];
  /** links.next of this page: where a resumed listing continues; null on the last page */
  next: string | null;
  /** true on the last page of its (partition, parent) listing */
  last: boolean;
  /** items that disappeared between listing and their detail call (deleted meanwhile) */
  vanished: string[];
};

export type ParentRef = { id: string; item?: unknown };

export type ListOptions = {
  signal?: AbortSignal;
  deadline?: number | Date;
  /** children: the parents to list under (any iterable; an AsyncQueue lets the parent listing feed it live) */
  parents?: Iterable<ParentRef> | AsyncIterable<ParentRef>;
  /** incremental: only items changed since then, where the operation can filter on the cursor field */
  since?: Date | string;
  /** parallel listings (partitions or parents) and detail calls; the limiter still paces each operation */
  concurrency?: number;
  /** resume: partition key → links.next to continue from, or null when that partition was already complete */
  resume?: Record<string, string | null>;
  /** called as soon as a list page arrives, before detail calls (lets children start early) */
  onListed?: (page: ResourcePage) => void;
  /** pages buffered ahead of the consumer (default 4) */
  buffer?: number;
  /** request priority when the client's in-flight cap is reached (lower first) */
  priority?: number;
};

function toDate(d: Date | string): Date {
  const date = d instanceof Date ? d : new Date(d);
  if (Number.isNaN(date.getTime())) throw new AppError('validation', `Not a valid "since" timestamp: ${String(d)}`);
  return date;
}

/** Query for a listing of `def` in one partition (page size, filter, include, additional fields). */
export function listQuery(
  client: KlaviyoClient,
  def: ResourceDef,
  partitionValues: Record<string, string | boolean>,
  since?: Date | string,
): QueryInput {
  const op = client.operations.get(def.operationId);
  const q: QueryInput = {};
  const size = pageSizeFor(def, client.operations);
  if (size !== null) q['page[size]'] = size;
  const terms: FilterTerm[] = [];
  for (const dim of def.partitions ?? []) {
    const value = partitionValues[dim.name];
    if (value !== undefined) terms.push({ op: 'equals', field: dim.field, value });
  }
  if (since !== undefined && def.cursorField && !def.parent) {
    const operator = newerThanOperator(op, def.cursorField);
    if (operator) terms.push({ op: operator, field: def.cursorField, value: toDate(since) });
  }
  const filter = buildFilter(op, terms);
  if (filter) q.filter = filter;
  if (def.include?.length) q.include = def.include.join(',');
  for (const [type, fields] of Object.entries(def.additionalFields ?? {}))
    q[`additional-fields[${type}]`] = fields.join(',');
  return q;
}

function linkSignals(outer: AbortSignal | undefined): AbortController {
  const inner = new AbortController();
  // every queued and in-flight call listens to this one signal: hundreds of listeners are expected
  setMaxListeners(0, inner.signal);
  if (outer) {
    if (outer.aborted) inner.abort();
    else outer.addEventListener('abort', () => inner.abort(), { once: true });
  }
  return inner;
}

/** Runs fn over items with at most `limit` at a time, keeping order of results. */
async function mapLimited<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return out;
}

/** A detail answer without `include` lacks the to-many linkage the listing had: keep the listing's. */
function keepLinkage(listed: ResourceObject, detail: ResourceObject): ResourceObject {
  if (!listed.relationships) return detail;
  const rels: Record<string, unknown> = { ...(detail.relationships ?? {}) };
  for (const [name, rel] of Object.entries(listed.relationships)) {
    const mine = rels[name] as { data?: unknown } | undefined;
    const theirs = rel as { data?: unknown } | undefined;
    if (theirs && 'data' in theirs && !(mine && 'data' in mine)) rels[name] = { ...(mine ?? {}), data: theirs.data };
  }
  return { ...detail, relationships: rels };
}

function isNotFound(err: unknown): boolean {
  return err instanceof AppError && err.code === 'not_found';
}

function toPage(
  def: ResourceDef,
  page: Page,
  partition: { key: string; values: Record<string, string | boolean> },
  parentId: string | null,
): ResourcePage {
  return {
    resource: def.name,
    type: def.type,
    partition: partition.key,
    partitionValues: partition.values,
    parentId,
    parentIds: page.data.map(() => parentId),
    index: page.index,
    items: page.data as ResourceObject[],
    included: page.included as ResourceObject[],
    next: page.next,
    last: page.next === null,
    vanished: [],
  };
}

/**
 * Lists one resource: every partition (or, for a child, every parent), page by page, with detail calls where the
 * definition asks for them. An async iterable of pages, at most `buffer` ahead of the consumer.
 */
export async function* listResource(
  client: KlaviyoClient,
  def: ResourceDef,
  opts: ListOptions = {},
): AsyncGenerator<ResourcePage> {
  const inner = linkSignals(opts.signal);
  const out = new AsyncQueue<ResourcePage>(opts.buffer ?? 4);
  const listOp = client.operations.get(def.operationId);
  const concurrency = Math.max(1, opts.concurrency ?? Math.min(16, listOp.rateLimit.burstPerSecond * 2));
  const common = {
    signal: inner.signal,
    ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
    ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
  };

  const withDetails = async (page: ResourcePage): Promise<ResourcePage> => {
    const detail = def.detail;
    if (!detail || !page.items.length) return page;
    const query: QueryInput = {};
    for (const [type, fields] of Object.entries(detail.additionalFields ?? {})) {
      query[`additional-fields[${type}]`] = fields.join(',');
    }
    if (detail.include?.length) query.include = detail.include.join(',');
    const detailOp = client.operations.get(detail.operationId);
    const limit = Math.max(1, opts.concurrency ?? Math.min(16, detailOp.rateLimit.burstPerSecond * 2));
    const vanished: string[] = [];
    const fetched = await mapLimited(page.items, limit, async (item) => {
      try {
        const doc = await client.request(detail.operationId, {
          ...common,
          path: { id: item.id },
          query,
          schema: SingleDocumentSchema,
        });
        return keepLinkage(item, doc.data as ResourceObject);
      } catch (err) {
        if (isNotFound(err)) {
          vanished.push(item.id);
          return null;
        }
        throw err;
      }
    });
    const items: ResourceObject[] = [];
    const parentIds: Array<string | null> = [];
    fetched.forEach((r, i) => {
      if (r) {
        items.push(r);
        parentIds.push(page.parentIds[i] ?? null);
      }
    });
    return { ...page, items, parentIds, vanished };
  };

  const emit = async (page: ResourcePage) => {
    opts.onListed?.(page);
    await out.push(await withDetails(page));
  };

  const listOne = async (
    partition: { key: string; values: Record<string, string | boolean> },
    parentId: string | null,
    startUrl?: string,
  ) => {
    const query = listQuery(client, def, partition.values, opts.since);
    const pathParams = parentId !== null ? { id: parentId } : undefined;
    if (!listOp.cursorParam) {
      // single call (e.g. the account, or campaign messages of one campaign)
      const doc = await client.request(def.operationId, {
        ...common,
        ...(pathParams ? { path: pathParams } : {}),
        query,
      });
      const data = Array.isArray(doc.data)
        ? (doc.data as ResourceObject[])
        : doc.data
          ? [doc.data as ResourceObject]
          : [];
      await emit(
        toPage(
          def,
          { operationId: def.operationId, index: 0, data, included: doc.included ?? [], next: null },
          partition,
          parentId,
        ),
      );
      return;
    }
    const pages = client.paginate(def.operationId, {
      ...common,
      ...(pathParams ? { path: pathParams } : {}),
      ...(startUrl ? { startUrl } : { query }),
      expectType: def.type,
    });
    for await (const page of pages) {
      if (out.isClosed) return;
      await emit(toPage(def, page, partition, parentId));
    }
  };

  const run = async () => {
    if (def.parent) {
      if (!opts.parents)
        throw new AppError('validation', `${def.name} is listed per ${def.parent.resource}: pass parents.`);
      const source = opts.parents;
      const iterator: AsyncIterator<ParentRef> | Iterator<ParentRef> =
        Symbol.asyncIterator in source
          ? source[Symbol.asyncIterator]()
          : (source as Iterable<ParentRef>)[Symbol.iterator]();
      const none = { key: '', values: {} };
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (;;) {
            if (inner.signal.aborted || out.isClosed) return;
            const r = await iterator.next();
            if (r.done) return;
            const parent = r.value;
            if (parent.item !== undefined && !parentQualifies(def, parent.item)) continue;
            try {
              await listOne(none, parent.id);
            } catch (err) {
              if (isNotFound(err)) continue; // the parent was deleted while we listed: nothing under it
              throw err;
            }
          }
        }),
      );
      return;
    }
    const partitions = partitionsOf(def).filter((p) => opts.resume?.[p.key] !== null);
    await mapLimited(partitions, Math.min(concurrency, 4), (p) => listOne(p, null, opts.resume?.[p.key] ?? undefined));
  };

  const done = run().then(
    () => out.close(),
    (err: unknown) => {
      inner.abort();
      out.fail(err);
    },
  );
  try {
    for await (const page of out) yield page;
  } finally {
    // consumer stopped early (break/throw): stop the workers and let them unwind
    if (!out.isClosed) {
      inner.abort();
      out.close();
    }
    await done.catch(() => undefined);
  }
}

/** Crawl priority of a resource: its root's (lower first); see `ResourceDef.priority`. */
export function crawlPriority(name: ResourceName, defs: Record<ResourceName, ResourceDef> = RESOURCE_DEFS): number {
  let root = name;
  while (defs[root].parent) root = defs[root].parent!.resource;
  return defs[root].priority ?? 2;
}

function ancestors(name: ResourceName, defs: Record<ResourceName, ResourceDef>): number {
  const parent = defs[name].parent?.resource;
  return parent ? 1 + ancestors(parent, defs) : 0;
}

export type ResourceOutcome = {
  resource: ResourceName;
  status: 'ok' | 'failed' | 'cancelled';
  pages: number;
  items: number;
  durationMs: number;
  error?: ErrorEnvelope;
};

export type CrawlOptions = {
  /** which resources to deliver (default: all); parents needed to reach a child are listed too */
  resources?: ResourceName[];
  /** replace some definitions (e.g. take flow actions from `get_flows?include=flow-actions`) */
  defs?: Partial<Record<ResourceName, ResourceDef>>;
  signal?: AbortSignal;
  deadline?: number | Date;
  since?: Date | string;
  /** receives every page; awaited, so a slow consumer slows the listing instead of piling pages up */
  onPage: (page: ResourcePage) => void | Promise<void>;
  onResourceDone?: (outcome: ResourceOutcome) => void;
};

export type CrawlResult = {
  outcomes: Partial<Record<ResourceName, ResourceOutcome>>;
  durationMs: number;
  /** the first auth failure, which stops everything (the key is bad for every resource) */
  authError?: ErrorEnvelope;
};

/**
 * Lists the whole inventory of an account: every resource concurrently, children fed live from their parents'
 * pages so the slowest operation starts early. A failing resource (say `forms` without the `forms:read` scope)
 * fails alone, with its descendants; an auth failure stops everything.
 */
export async function crawlAccount(client: KlaviyoClient, opts: CrawlOptions): Promise<CrawlResult> {
  const started = Date.now();
  const DEFS: Record<ResourceName, ResourceDef> = { ...RESOURCE_DEFS, ...opts.defs } as Record<
    ResourceName,
    ResourceDef
  >;
  const wanted = new Set<ResourceName>(opts.resources ?? RESOURCE_NAMES);
  const needed = new Set<ResourceName>();
  const need = (name: ResourceName) => {
    needed.add(name);
    const parent = DEFS[name].parent?.resource;
    if (parent) need(parent);
  };
  for (const n of wanted) need(n);

  const inner = linkSignals(opts.signal);
  const outcomes: CrawlResult['outcomes'] = {};
  let authError: ErrorEnvelope | undefined;
  const parentQueues = new Map<ResourceName, Array<{ def: ResourceDef; queue: AsyncQueue<ParentRef> }>>();
  const includedChildren = new Map<ResourceName, ResourceDef[]>();
  const finished = new Map<ResourceName, Promise<ResourceOutcome>>();
  const counters = new Map<ResourceName, { pages: number; items: number }>();
  const count = (name: ResourceName, page: ResourcePage) => {
    const c = counters.get(name) ?? { pages: 0, items: 0 };
    c.pages += 1;
    c.items += page.items.length;
    counters.set(name, c);
  };

  for (const name of needed) {
    const def = DEFS[name];
    if (!def.parent) continue;
    if (def.parent.fromIncluded) {
      includedChildren.set(def.parent.resource, [...(includedChildren.get(def.parent.resource) ?? []), def]);
    } else {
      parentQueues.set(def.parent.resource, [
        ...(parentQueues.get(def.parent.resource) ?? []),
        { def, queue: new AsyncQueue<ParentRef>() },
      ]);
    }
  }
  const queueFor = (def: ResourceDef) =>
    (parentQueues.get(def.parent!.resource) ?? []).find((x) => x.def.name === def.name)!.queue;

  const deliver = async (page: ResourcePage) => {
    if (wanted.has(page.resource)) await opts.onPage(page);
  };

  // Head start for the critical path: the deepest chain's leaf can only begin once its ancestors have listed a
  // page, so everything with slack waits until that leaf has work (or a quarter of a steady window at most).
  const topPriority = Math.min(...[...needed].map((n) => crawlPriority(n, DEFS)));
  const leaf = [...needed]
    .filter((n) => crawlPriority(n, DEFS) === topPriority)
    .sort((a, b) => ancestors(b, DEFS) - ancestors(a, DEFS))[0];
  let openHeadStart!: () => void;
  const headStart = new Promise<void>((resolve) => (openHeadStart = resolve));
  const headStartTimer = setTimeout(openHeadStart, client.limiter.windows.steadyMs / 4);
  const leafParent = leaf ? DEFS[leaf].parent?.resource : undefined;
  if (!leafParent) openHeadStart();

  const onListed = (page: ResourcePage) => {
    if (page.resource === leafParent && page.items.length) openHeadStart();
    for (const { def, queue } of parentQueues.get(page.resource) ?? []) {
      for (const item of page.items) {
        // decide here, so the queue holds ids rather than whole parent items
        if (parentQualifies(def, item)) void queue.push({ id: item.id });
      }
    }
    // children that came in `included` may have children of their own (flow actions → flow messages)
    for (const child of includedChildren.get(page.resource) ?? []) onListed(fromIncluded(page, child));
  };

  const fromIncluded = (parentPage: ResourcePage, def: ResourceDef): ResourcePage => {
    const rel = def.parent!.fromIncluded!.relationship;
    const parentOf = new Map<string, string>();
    for (const p of parentPage.items) {
      const data = (p.relationships?.[rel] as { data?: unknown } | undefined)?.data;
      if (Array.isArray(data)) for (const d of data as Array<{ id?: string }>) if (d.id) parentOf.set(d.id, p.id);
    }
    const items = parentPage.included.filter((r) => r.type === def.type);
    const parentType = DEFS[def.parent!.resource].type;
    const ownLink = (r: ResourceObject): string | null => {
      const data = (r.relationships?.[parentType] as { data?: { id?: string } | null } | undefined)?.data;
      return data && !Array.isArray(data) && data.id ? data.id : null;
    };
    return {
      resource: def.name,
      type: def.type,
      partition: parentPage.partition,
      partitionValues: parentPage.partitionValues,
      parentId: null,
      parentIds: items.map((r) => parentOf.get(r.id) ?? ownLink(r)),
      index: parentPage.index,
      items,
      included: [],
      next: parentPage.next,
      last: parentPage.last,
      vanished: [],
    };
  };

  const runOne = async (def: ResourceDef): Promise<ResourceOutcome> => {
    const t0 = Date.now();
    const priority = crawlPriority(def.name, DEFS);
    if (priority > topPriority) await headStart;
    const incChildren = includedChildren.get(def.name) ?? [];
    try {
      if (def.parent && !def.parent.fromIncluded) {
        // children wait for their parent's outcome: a partial parent listing means a partial child listing
        const pages = listResource(client, def, {
          signal: inner.signal,
          ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
          parents: queueFor(def),
          onListed,
          priority,
        });
        for await (const page of pages) {
          count(def.name, page);
          await deliver(page);
        }
        const parentOutcome = await finished.get(def.parent.resource)!;
        if (parentOutcome.status !== 'ok') {
          throw new AppError(
            parentOutcome.error?.code ?? 'internal',
            `${def.name} is incomplete: listing ${def.parent.resource} failed.`,
            {
              details: { parentResource: def.parent.resource, parentIncomplete: true },
            },
          );
        }
      } else if (!def.parent) {
        const pages = listResource(client, def, {
          signal: inner.signal,
          ...(opts.deadline !== undefined ? { deadline: opts.deadline } : {}),
          ...(opts.since !== undefined ? { since: opts.since } : {}),
          onListed,
          priority,
        });
        for await (const page of pages) {
          count(def.name, page);
          await deliver(page);
          for (const child of incChildren) {
            const childPage = fromIncluded(page, child);
            count(child.name, childPage);
            await deliver(childPage);
          }
        }
      }
      return {
        resource: def.name,
        status: 'ok',
        ...(counters.get(def.name) ?? { pages: 0, items: 0 }),
        durationMs: Date.now() - t0,
      };
    } catch (err) {
      const envelope = toErrorEnvelope(err, client.requestId);
      if (envelope.code === 'auth' && !authError) {
        authError = envelope;
        inner.abort();
      }
      return {
        resource: def.name,
        status: envelope.code === 'cancelled' ? 'cancelled' : 'failed',
        ...(counters.get(def.name) ?? { pages: 0, items: 0 }),
        durationMs: Date.now() - t0,
        error: envelope,
      };
    } finally {
      const closeBelow = (name: ResourceName) => {
        for (const c of parentQueues.get(name) ?? []) c.queue.close();
        for (const inc of includedChildren.get(name) ?? []) closeBelow(inc.name);
      };
      closeBelow(def.name);
    }
  };

  // Parents first in the map so children can await their outcome.
  const order = RESOURCE_NAMES.filter((n) => needed.has(n) && !DEFS[n].parent?.fromIncluded);
  for (const name of order) finished.set(name, runOne(DEFS[name]));
  for (const [parent, defs] of includedChildren) {
    for (const def of defs) {
      finished.set(
        def.name,
        finished.get(parent)!.then((o) => ({
          ...o,
          resource: def.name,
          ...(counters.get(def.name) ?? { pages: 0, items: 0 }),
        })),
      );
    }
  }
  void Promise.all(finished.values()).then(() => clearTimeout(headStartTimer));
  for (const [name, p] of finished) {
    const outcome = await p;
    if (wanted.has(name)) {
      outcomes[name] = outcome;
      opts.onResourceDone?.(outcome);
    }
  }
  clearTimeout(headStartTimer);
  return { outcomes, durationMs: Date.now() - started, ...(authError ? { authError } : {}) };
}
