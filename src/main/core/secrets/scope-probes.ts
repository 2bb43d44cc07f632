import { operationTable, type OperationTable } from '../klaviyo';

/**
 * Klaviyo has no "which scopes does this key have" endpoint, so a key is checked by one cheap GET per
 * read scope the app relies on: 2xx = granted, 403 = missing, 401 = the key itself is bad.
 * These are the targets; the exact request (page size, required filter) is derived from the spec's
 * operation table so it follows the spec rather than hand-typed limits.
 */
export type ScopeProbeTarget = {
  scope: string;
  operationId: string;
  /** what the app loses without this scope (shown to the user) */
  usedFor: string[];
  /** sparse fieldsets that keep the probe free of personal data, e.g. { profile: 'created' } */
  fields?: Record<string, string>;
};

export const scopeProbeTargets: readonly ScopeProbeTarget[] = [
  { scope: 'accounts:read', operationId: 'get_accounts', usedFor: ['account'] },
  { scope: 'flows:read', operationId: 'get_flows', usedFor: ['flows', 'flow-actions', 'flow-messages'] },
  { scope: 'campaigns:read', operationId: 'get_campaigns', usedFor: ['campaigns', 'campaign-messages'] },
  { scope: 'templates:read', operationId: 'get_templates', usedFor: ['templates'] },
  { scope: 'forms:read', operationId: 'get_forms', usedFor: ['forms', 'form-versions'] },
  { scope: 'lists:read', operationId: 'get_lists', usedFor: ['lists'] },
  { scope: 'segments:read', operationId: 'get_segments', usedFor: ['segments'] },
  { scope: 'metrics:read', operationId: 'get_metrics', usedFor: ['metrics'] },
  { scope: 'tags:read', operationId: 'get_tags', usedFor: ['tags', 'tag-groups'] },
  { scope: 'events:read', operationId: 'get_events', usedFor: ['event counts'], fields: { event: 'datetime' } },
  { scope: 'profiles:read', operationId: 'get_profiles', usedFor: ['profiles'], fields: { profile: 'created' } },
];

export type ScopeProbe = ScopeProbeTarget & {
  method: 'GET';
  path: string;
  /** query parameters of the probe request, in a stable order */
  query: Record<string, string>;
};

/**
 * A filter for operations that refuse to list without one (campaigns need a channel): the first field
 * whose values the spec enumerates and that takes `equals`.
 */
function requiredFilter(op: ReturnType<OperationTable['get']>): string {
  for (const [field, spec] of Object.entries(op.filters ?? {})) {
    if (spec.single.includes('equals') && spec.valueEnum?.length) return `equals(${field},'${spec.valueEnum[0]}')`;
  }
  throw new Error(`${op.operationId} requires a filter but the spec offers no enumerated equals() field`);
}

/** The probe requests, checked against the spec: each operation exists, is a GET, and needs that scope. */
export function buildScopeProbes(table: OperationTable = operationTable()): ScopeProbe[] {
  return scopeProbeTargets.map((target) => {
    const op = table.get(target.operationId);
    if (op.method !== 'GET' || op.pathParams.length > 0) {
      throw new Error(`scope probe ${target.operationId} must be a GET without path parameters`);
    }
    if (!op.scopes.includes(target.scope)) {
      throw new Error(
        `scope probe ${target.operationId} does not require ${target.scope} (spec says ${op.scopes.join(', ')})`,
      );
    }
    const query: Record<string, string> = {};
    if (op.filterRequired) query.filter = requiredFilter(op);
    if (op.pageSize) query['page[size]'] = String(op.pageSize.min);
    for (const [type, field] of Object.entries(target.fields ?? {})) {
      if (!op.sparseFields[type]?.includes(field)) {
        throw new Error(`scope probe ${target.operationId}: fields[${type}]=${field} is not offered by the spec`);
      }
      query[`fields[${type}]`] = field;
    }
    return { ...target, method: 'GET', path: op.path, query };
  });
}

/** Every read scope the app checks for. */
export const probedScopes: readonly string[] = scopeProbeTargets.map((t) => t.scope);

/**
 * The write scopes the outbox needs: tags, flow status, the tag links of campaigns, lists and segments, and the
 * bulk jobs of imports. A write cannot be probed with a GET, so each probe is the write itself, refused before it
 * can do anything: an update names an id no item has and carries an empty body, a create or bulk job carries an
 * empty body. Klaviyo checks the key's scopes before it reads the body (403 when one is missing), so any other
 * refusal (400 about the body, 404 about the id) means the scope let the request through. Nothing is written.
 */
export const writeScopeTargets: readonly Omit<ScopeProbeTarget, 'fields'>[] = [
  { scope: 'tags:write', operationId: 'create_tag', usedFor: ['tags'] },
  { scope: 'flows:write', operationId: 'update_flow', usedFor: ['flow status', 'flow tags'] },
  { scope: 'campaigns:write', operationId: 'update_campaign', usedFor: ['campaign tags'] },
  { scope: 'lists:write', operationId: 'update_list', usedFor: ['list tags', 'profile imports'] },
  { scope: 'segments:write', operationId: 'tag_segments', usedFor: ['segment tags'] },
  { scope: 'profiles:write', operationId: 'bulk_import_profiles', usedFor: ['profile imports'] },
  { scope: 'events:write', operationId: 'bulk_create_events', usedFor: ['order imports'] },
];

/** An id no Klaviyo item has: the probe of an update names it, so even a granted scope changes nothing. */
export const PROBE_ID = 'audit-desk-scope-probe';

export type WriteScopeProbe = Omit<ScopeProbeTarget, 'fields'> & {
  method: string;
  path: Record<string, string>;
  /** scopes the operation needs besides the probed one: a 403 naming only those says nothing about this one */
  alsoNeeds: string[];
};

/** The write probes, checked against the spec: each operation exists, writes, and needs that scope. */
export function buildWriteScopeProbes(table: OperationTable = operationTable()): WriteScopeProbe[] {
  return writeScopeTargets.map((target) => {
    const op = table.get(target.operationId);
    if (op.method === 'GET' || op.method === 'DELETE' || !op.scopes.includes(target.scope)) {
      throw new Error(`write scope probe ${target.operationId} must be a POST or PATCH needing ${target.scope}`);
    }
    return {
      ...target,
      method: op.method,
      path: Object.fromEntries(op.pathParams.map((p) => [p, PROBE_ID])),
      alsoNeeds: op.scopes.filter((s) => s !== target.scope),
    };
  });
}

/** Every write scope the app checks for. */
export const probedWriteScopes: readonly string[] = writeScopeTargets.map((t) => t.scope);
