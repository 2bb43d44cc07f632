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
  const tagIds = new Map<string, string>();
  const groupIds = new Map<string, string>();

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

  return {
    /** the tag's id, or null when the account has no tag of that name */
    async tagId(name: string): Promise<string | null> {
      const cached = tagIds.get(name);
      if (cached) return cached;
      const id = await findByName('get_tags', name);
      if (id) tagIds.set(name, id);
      return id;
    },

    /**
     * Creates the tag (in the named group, else the account's default group). Found by name first, so a create
     * whose answer was lost is not repeated; a 409 (someone created it meanwhile) is answered by reading it.
     */
    async ensureTag(name: string, group: string | undefined): Promise<{ id: string; answer: Answer | null }> {
      const existing = await this.tagId(name);
      if (existing) return { id: existing, answer: null };
      const relationships = group ? { 'tag-group': { data: { type: 'tag-group', id: await tagGroupId(group) } } } : {};
      try {
        const doc = await client.request<Doc>('create_tag', {
          body: { data: { type: 'tag', attributes: { name }, relationships } },
          idempotent: false,
        });
        const id = (doc.data as Resource).id;
        tagIds.set(name, id);
        return { id, answer: { operationId: 'create_tag', status: 201, tagId: id } };
      } catch (err) {
        if (err instanceof AppError && err.code === 'conflict') {
          const again = await this.tagId(name);
          if (again) return { id: again, answer: null };
        }
        throw err;
      }
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
    async importProfiles(body: unknown): Promise<ImportJob> {
      const doc = await client.request<Doc>('bulk_import_profiles', { body, idempotent: false });
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
    async createEvents(body: unknown): Promise<void> {
      await client.request<Doc>('bulk_create_events', { body, idempotent: false });
    },
  };
}

export type BulkOps = ReturnType<typeof bulkOps>;
