import { readOpenApiDocument, type OpenApiDocument, type OpenApiOperation } from './load-spec';

/** Requests allowed per window, read from `x-klaviyo-ratelimit` ("3/s", "60/m", "225/d"). */
export type RateLimit = { burstPerSecond: number; steadyPerMinute: number; dailyCap?: number };

/** A stricter limit that applies when a query parameter is used (only stated in the description prose). */
export type ConditionalRateLimit = { param: string; value: string; limit: RateLimit };

export type FilterFieldSpec = {
  /** operators that take one value, e.g. equals(status,'live') */
  single: string[];
  /** operators that take a list, e.g. any(id,["a","b"]) */
  list: string[];
  /** operators that take no value, e.g. has(profile) */
  noValue: string[];
  valueType: string; // string | boolean | integer | number | datetime …
  valueFormat?: string; // e.g. date-time
  valueEnum?: string[];
};

export type OperationSpec = {
  operationId: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** path template as in the spec, e.g. /api/flows/{id} */
  path: string;
  pathRegex: RegExp;
  pathParams: string[];
  rateLimit: RateLimit;
  conditionalRateLimits: ConditionalRateLimit[];
  scopes: string[];
  filters: Record<string, FilterFieldSpec> | null;
  filterRequired: boolean;
  pageSize: { default: number; min: number; max: number } | null;
  /** name of the cursor query parameter (page[cursor] or page_cursor), null when not paged */
  cursorParam: string | null;
  sort: string[] | null;
  include: string[] | null;
  /** e.g. { flow: ['definition'] } for additional-fields[flow] */
  additionalFields: Record<string, string[]>;
  /** e.g. { campaign: ['name', 'status', …] } for fields[campaign] */
  sparseFields: Record<string, string[]>;
  /** every declared query parameter name */
  queryParams: string[];
  successStatus: number;
  /** components.schemas name of the success body, null for 204 */
  responseSchema: string | null;
  requestSchema: string | null;
};

export type OperationTable = {
  revision: string;
  byId: Map<string, OperationSpec>;
  list: OperationSpec[];
  /** finds the operation serving METHOD PATH (path without query string) */
  match(method: string, pathname: string): { op: OperationSpec; params: Record<string, string> } | null;
  get(operationId: string): OperationSpec;
};

function parseRate(value: string | undefined, unit: 's' | 'm' | 'd'): number | undefined {
  if (!value) return undefined;
  const m = /^(\d+)\/([smd])$/.exec(value.trim());
  if (!m || m[2] !== unit) throw new Error(`unexpected rate limit "${value}" (wanted N/${unit})`);
  return Number(m[1]);
}

const CONDITIONAL_RE =
  /Rate limits when using the `([^`=]+)=([^`]+)` parameter in your API request:<br>Burst: `(\d+)\/s`<br>Steady: `(\d+)\/m`/g;

function parseConditional(description: string | undefined): ConditionalRateLimit[] {
  if (!description) return [];
  const out: ConditionalRateLimit[] = [];
  for (const m of description.matchAll(CONDITIONAL_RE)) {
    out.push({
      param: m[1]!,
      value: m[2]!,
      limit: { burstPerSecond: Number(m[3]), steadyPerMinute: Number(m[4]) },
    });
  }
  return out;
}

function schemaRefName(ref: string | undefined): string | null {
  if (!ref) return null;
  const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
  return m ? m[1]! : null;
}

function buildOperation(method: string, pathTemplate: string, op: OpenApiOperation): OperationSpec {
  const params = op.parameters ?? [];
  const query = params.filter((p) => p.in === 'query');
  const byName = new Map(query.map((p) => [p.name, p]));
  const rl = op['x-klaviyo-ratelimit'] ?? {};
  const rateLimit: RateLimit = {
    burstPerSecond: parseRate(rl.burst, 's') ?? 1,
    steadyPerMinute: parseRate(rl.steady, 'm') ?? 15,
  };
  const daily = parseRate(rl.daily, 'd');
  if (daily !== undefined) rateLimit.dailyCap = daily;

  let filters: Record<string, FilterFieldSpec> | null = null;
  const rawFilters = op['x-klaviyo-filters'];
  if (rawFilters) {
    filters = {};
    for (const [field, spec] of Object.entries(rawFilters)) {
      const value = spec.value ?? {};
      const valueType = value.format === 'date-time' ? 'datetime' : (value.type ?? 'string');
      filters[field] = {
        single: spec.operators.single ?? [],
        list: spec.operators.list ?? [],
        noValue: spec.operators['no-value'] ?? spec.operators.no_value ?? [],
        valueType,
        ...(value.format ? { valueFormat: value.format } : {}),
        ...(value.enum ? { valueEnum: value.enum } : {}),
      };
    }
  }

  const sizeParam = byName.get('page[size]');
  const pageSize = sizeParam?.schema
    ? {
        default: Number(sizeParam.schema.default ?? sizeParam.schema.maximum ?? 20),
        min: Number(sizeParam.schema.minimum ?? 1),
        max: Number(sizeParam.schema.maximum ?? sizeParam.schema.default ?? 100),
      }
    : null;
  const cursorParam = byName.has('page[cursor]') ? 'page[cursor]' : byName.has('page_cursor') ? 'page_cursor' : null;

  const additionalFields: Record<string, string[]> = {};
  const sparseFields: Record<string, string[]> = {};
  for (const p of query) {
    let m = /^additional-fields\[(.+)\]$/.exec(p.name);
    if (m) additionalFields[m[1]!] = p.schema?.items?.enum ?? [];
    m = /^fields\[(.+)\]$/.exec(p.name);
    if (m) sparseFields[m[1]!] = p.schema?.items?.enum ?? [];
  }

  const successCode = Object.keys(op.responses)
    .filter((c) => /^2\d\d$/.test(c))
    .sort()[0];
  const success = successCode ? op.responses[successCode] : undefined;
  const responseSchema = schemaRefName(success?.content?.['application/vnd.api+json']?.schema?.$ref);
  const requestSchema = schemaRefName(op.requestBody?.content?.['application/vnd.api+json']?.schema?.$ref);

  const pathParams = [...pathTemplate.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
  const pathRegex = new RegExp(
    '^' + pathTemplate.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '([^/]+)') + '/?$',
  );

  return {
    operationId: op.operationId,
    method: method.toUpperCase() as OperationSpec['method'],
    path: pathTemplate,
    pathRegex,
    pathParams,
    rateLimit,
    conditionalRateLimits: parseConditional(op.description),
    scopes: op['x-klaviyo-scopes'] ?? [],
    filters,
    filterRequired: Boolean(byName.get('filter')?.required),
    pageSize,
    cursorParam,
    sort: byName.get('sort')?.schema?.enum ?? null,
    include: byName.get('include')?.schema?.items?.enum ?? null,
    additionalFields,
    sparseFields,
    queryParams: query.map((p) => p.name),
    successStatus: successCode ? Number(successCode) : 200,
    responseSchema,
    requestSchema,
  };
}

export function buildOperationTable(doc: OpenApiDocument): OperationTable {
  const list: OperationSpec[] = [];
  for (const [p, methods] of Object.entries(doc.paths)) {
    if (!p.startsWith('/api/')) continue; // client-side /client/… endpoints use public keys; not ours
    for (const [method, op] of Object.entries(methods)) {
      if (!op || typeof op !== 'object' || !('operationId' in op)) continue;
      list.push(buildOperation(method, p, op));
    }
  }
  // Literal segments beat templated ones (/api/tags/{id}/relationships/flows vs /api/tags/{id}).
  list.sort((a, b) => a.pathParams.length - b.pathParams.length);
  const byId = new Map(list.map((o) => [o.operationId, o]));
  return {
    revision: doc.info.version,
    byId,
    list,
    match(method, pathname) {
      const upper = method.toUpperCase();
      for (const op of list) {
        if (op.method !== upper) continue;
        const m = op.pathRegex.exec(pathname);
        if (!m) continue;
        const params: Record<string, string> = {};
        op.pathParams.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
        return { op, params };
      }
      return null;
    },
    get(operationId) {
      const op = byId.get(operationId);
      if (!op) throw new Error(`unknown Klaviyo operation ${operationId}`);
      return op;
    },
  };
}

let table: OperationTable | undefined;

/** The operation table of the bundled spec, built once per thread; the document itself is not kept. */
export function operationTable(): OperationTable {
  table ??= buildOperationTable(readOpenApiDocument());
  return table;
}

/**
 * The limit that governs one request: the stricter conditional limit when its parameter is used
 * (e.g. additional-fields[list]=profile_count), else the operation's own.
 */
export function effectiveRateLimit(op: OperationSpec, query: URLSearchParams): { key: string; limit: RateLimit } {
  for (const c of op.conditionalRateLimits) {
    const raw = query.get(c.param);
    if (!raw) continue;
    const values = raw.split(',').map((v) => v.trim());
    // The prose says include=list while the parameter value is "lists": accept the plural.
    if (values.includes(c.value) || values.includes(`${c.value}s`)) {
      return {
        key: `${op.operationId}|${c.param}=${c.value}`,
        limit: { ...c.limit, ...(op.rateLimit.dailyCap ? { dailyCap: op.rateLimit.dailyCap } : {}) },
      };
    }
  }
  return { key: op.operationId, limit: op.rateLimit };
}
