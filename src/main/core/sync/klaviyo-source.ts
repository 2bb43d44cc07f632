import { AppError } from '../../../shared/errors';
import { buildFilter, createKlaviyoClient, type FilterTerm, type KlaviyoClient, type KlaviyoEvent } from '../klaviyo';
import { CollectionDocumentSchema } from '../klaviyo/schemas';
import { operationTable } from '../klaviyo/spec/operations';
import type { SourceEvent, SourceItem, SourcePage, SourceResource, SyncSource, SyncSourceFactory } from './source';

/**
 * The resources of PRODUCT A1 as data: which list operation, its partitions (the API hides archived flows and
 * campaigns unless asked, and campaigns need a channel filter), included children (one request per page of
 * campaigns instead of one per campaign), per-item detail calls (a flow's definition), and parents.
 */
export type ResourceDefinition = {
  key: string;
  type: string;
  operationId: string;
  parent?: string;
  /** the children come from the parent listing's `included` (parent relationship name) */
  includedFrom?: { parent: string; relationship: string };
  /** filter partitions; each is listed in turn */
  partitions?: { label: Record<string, string>; filter: FilterTerm[] }[];
  query?: Record<string, string>;
  /** includes to request; those with a child definition become its items */
  include?: string[];
  /** one extra call per item whose attributes replace the listed ones */
  detail?: { operationId: string; query: Record<string, string> };
};

const channelPartitions = (['email', 'sms', 'mobile_push'] as const).flatMap((channel) =>
  [false, true].map((archived) => ({
    label: { channel, archived: String(archived) },
    filter: [
      { op: 'equals', field: 'messages.channel', value: channel },
      { op: 'equals', field: 'archived', value: archived },
    ] as FilterTerm[],
  })),
);

export const RESOURCE_DEFINITIONS: ResourceDefinition[] = [
  { key: 'accounts', type: 'account', operationId: 'get_accounts' },
  {
    key: 'flows',
    type: 'flow',
    operationId: 'get_flows',
    partitions: [false, true].map((archived) => ({
      label: { archived: String(archived) },
      filter: [{ op: 'equals', field: 'archived', value: archived }],
    })),
    include: ['flow-actions'],
    detail: { operationId: 'get_flow', query: { 'additional-fields[flow]': 'definition' } },
  },
  {
    key: 'flow-actions',
    type: 'flow-action',
    operationId: 'get_flows',
    parent: 'flows',
    includedFrom: { parent: 'flows', relationship: 'flow-actions' },
  },
  { key: 'flow-messages', type: 'flow-message', operationId: 'get_flow_action_messages', parent: 'flow-actions' },
  {
    key: 'campaigns',
    type: 'campaign',
    operationId: 'get_campaigns',
    partitions: channelPartitions,
    include: ['campaign-messages'],
  },
  {
    key: 'campaign-messages',
    type: 'campaign-message',
    operationId: 'get_campaigns',
    parent: 'campaigns',
    includedFrom: { parent: 'campaigns', relationship: 'campaign-messages' },
  },
  {
    key: 'templates',
    type: 'template',
    operationId: 'get_templates',
    query: { 'additional-fields[template]': 'definition' },
  },
  { key: 'forms', type: 'form', operationId: 'get_forms' },
  { key: 'form-versions', type: 'form-version', operationId: 'get_versions_for_form', parent: 'forms' },
  { key: 'lists', type: 'list', operationId: 'get_lists' },
  { key: 'segments', type: 'segment', operationId: 'get_segments' },
  { key: 'metrics', type: 'metric', operationId: 'get_metrics' },
  { key: 'tags', type: 'tag', operationId: 'get_tags' },
  { key: 'tag-groups', type: 'tag-group', operationId: 'get_tag_groups' },
];

/**
 * A saved cursor is the `links.next` URL plus the partition it belongs to, so a retry continues in the right
 * partition. Only URLs on the workspace's own base URL are followed (the client refuses anything else too).
 */
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
  timeScale?: number;
  definitions?: ResourceDefinition[];
  requestTimeoutMs?: number;
};

export function klaviyoSourceFactory(opts: KlaviyoSourceOptions = {}): SyncSourceFactory {
  const table = operationTable();
  const defs = opts.definitions ?? RESOURCE_DEFINITIONS;
  return ({ baseUrl, apiKey, requestId, onEvent, timeScale: wsScale }): SyncSource => {
    const timeScale = opts.timeScale ?? wsScale ?? 1;
    const clients = new Map<string, KlaviyoClient>();
    // one client per resource so that every request is counted against the resource it served
    const clientFor = (resource: string): KlaviyoClient => {
      let c = clients.get(resource);
      if (!c) {
        c = createKlaviyoClient({
          baseUrl,
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
      const pageSize = op.pageSize?.max ?? 200;
      const childDefs = defs.filter((d) => d.includedFrom?.parent === def.key);
      return {
        key: def.key,
        type: def.type,
        ...(def.parent ? { parent: def.parent } : {}),
        scopes: op.scopes,
        operationId: def.operationId,
        pageSize,
        requestsPerItem: def.detail ? 1 : 0,
        requestsPerSecond: (op.rateLimit.steadyPerMinute / 60) * timeScale,
        resumable: !def.parent,
        derived: !!def.includedFrom,
        list: (args) => listDefinition(def, childDefs, clientFor(def.key), args),
      } as SourceResource;
    });
    return { resources };
  };

  async function* listDefinition(
    def: ResourceDefinition,
    childDefs: ResourceDefinition[],
    client: KlaviyoClient,
    args: { parentId?: string; cursor: string | null; signal: AbortSignal },
  ): AsyncGenerator<SourcePage> {
    if (def.includedFrom) return; // its items arrive with the parent's pages
    const op = table.get(def.operationId);
    const partitions = def.partitions ?? [{ label: {}, filter: [] }];
    const saved = parseCursor(args.cursor);
    const include = [...(def.include ?? [])];
    for (let p = saved?.p ?? 0; p < partitions.length; p++) {
      const part = partitions[p]!;
      const query: Record<string, string> = { ...(def.query ?? {}) };
      const filter = buildFilter(op, part.filter);
      if (filter) query.filter = filter;
      if (op.pageSize) query['page[size]'] = String(op.pageSize.max);
      if (include.length) query.include = include.join(',');
      let url: string | null = saved && saved.p === p ? saved.next : null;
      let first = true;
      while (first || url) {
        first = false;
        const doc = await client.request(def.operationId, {
          ...(url ? { url } : { query, ...(def.parent ? { path: { id: args.parentId! } } : {}) }),
          schema: CollectionDocumentSchema,
          signal: args.signal,
        });
        const wrong = doc.data.find((r) => r.type !== def.type);
        if (wrong) {
          throw new AppError(
            'malformed_response',
            `Klaviyo listed a "${wrong.type}" where "${def.type}" was expected.`,
            {
              requestId: client.requestId,
              details: { operationId: def.operationId, expected: def.type, got: wrong.type },
            },
          );
        }
        let items: SourceItem[] = doc.data;
        if (def.detail) items = await withDetails(def, client, items, args.signal);
        const next = (doc.links?.next as string | undefined) ?? null;
        const children = childDefs.map((cd) => ({
          resource: cd.key,
          parentType: def.key,
          groups: childrenOf(doc.data, doc.included ?? [], cd),
        }));
        // the cursor of the next page, or the start of the next partition, or the end
        const nextCursor = next
          ? JSON.stringify({ p, next } satisfies SavedCursor)
          : p + 1 < partitions.length
            ? JSON.stringify({ p: p + 1, next: '' })
            : null;
        yield { items, next: nextCursor, partition: part.label, children } as SourcePage;
        url = next;
      }
    }
  }

  async function withDetails(
    def: ResourceDefinition,
    client: KlaviyoClient,
    items: SourceItem[],
    signal: AbortSignal,
  ): Promise<SourceItem[]> {
    // details of one page in parallel: the limiter paces them, and a page's latency is paid once
    return Promise.all(
      items.map(async (it) => {
        const doc = await client.request(def.detail!.operationId, {
          path: { id: it.id },
          query: def.detail!.query,
          signal,
        });
        const data = (doc as { data?: SourceItem }).data;
        if (!data || data.id !== it.id || data.type !== it.type) {
          throw new AppError('malformed_response', `Klaviyo answered ${def.detail!.operationId} with another item.`, {
            requestId: client.requestId,
            details: { operationId: def.detail!.operationId, id: it.id },
          });
        }
        // keep the listing's relationships (includes) and take the detail's attributes
        return { ...it, attributes: data.attributes ?? it.attributes };
      }),
    );
  }
}

function childrenOf(
  parents: SourceItem[],
  included: SourceItem[],
  child: ResourceDefinition,
): { parentId: string; items: SourceItem[] }[] {
  const byKey = new Map(included.filter((i) => i.type === child.type).map((i) => [i.id, i]));
  return parents.map((p) => {
    const rel = (p.relationships as Record<string, { data?: unknown }> | undefined)?.[child.includedFrom!.relationship];
    const ids = Array.isArray(rel?.data) ? (rel!.data as { id: string }[]) : [];
    return { parentId: p.id, items: ids.map((x) => byKey.get(x.id)).filter((x): x is SourceItem => !!x) };
  });
}

function forward(resource: string, e: KlaviyoEvent, onEvent: (e: SourceEvent) => void): void {
  if (e.type === 'request_finished') {
    onEvent({ type: 'request', resource, status: e.status, throttled: e.status === 429 });
  } else if (e.type === 'throttled_wait') {
    onEvent({ type: 'throttled_wait', resource, waitMs: e.waitMs });
  }
}
