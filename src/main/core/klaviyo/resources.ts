import { DEFINITION_DERIVATIONS } from './flow-definition';
import { operationFloorMs } from './floor';
import { effectiveRateLimit, operationTable, type OperationTable, type RateLimit } from './spec/operations';
import { resourceTypes } from '../../../shared/contract/primitives';

/**
 * The inventory of PRODUCT A1 described as data, in the spirit of Airbyte's declarative Klaviyo connector: which
 * operation lists a resource, how it is partitioned, what it includes, which timestamp drives incremental sync,
 * which parent it hangs under and which typed columns the app sorts and filters on. The sync's crawl
 * (sync/klaviyo-source.ts and sync/crawl.ts) executes any definition, so adding a resource is adding an entry here.
 *
 * Page sizes, filters, includes and additional fields are checked against the spec's operation table by
 * `validateResourceDefs` (and its test), so a new revision that drops something fails loudly.
 */

// The inventory's vocabulary is the contract's (what the screens and the CLI's --type name), plus the account.
export const RESOURCE_NAMES = ['account', ...resourceTypes] as const;
export type ResourceName = (typeof RESOURCE_NAMES)[number];

export type ColumnType = 'text' | 'integer' | 'boolean' | 'datetime' | 'json';

/**
 * Where a column's value comes from:
 * - a dotted path into the resource object (`attributes.status`, `relationships.template.data.id`);
 * - `$parent`: the id of the parent the item was listed under;
 * - `$partition.<name>`: the partition value (e.g. the campaign channel, which is a filter, not an attribute).
 */
export type ColumnDef = { name: string; type: ColumnType; from: string };

/** A partition dimension: one listing per value, filtered with `equals(field, value)`. */
export type PartitionDim = { name: string; field: string; values: ReadonlyArray<string | boolean> };

export type ParentDef = {
  resource: ResourceName;
  /** list children only for parents whose `path` value starts with one of these (e.g. send actions only) */
  when?: { path: string; prefixes: string[] };
  /** the children arrive in the parent listing's `included` (no extra calls); the operation stays as a fallback */
  fromIncluded?: { relationship: string };
  /**
   * the children are read out of the parent's detail (a flow's definition, `flow-definition.ts`), no extra calls;
   * the operation is listed only under parents whose definition cannot tell (no definition, an id missing)
   */
  fromDefinition?: true;
};

export type ResourceDef = {
  name: ResourceName;
  /** JSON:API type of the items */
  type: string;
  /** the list (or single) operation */
  operationId: string;
  /** page[size] to ask for (default: the operation's maximum) */
  pageSize?: number;
  partitions?: PartitionDim[];
  include?: string[];
  additionalFields?: Record<string, string[]>;
  /** timestamp for incremental sync (server-side filter where the operation has one) */
  cursorField?: string;
  parent?: ParentDef;
  /** fetch each item again by id to get more (e.g. the flow definition) */
  detail?: { operationId: string; additionalFields?: Record<string, string[]>; include?: string[] };
  columns: ColumnDef[];
  /** items per page when the operation takes no page[size] (from its description) */
  assumedPageSize?: number;
};

const ts = (name: string, from = `attributes.${name}`): ColumnDef => ({ name, type: 'datetime', from });
const text = (name: string, from = `attributes.${name}`): ColumnDef => ({ name, type: 'text', from });
const bool = (name: string, from = `attributes.${name}`): ColumnDef => ({ name, type: 'boolean', from });

export const RESOURCE_DEFS: Record<ResourceName, ResourceDef> = {
  account: {
    name: 'account',
    type: 'account',
    operationId: 'get_accounts',
    columns: [
      text('name', 'attributes.contact_information.organization_name'),
      text('timezone'),
      text('preferred_currency'),
      text('industry'),
      bool('test_account'),
    ],
  },
  flows: {
    name: 'flows',
    type: 'flow',
    operationId: 'get_flows',
    // Archived flows are only listed when asked for (as Airbyte does): two listings cover everything once.
    partitions: [{ name: 'archived', field: 'archived', values: [false, true] }],
    // tags come along in the listing (no extra calls): the audit's tagging rule (T1) needs the links
    include: ['tags'],
    cursorField: 'updated',
    detail: { operationId: 'get_flow', additionalFields: { flow: ['definition'] } },
    columns: [text('name'), text('status'), bool('archived'), text('trigger_type'), ts('created'), ts('updated')],
  },
  'flow-actions': {
    name: 'flow-actions',
    type: 'flow-action',
    operationId: 'get_actions_for_flow',
    parent: { resource: 'flows', fromDefinition: true },
    cursorField: 'updated',
    columns: [
      text('flow_id', '$parent'),
      text('action_type', 'attributes.definition.type'),
      text('status', 'attributes.definition.data.status'),
      ts('created'),
      ts('updated'),
    ],
  },
  'flow-messages': {
    name: 'flow-messages',
    type: 'flow-message',
    operationId: 'get_flow_action_messages',
    // Only send actions carry a message; asking a delay or a split costs a call for an empty page.
    parent: {
      resource: 'flow-actions',
      // an A/B test holds its variations' messages too
      when: { path: 'attributes.definition.type', prefixes: ['send-', 'ab-test', 'content-experiment'] },
      fromDefinition: true,
    },
    cursorField: 'updated',
    columns: [
      text('flow_action_id', '$parent'),
      // the spec's flow message has no top-level name: it is the definition's
      text('name', 'attributes.definition.name'),
      text('channel'),
      text('template_id', 'relationships.template.data.id'),
      ts('created'),
      ts('updated'),
    ],
  },
  campaigns: {
    name: 'campaigns',
    type: 'campaign',
    operationId: 'get_campaigns',
    // The API refuses campaigns without a channel filter; archived ones only come when asked for.
    partitions: [
      { name: 'channel', field: 'messages.channel', values: ['email', 'sms', 'mobile_push'] },
      { name: 'archived', field: 'archived', values: [false, true] },
    ],
    include: ['campaign-messages', 'tags'],
    cursorField: 'updated_at',
    columns: [
      text('name'),
      text('status'),
      bool('archived'),
      text('channel', '$partition.channel'),
      ts('created_at'),
      ts('scheduled_at'),
      ts('updated_at'),
      ts('send_time'),
    ],
  },
  'campaign-messages': {
    name: 'campaign-messages',
    type: 'campaign-message',
    operationId: 'get_messages_for_campaign',
    parent: { resource: 'campaigns', fromIncluded: { relationship: 'campaign-messages' } },
    cursorField: 'updated_at',
    columns: [
      text('campaign_id', '$parent'),
      text('channel', 'attributes.definition.channel'),
      text('template_id', 'relationships.template.data.id'),
      ts('created_at'),
      ts('updated_at'),
    ],
  },
  templates: {
    name: 'templates',
    type: 'template',
    operationId: 'get_templates',
    cursorField: 'updated',
    columns: [text('name'), text('editor_type'), ts('created'), ts('updated')],
  },
  forms: {
    name: 'forms',
    type: 'form',
    operationId: 'get_forms',
    cursorField: 'updated_at',
    columns: [text('name'), text('status'), bool('ab_test'), ts('created_at'), ts('updated_at')],
  },
  'form-versions': {
    name: 'form-versions',
    type: 'form-version',
    operationId: 'get_versions_for_form',
    parent: { resource: 'forms' },
    cursorField: 'updated_at',
    columns: [
      text('form_id', '$parent'),
      text('form_type'),
      text('variation_name'),
      text('status'),
      ts('created_at'),
      ts('updated_at'),
    ],
  },
  lists: {
    name: 'lists',
    type: 'list',
    operationId: 'get_lists',
    cursorField: 'updated',
    // no detail call for the size (profile_count): it exists only on the list's own GET at a far stricter limit
    // (1/s, 15/m) and would pace the whole listing; sizes/ asks it after the sync, only where it can have changed
    columns: [text('name'), text('opt_in_process'), ts('created'), ts('updated')],
  },
  segments: {
    name: 'segments',
    type: 'segment',
    operationId: 'get_segments',
    cursorField: 'updated',
    columns: [text('name'), bool('is_active'), bool('is_processing'), bool('is_starred'), ts('created'), ts('updated')],
  },
  metrics: {
    name: 'metrics',
    type: 'metric',
    operationId: 'get_metrics',
    // No page[size] parameter; the description says up to 200 per page. No server-side updated filter.
    assumedPageSize: 200,
    cursorField: 'updated',
    columns: [
      text('name'),
      text('integration_name', 'attributes.integration.name'),
      text('integration_category', 'attributes.integration.category'),
      ts('created'),
      ts('updated'),
    ],
  },
  tags: {
    name: 'tags',
    type: 'tag',
    operationId: 'get_tags',
    columns: [text('name'), text('tag_group_id', 'relationships.tag-group.data.id')],
  },
  'tag-groups': {
    name: 'tag-groups',
    type: 'tag-group',
    operationId: 'get_tag_groups',
    columns: [text('name'), bool('exclusive'), bool('default')],
  },
};

export function resourceDef(name: ResourceName): ResourceDef {
  return RESOURCE_DEFS[name];
}

export function childrenOf(name: ResourceName): ResourceDef[] {
  return Object.values(RESOURCE_DEFS).filter((d) => d.parent?.resource === name);
}

/** Page size a listing asks for: the definition's, else the operation's maximum, else none. */
export function pageSizeFor(def: ResourceDef, table: OperationTable = operationTable()): number | null {
  const op = table.get(def.operationId);
  if (!op.pageSize) return null;
  return def.pageSize ?? op.pageSize.max;
}

export function partitionsOf(def: ResourceDef): Array<{ key: string; values: Record<string, string | boolean> }> {
  let combos: Array<Record<string, string | boolean>> = [{}];
  for (const dim of def.partitions ?? []) {
    combos = combos.flatMap((c) => dim.values.map((v) => ({ ...c, [dim.name]: v })));
  }
  return combos.map((values) => ({
    key: Object.entries(values)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(';'),
    values,
  }));
}

function readPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export type ColumnValue = string | number | boolean | null;

function coerce(value: unknown, type: ColumnType): ColumnValue {
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : null;
    case 'integer':
      return typeof value === 'number' && Number.isFinite(value) ? Math.trunc(value) : null;
    case 'json':
      return JSON.stringify(value);
    case 'datetime':
    case 'text':
      return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
}

/** The typed columns of one item (what the store indexes), from the definition's column sources. */
export function columnsOf(
  def: ResourceDef,
  item: unknown,
  ctx: { parentId?: string | null; partition?: Record<string, string | boolean> } = {},
): Record<string, ColumnValue> {
  const out: Record<string, ColumnValue> = {};
  for (const col of def.columns) {
    let raw: unknown;
    if (col.from === '$parent') raw = ctx.parentId ?? null;
    else if (col.from.startsWith('$partition.')) raw = ctx.partition?.[col.from.slice('$partition.'.length)];
    else raw = readPath(item, col.from);
    out[col.name] = coerce(raw, col.type);
  }
  return out;
}

/** Whether children of `def` should be listed under this parent item (`parent.when`). */
export function parentQualifies(def: ResourceDef, parentItem: unknown): boolean {
  const when = def.parent?.when;
  if (!when) return true;
  const v = readPath(parentItem, when.path);
  // Unknown shape: list anyway rather than silently miss children.
  if (typeof v !== 'string') return true;
  return when.prefixes.some((p) => v.startsWith(p));
}

export type ResourceCounts = Partial<Record<ResourceName, number>>;

/**
 * Expected requests per operation for a full listing, given item counts (e.g. from the previous sync):
 * the basis of progress and ETA. Each partition costs at least one page; each parent one child listing.
 */
export function estimateRequests(
  counts: ResourceCounts,
  table: OperationTable = operationTable(),
): Record<string, number> {
  const out: Record<string, number> = {};
  const add = (op: string, n: number) => (out[op] = (out[op] ?? 0) + Math.max(0, Math.ceil(n)));
  for (const def of Object.values(RESOURCE_DEFS)) {
    const n = counts[def.name] ?? 0;
    // arrives with the parent's pages, or is read out of the parent's definition
    if (def.parent?.fromIncluded || def.parent?.fromDefinition) continue;
    const size = pageSizeFor(def, table) ?? def.assumedPageSize ?? Math.max(1, n);
    if (def.parent) {
      // one listing per qualifying parent; with a `when` filter roughly one parent per child
      const parents = def.parent.when ? n : (counts[def.parent.resource] ?? 0);
      add(def.operationId, Math.max(parents, Math.ceil(n / size)));
    } else {
      const partitions = partitionsOf(def).length;
      add(def.operationId, Math.ceil(n / size) + partitions - (n > 0 ? 1 : 0));
    }
    if (def.detail) add(def.detail.operationId, n);
  }
  return out;
}

/** The query of an item's detail call (its additional fields and includes). */
export function detailQuery(detail: NonNullable<ResourceDef['detail']>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [type, fields] of Object.entries(detail.additionalFields ?? {})) {
    query[`additional-fields[${type}]`] = fields.join(',');
  }
  if (detail.include?.length) query.include = detail.include.join(',');
  return query;
}

/** The limit a resource's detail calls go under: a parameter they always send may have a stricter limit of its own. */
export function detailRateLimit(def: ResourceDef, table: OperationTable = operationTable()): RateLimit | undefined {
  if (!def.detail) return undefined;
  return effectiveRateLimit(table.get(def.detail.operationId), new URLSearchParams(detailQuery(def.detail))).limit;
}

/** Requests and the rate-limit floor for a full listing with these counts: what a progress bar's ETA starts from. */
export function estimateListing(
  counts: ResourceCounts,
  timeScale = 1,
  table: OperationTable = operationTable(),
): { requests: Record<string, number>; totalRequests: number; floorMs: number; slowestOperation: string | null } {
  const requests = estimateRequests(counts, table);
  let floorMs = 0;
  let slowestOperation: string | null = null;
  for (const [op, n] of Object.entries(requests)) {
    const detailOf = Object.values(RESOURCE_DEFS).find((d) => d.detail?.operationId === op);
    const limit: RateLimit = (detailOf && detailRateLimit(detailOf, table)) ?? table.get(op).rateLimit;
    const f = operationFloorMs(n, limit, timeScale);
    if (f > floorMs) {
      floorMs = f;
      slowestOperation = op;
    }
  }
  return { requests, totalRequests: Object.values(requests).reduce((a, b) => a + b, 0), floorMs, slowestOperation };
}

/** Checks every definition against the spec: operations exist, page sizes fit, filters/includes/fields are declared. */
export function validateResourceDefs(table: OperationTable = operationTable()): string[] {
  const problems: string[] = [];
  for (const def of Object.values(RESOURCE_DEFS)) {
    const op = table.byId.get(def.operationId);
    if (!op) {
      problems.push(`${def.name}: unknown operation ${def.operationId}`);
      continue;
    }
    if (
      def.pageSize !== undefined &&
      (!op.pageSize || def.pageSize > op.pageSize.max || def.pageSize < op.pageSize.min)
    ) {
      problems.push(`${def.name}: page size ${def.pageSize} not allowed`);
    }
    if (def.parent && !op.pathParams.length) problems.push(`${def.name}: child operation has no path parameter`);
    if (!def.parent && op.pathParams.length) problems.push(`${def.name}: root operation needs a path parameter`);
    for (const dim of def.partitions ?? []) {
      const f = op.filters?.[dim.field];
      if (!f || !f.single.includes('equals')) problems.push(`${def.name}: cannot partition on ${dim.field}`);
      for (const v of dim.values) {
        if (f?.valueEnum && typeof v === 'string' && !f.valueEnum.includes(v)) {
          problems.push(`${def.name}: ${dim.field} has no value ${v}`);
        }
      }
    }
    if (op.filterRequired && !def.partitions?.length) problems.push(`${def.name}: the operation requires a filter`);
    for (const inc of def.include ?? []) {
      if (!op.include?.includes(inc)) problems.push(`${def.name}: include ${inc} not offered`);
    }
    for (const [type, fields] of Object.entries(def.additionalFields ?? {})) {
      for (const f of fields) {
        if (!op.additionalFields[type]?.includes(f))
          problems.push(`${def.name}: additional-fields[${type}]=${f} not offered`);
      }
    }
    if (def.detail) {
      const d = table.byId.get(def.detail.operationId);
      if (!d) problems.push(`${def.name}: unknown detail operation ${def.detail.operationId}`);
      for (const [type, fields] of Object.entries(def.detail.additionalFields ?? {})) {
        for (const f of fields) {
          if (!d?.additionalFields[type]?.includes(f)) {
            problems.push(`${def.name}: detail additional-fields[${type}]=${f} not offered`);
          }
        }
      }
    }
    if (def.parent?.fromDefinition && !(def.name in DEFINITION_DERIVATIONS)) {
      problems.push(`${def.name}: no derivation from the parent's definition`);
    }
    if (
      def.parent?.fromDefinition &&
      !RESOURCE_DEFS[def.parent.resource].detail &&
      !RESOURCE_DEFS[def.parent.resource].parent?.fromDefinition
    ) {
      problems.push(`${def.name}: the parent has no detail call to read a definition from`);
    }
    if (def.parent?.fromIncluded) {
      const parentOp = table.byId.get(RESOURCE_DEFS[def.parent.resource].operationId);
      const parentIncludes = RESOURCE_DEFS[def.parent.resource].include ?? [];
      if (!parentOp?.include?.includes(def.parent.fromIncluded.relationship)) {
        problems.push(`${def.name}: parent operation cannot include ${def.parent.fromIncluded.relationship}`);
      }
      if (!parentIncludes.includes(def.parent.fromIncluded.relationship)) {
        problems.push(`${def.name}: parent definition does not include ${def.parent.fromIncluded.relationship}`);
      }
    }
  }
  return problems;
}
