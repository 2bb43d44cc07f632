import { AppError } from '../../../shared/errors';
import { buildFilter, type KlaviyoClient } from '../klaviyo';
import { RESOURCE_OF } from './model';

type Doc = { data?: unknown };
type Resource = { type: string; id: string; attributes?: Record<string, unknown> };

/** What Klaviyo answered to a write, kept on the item and in the push run (never a key: the client redacts). */
export type Answer = Record<string, unknown>;

/**
 * The Klaviyo calls the outbox makes, all through the one client (its pacing per operation, retries of 429 with
 * Retry-After, error envelope). Writes are sent with `idempotent: false`: a write whose answer was lost is never
 * resent blindly by the client; the outbox reads Klaviyo's state first and decides.
 */
export function remoteOps(client: KlaviyoClient) {
  /** a tag's id by name, null when the account has none of that name (as last read in this flush) */
  const tagIds = new Map<string, string | null>();
  const groupIds = new Map<string, string>();
  /** tags being made (or found) by a batch: a concurrent batch of the same tag waits for it, never makes it twice */
  const ensuring = new Map<string, Promise<{ id: string; answer: Answer | null }>>();
  /** tags this flush created, whose links it still knows (see `createdHere`) */
  const created = new Set<string>();

  const findByName = async (operationId: 'get_tags' | 'get_tag_groups', name: string): Promise<string | null> => {
    const op = client.operations.get(operationId);
    const filter = buildFilter(op, [{ op: 'equals', field: 'name', value: name }]);
    const doc = await client.request<Doc>(operationId, { query: { filter } });
    const hit = (Array.isArray(doc.data) ? (doc.data as Resource[]) : []).find((r) => r.attributes?.name === name);
    return hit?.id ?? null;
  };

  const tagGroupId = async (name: string): Promise<string> => {
    const cached = groupIds.get(name);
    if (cached) return cached;
    const id = await findByName('get_tag_groups', name);
    if (!id) {
      throw new AppError('not_found', `There is no tag group named "${name}" in this Klaviyo account.`, {
        details: { tagGroup: name, reason: 'tag_group_missing' },
      });
    }
    groupIds.set(name, id);
    return id;
  };

  const tagId = async (name: string): Promise<string | null> => {
    if (tagIds.has(name)) return tagIds.get(name)!;
    const id = await findByName('get_tags', name);
    tagIds.set(name, id);
    return id;
  };

  const makeTag = async (name: string, group: string | undefined): Promise<{ id: string; answer: Answer | null }> => {
    const existing = await tagId(name);
    if (existing) return { id: existing, answer: null };
    const relationships = group ? { 'tag-group': { data: { type: 'tag-group', id: await tagGroupId(group) } } } : {};
    try {
      const doc = await client.request<Doc>('create_tag', {
        body: { data: { type: 'tag', attributes: { name }, relationships } },
        idempotent: false,
      });
      const id = (doc.data as Resource).id;
      tagIds.set(name, id);
      created.add(id);
      return { id, answer: { operationId: 'create_tag', status: 201, tagId: id } };
    } catch (err) {
      if (err instanceof AppError && err.code === 'conflict') {
        tagIds.delete(name);
        const again = await tagId(name);
        if (again) return { id: again, answer: null };
      }
      // a create whose answer was lost may have made it: the next try reads by name again
      tagIds.delete(name);
      throw err;
    }
  };

  return {
    /** the tag's id, or null when the account has no tag of that name */
    tagId,

    /**
     * Looks many tags up by name at once (see `lookupTagsByName`); what it finds, or does not, is remembered for
     * this flush.
     */
    lookupTags: (names: string[]) => lookupTagsByName(client, tagIds, names),

    /**
     * Creates the tag (in the named group, else the account's default group). Found by name first, so a create
     * whose answer was lost is not repeated; a 409 (someone created it meanwhile) is answered by reading it.
     * The answer goes to the batch that made the tag; a batch that waited for it gets none.
     */
    async ensureTag(name: string, group: string | undefined): Promise<{ id: string; answer: Answer | null }> {
      const underway = ensuring.get(name);
      if (underway) return { id: (await underway).id, answer: null };
      const p = makeTag(name, group);
      ensuring.set(name, p);
      p.catch(() => ensuring.delete(name));
      return p;
    },

    /** whether this flush created the tag and nothing it sent since may have been applied unseen */
    createdHere(id: string): boolean {
      return created.has(id);
    },

    /** a request on the tag failed in a way that may hide its effect: its links are read from now on */
    forgetCreated(id: string): void {
      created.delete(id);
    },

    /** the ids of the items of one type that carry the tag now */
    async taggedIds(tagId: string, targetType: keyof typeof RESOURCE_OF): Promise<Set<string>> {
      const doc = await client.request<Doc>(`get_${targetType}_ids_for_tag`, { path: { id: tagId } });
      return new Set((Array.isArray(doc.data) ? (doc.data as Resource[]) : []).map((r) => r.id));
    },

    /** links (or unlinks) up to 100 items of one type to the tag in one request */
    async setTag(tagId: string, targetType: keyof typeof RESOURCE_OF, ids: string[], remove: boolean): Promise<Answer> {
      const rel = RESOURCE_OF[targetType];
      const operationId = `${remove ? 'remove_tag_from' : 'tag'}_${rel}`;
      await client.request<Doc>(operationId, {
        path: { id: tagId },
        body: { data: ids.map((id) => ({ type: targetType, id })) },
        idempotent: false,
      });
      return { operationId, status: 204, tagId, ids };
    },

    /** a flow's status and Klaviyo's update time of it */
    async flow(id: string): Promise<{ status: string | null; updated: string | null }> {
      const doc = await client.request<Doc>('get_flow', { path: { id } });
      const a = (doc.data as Resource).attributes ?? {};
      return {
        status: typeof a.status === 'string' ? a.status : null,
        updated: typeof a.updated === 'string' ? a.updated : null,
      };
    },

    async setFlowStatus(id: string, status: string): Promise<Answer> {
      const doc = await client.request<Doc>('update_flow', {
        path: { id },
        body: { data: { type: 'flow', id, attributes: { status } } },
        idempotent: false,
      });
      const a = (doc.data as Resource).attributes ?? {};
      return { operationId: 'update_flow', status: 200, flowStatus: a.status ?? null, updated: a.updated ?? null };
    },
  };
}

export type RemoteOps = ReturnType<typeof remoteOps>;

/**
 * One listing per 50 names (the spec's list filter `equals(name,[…])` and its page size) instead of one request
 * per tag; every name asked is set in `ids`: its id, or null when the account has no tag of that name.
 */
async function lookupTagsByName(client: KlaviyoClient, ids: Map<string, string | null>, names: string[]) {
  const op = client.operations.get('get_tags');
  const todo = names.filter((n) => !ids.has(n));
  const pageSize = op.pageSize?.max ?? 50;
  const parts: string[][] = [];
  for (let i = 0; i < todo.length; i += pageSize) parts.push(todo.slice(i, i + pageSize));
  await Promise.all(
    parts.map(async (part) => {
      const filter = buildFilter(op, [{ op: 'equals', field: 'name', values: part }]);
      const found = new Map<string, string>();
      for await (const page of client.paginate('get_tags', { query: { filter, 'page[size]': pageSize } })) {
        for (const r of page.data) {
          const name = r.attributes.name;
          if (typeof name === 'string' && !found.has(name)) found.set(name, r.id);
        }
      }
      for (const n of part) ids.set(n, found.get(n) ?? null);
    }),
  );
}

/** A flow action's status: read with its definition, written back as the whole definition. */
export function flowActionOps(client: KlaviyoClient) {
  return {
    /** a flow action's definition (its status is `definition.data.status`) and Klaviyo's update time of it */
    async flowAction(id: string): Promise<{ definition: Record<string, unknown> | null; updated: string | null }> {
      const doc = await client.request<Doc>('get_flow_action', { path: { id } });
      const a = (doc.data as Resource).attributes ?? {};
      const def = a.definition;
      return {
        definition: def && typeof def === 'object' ? (def as Record<string, unknown>) : null,
        updated: typeof a.updated === 'string' ? a.updated : null,
      };
    },

    /**
     * Sets a flow action's status. The spec's update takes the whole `definition`, so the one read just before is
     * sent back with only `data.status` changed (everything else as Klaviyo has it now).
     */
    async setFlowActionStatus(id: string, definition: Record<string, unknown>, status: string): Promise<Answer> {
      const data = (definition.data ?? {}) as Record<string, unknown>;
      const doc = await client.request<Doc>('update_flow_action', {
        path: { id },
        body: {
          data: { type: 'flow-action', id, attributes: { definition: { ...definition, data: { ...data, status } } } },
        },
        idempotent: false,
      });
      const a = (doc.data as Resource).attributes ?? {};
      const after = (a.definition as { data?: { status?: unknown } } | undefined)?.data?.status ?? null;
      return { operationId: 'update_flow_action', status: 200, actionStatus: after, updated: a.updated ?? null };
    },
  };
}

export type FlowActionOps = ReturnType<typeof flowActionOps>;

/** The calls that create lists and segments, and find earlier creations (by name, by creation time). */
export function creationOps(client: KlaviyoClient) {
  return {
    /**
     * The lists or segments created since `since` (the daily caps) — with `name`, only those of that name (an
     * earlier creation whose answer was lost). Klaviyo pages these by 10.
     */
    async createdSince(
      type: 'list' | 'segment',
      since: Date,
      name?: string,
    ): Promise<{ id: string; name: string; created: string | null }[]> {
      const operationId = type === 'list' ? 'get_lists' : 'get_segments';
      const op = client.operations.get(operationId);
      const filter = buildFilter(op, [
        { op: 'greater-than', field: 'created', value: since },
        // the spec takes a name only as a list (`any`)
        ...(name !== undefined ? [{ op: 'any', field: 'name', values: [name] }] : []),
      ]);
      const out: { id: string; name: string; created: string | null }[] = [];
      let next: string | undefined;
      for (let page = 0; page < 100; page++) {
        const doc = await client.request<Doc & { links?: { next?: string | null } }>(
          operationId,
          next ? { url: next } : { query: { filter } },
        );
        for (const r of Array.isArray(doc.data) ? (doc.data as Resource[]) : []) {
          const a = r.attributes ?? {};
          if (name !== undefined && a.name !== name) continue;
          out.push({ id: r.id, name: String(a.name ?? ''), created: typeof a.created === 'string' ? a.created : null });
        }
        next = doc.links?.next ?? undefined;
        if (!next) break;
      }
      return out;
    },

    async createList(name: string): Promise<Answer> {
      const doc = await client.request<Doc>('create_list', {
        body: { data: { type: 'list', attributes: { name } } },
        idempotent: false,
      });
      return { operationId: 'create_list', status: 201, id: (doc.data as Resource).id, name };
    },

    async createSegment(name: string, definition: unknown): Promise<Answer> {
      const doc = await client.request<Doc>('create_segment', {
        body: { data: { type: 'segment', attributes: { name, definition } } },
        idempotent: false,
      });
      return { operationId: 'create_segment', status: 201, id: (doc.data as Resource).id, name };
    },
  };
}

export type CreationOps = ReturnType<typeof creationOps>;

/** A profile bulk import job as Klaviyo reports it. */
export type ImportJob = {
  id: string;
  status: string;
  total: number;
  completed: number;
  failed: number;
  createdAt: string | null;
};

function jobOf(r: Resource): ImportJob {
  const a = r.attributes ?? {};
  return {
    id: r.id,
    status: String(a.status ?? ''),
    total: Number(a.total_count ?? 0),
    completed: Number(a.completed_count ?? 0),
    failed: Number(a.failed_count ?? 0),
    createdAt: typeof a.created_at === 'string' ? a.created_at : null,
  };
}

/** The bulk endpoints imports use (profile bulk import jobs, event bulk create jobs), through the one client. */
export function bulkOps(client: KlaviyoClient) {
  return {
    /** `body`: the request body as the bytes of the JSON text it was queued as, read when the request may go */
    async importProfiles(body: () => Uint8Array): Promise<ImportJob> {
      const doc = await client.request<Doc>('bulk_import_profiles', { bodyJson: body, idempotent: false });
      return jobOf(doc.data as Resource);
    },
    async job(id: string): Promise<ImportJob> {
      const doc = await client.request<Doc>('get_bulk_import_profiles_job', { path: { job_id: id } });
      return jobOf(doc.data as Resource);
    },
    /** the newest jobs (a job whose answer was lost is found here rather than posted again) */
    async recentJobs(): Promise<ImportJob[]> {
      const doc = await client.request<Doc>('get_bulk_import_profiles_jobs', {
        query: { sort: '-created_at', 'page[size]': '100' },
      });
      return (Array.isArray(doc.data) ? (doc.data as Resource[]) : []).map(jobOf);
    },
    /** a job's import errors: the profile each one is about (its index in the job) and Klaviyo's words */
    async importErrors(id: string): Promise<{ index: number | null; detail: string }[]> {
      const out: { index: number | null; detail: string }[] = [];
      let next: string | undefined;
      for (let page = 0; page < 1000; page++) {
        const doc = await client.request<Doc & { links?: { next?: string | null } }>(
          'get_errors_for_bulk_import_profiles_job',
          next ? { url: next } : { path: { id }, query: { 'page[size]': '100' } },
        );
        for (const e of Array.isArray(doc.data) ? (doc.data as Resource[]) : []) {
          const a = e.attributes ?? {};
          const pointer = String((a.source as { pointer?: unknown } | undefined)?.pointer ?? '');
          const m = /\/profiles\/data\/(\d+)/.exec(pointer);
          out.push({ index: m ? Number(m[1]) : null, detail: String(a.detail ?? a.title ?? '') });
        }
        next = doc.links?.next ?? undefined;
        if (!next) break;
      }
      return out;
    },
    async createEvents(body: () => Uint8Array): Promise<void> {
      await client.request<Doc>('bulk_create_events', { bodyJson: body, idempotent: false });
    },
  };
}

export type BulkOps = ReturnType<typeof bulkOps>;
