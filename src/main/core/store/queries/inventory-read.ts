import type BetterSqlite3 from 'better-sqlite3';
import type { inventorySortFields } from '../../../../shared/contract/inventory';
import type { StagedItem } from './inventory';

/** An item without its raw JSON: what a row of the table or a child in the drawer shows. */
export type InventoryItemSummary = Omit<StagedItem, 'attributesJson' | 'relationshipsJson'>;

/** An item's typed columns with its attributes as the stored JSON text: a row of an inventory export. */
export type InventoryItemWithJson = InventoryItemSummary & { attributesJson: string };

export type InventoryRow = InventoryItemSummary & {
  id: number;
  workspaceId: string;
  attributes: Record<string, unknown>;
  relationships: Record<string, unknown>;
  firstSeenRunId: number;
  lastSeenRunId: number;
  removedAt: number | null;
};

/** Which items a read selects. An empty list of values selects as if it were left out. */
export type InventoryFilter = {
  workspaceId: string;
  resourceType?: string;
  /** include items a complete listing no longer returned (default false) */
  includeRemoved?: boolean;
  status?: string[];
  channel?: string[];
  triggerType?: string[];
  /** items without the flag (lists, metrics…) count as not archived */
  archived?: boolean;
  parentType?: string[];
  parentId?: string[];
  /** substring of the name, case-insensitive */
  search?: string;
};

export type InventorySort = {
  field: (typeof inventorySortFields)[number] | 'resourceType';
  direction: 'asc' | 'desc';
};

export type InventoryQuery = InventoryFilter & {
  /** name ascending unless told */
  sort?: InventorySort;
  /** default 1000 */
  limit?: number;
  offset?: number;
};

const SORT_SQL: Record<InventorySort['field'], string> = {
  name: 'name COLLATE NOCASE',
  status: 'status COLLATE NOCASE',
  channel: 'channel',
  triggerType: 'trigger_type COLLATE NOCASE',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  resourceType: 'resource_type',
};

const SUMMARY_COLUMNS = `resource_type AS resourceType, klaviyo_id AS klaviyoId, name, status, channel,
  trigger_type AS triggerType, archived, created_at AS createdAt, updated_at AS updatedAt,
  parent_type AS parentType, parent_id AS parentId, version_hash AS versionHash`;

const ITEM_COLUMNS = `id, workspace_id AS workspaceId, ${SUMMARY_COLUMNS}, attributes_json AS attributesJson,
  relationships_json AS relationshipsJson, first_seen_run_id AS firstSeenRunId, last_seen_run_id AS lastSeenRunId,
  removed_at AS removedAt`;

type Stored<T> = Omit<T, 'archived'> & { archived: number | null };
type RawItemRow = Stored<Omit<InventoryRow, 'attributes' | 'relationships'>> & {
  attributesJson: string;
  relationshipsJson: string;
};

const intToBool = (n: number | null): boolean | null => (n === null ? null : n === 1);

function toSummary(r: Stored<InventoryItemSummary>): InventoryItemSummary {
  return { ...r, archived: intToBool(r.archived) };
}

function toInventoryRow(r: RawItemRow): InventoryRow {
  const { attributesJson, relationshipsJson, archived, ...rest } = r;
  return {
    ...rest,
    archived: intToBool(archived),
    attributes: JSON.parse(attributesJson) as Record<string, unknown>,
    relationships: JSON.parse(relationshipsJson) as Record<string, unknown>,
  };
}

type Where = { sql: string; params: unknown[] };

/** the SQL function that reads a text without its NUL characters (registered on the connection below) */
const WITHOUT_NUL = 'audit_desk_without_nul';

/** `searchIds`: the search also finds an item by its exact Klaviyo id (the table's search box pastes ids). */
function whereOf(f: InventoryFilter, opts: { searchIds?: boolean } = {}): Where {
  const parts = ['workspace_id = ?'];
  const params: unknown[] = [f.workspaceId];
  const add = (sql: string, ...values: unknown[]) => {
    parts.push(sql);
    params.push(...values);
  };
  if (f.resourceType) add('resource_type = ?', f.resourceType);
  if (!f.includeRemoved) add('removed_at IS NULL');
  const inList = (col: string, values: string[] | undefined) => {
    if (values?.length) add(`${col} IN (${values.map(() => '?').join(',')})`, ...values);
  };
  inList('status', f.status);
  inList('channel', f.channel);
  inList('trigger_type', f.triggerType);
  inList('parent_type', f.parentType);
  inList('parent_id', f.parentId);
  if (f.archived !== undefined) add(f.archived ? 'archived = 1' : '(archived IS NULL OR archived = 0)');
  const term = f.search?.replaceAll('\u0000', '');
  if (term) {
    const like = `%${term.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    // SQLite's text functions stop at a NUL, so a name holding one is searched without it (rare: only those rows
    // pay for the call into JavaScript)
    const byName = `(name LIKE ? ESCAPE '\\' OR (instr(CAST(name AS BLOB), x'00') > 0 AND ${WITHOUT_NUL}(name) LIKE ? ESCAPE '\\'))`;
    if (opts.searchIds) add(`(${byName} OR klaviyo_id = ?)`, like, like, f.search);
    else add(byName, like, like);
  }
  return { sql: parts.join(' AND '), params };
}

/** `nullsLast`: whichever the direction, as the table shows them; otherwise SQLite's (NULL sorts lowest). */
function orderOf(
  sort: InventorySort = { field: 'name', direction: 'asc' },
  opts: { nullsLast?: boolean } = {},
): string {
  const col = SORT_SQL[sort.field];
  // the tie-break on the row id keeps pages from overlapping
  const order = `${col} ${sort.direction === 'desc' ? 'DESC' : 'ASC'}, id ASC`;
  return opts.nullsLast ? `(${col} IS NULL), ${order}` : order;
}

/**
 * Items in the order of `list` with their attributes as the stored JSON text (what an export writes: canonical
 * JSON, the text `JSON.stringify` gives for the parsed value), a batch at a time. A whole table is read without
 * holding it in memory and without sorting it again for every page (OFFSET paging sorts and skips every row
 * before the page, each page: ~0.4 s a page of a 100,000-row table): the matching ids are sorted once, then
 * read by id. An item removed meanwhile is passed over.
 */
function* jsonBatches(
  sqlite: BetterSqlite3.Database,
  q: InventoryFilter & { sort?: InventorySort },
  batchSize: number,
): Generator<InventoryItemWithJson[]> {
  const where = whereOf(q);
  const ids = sqlite
    .prepare(`SELECT id FROM inventory_items WHERE ${where.sql} ORDER BY ${orderOf(q.sort)}`)
    .pluck()
    .all(...where.params) as number[];
  // NOT INDEXED: looked up by rowid, not by scanning the workspace's rows of that type for every batch
  const byId = sqlite.prepare(
    `SELECT id, ${SUMMARY_COLUMNS}, attributes_json AS attributesJson FROM inventory_items NOT INDEXED
     WHERE id IN (SELECT value FROM json_each(?)) AND ${where.sql}`,
  );
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    const rows = new Map(
      (byId.all(JSON.stringify(batch), ...where.params) as Stored<InventoryItemWithJson & { id: number }>[]).map(
        (r) => [r.id, r],
      ),
    );
    yield batch.flatMap((id) => {
      const r = rows.get(id);
      if (!r) return [];
      const { id: _id, ...row } = r;
      return [{ ...row, archived: intToBool(row.archived) }];
    });
  }
}

/**
 * Reading the inventory: whole items (with their raw JSON) for exports and the audit, summaries (typed columns
 * only, so paging through 20,000 rows stays cheap) with totals and facet counts for the table, children for the
 * drawer. Every read selects through the same filter, sort and row mapping.
 */
export function inventoryReadQueries(sqlite: BetterSqlite3.Database) {
  sqlite.function(WITHOUT_NUL, { deterministic: true }, (v: unknown) =>
    typeof v === 'string' ? v.replaceAll('\u0000', '') : null,
  );
  function select<T>(columns: string, where: Where, order: string, q: Pick<InventoryQuery, 'limit' | 'offset'>) {
    return sqlite
      .prepare(`SELECT ${columns} FROM inventory_items WHERE ${where.sql} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .all(...where.params, Math.min(Math.max(q.limit ?? 1000, 1), 1_000_000), Math.max(q.offset ?? 0, 0)) as T[];
  }

  const countOf = (where: Where): number =>
    (
      sqlite.prepare(`SELECT count(*) AS n FROM inventory_items WHERE ${where.sql}`).get(...where.params) as {
        n: number;
      }
    ).n;

  return {
    /** whole items, NULLs sorting lowest; the search reads names only */
    list(q: InventoryQuery): InventoryRow[] {
      return select<RawItemRow>(ITEM_COLUMNS, whereOf(q), orderOf(q.sort), q).map(toInventoryRow);
    },

    listJsonInBatches: (q: InventoryFilter & { sort?: InventorySort }, batchSize = 1000) =>
      jsonBatches(sqlite, q, batchSize),

    /**
     * One page of the inventory table and how many rows match in all. As the table reads a query, the search
     * also finds an item by its Klaviyo id and NULLs sort last whichever the direction.
     */
    page(q: InventoryQuery): { total: number; items: InventoryItemSummary[] } {
      const where = whereOf(q, { searchIds: true });
      const rows = select<Stored<InventoryItemSummary>>(
        SUMMARY_COLUMNS,
        where,
        orderOf(q.sort, { nullsLast: true }),
        q,
      );
      return { total: countOf(where), items: rows.map(toSummary) };
    },

    /** The same page as `page`, of whole items: raw attributes and relationships, and when each was found gone. */
    pageItems(q: InventoryQuery): { total: number; items: InventoryRow[] } {
      const where = whereOf(q, { searchIds: true });
      const rows = select<RawItemRow>(ITEM_COLUMNS, where, orderOf(q.sort, { nullsLast: true }), q);
      return { total: countOf(where), items: rows.map(toInventoryRow) };
    },

    /** the values of a type's live items (most frequent first, at most 200) for the table's filter menus */
    facets(workspaceId: string, resourceType: string) {
      const where = whereOf({ workspaceId, resourceType });
      const facet = (col: string) =>
        sqlite
          .prepare(
            `SELECT ${col} AS value, count(*) AS count FROM inventory_items WHERE ${where.sql} AND ${col} IS NOT NULL
             GROUP BY ${col} ORDER BY count DESC, value LIMIT 200`,
          )
          .all(...where.params) as Array<{ value: string; count: number }>;
      const archived = sqlite
        .prepare(
          `SELECT coalesce(sum(archived = 1), 0) AS t, coalesce(sum(archived IS NULL OR archived = 0), 0) AS f
           FROM inventory_items WHERE ${where.sql}`,
        )
        .get(...where.params) as { t: number; f: number };
      return {
        status: facet('status'),
        channel: facet('channel'),
        triggerType: facet('trigger_type'),
        archived: { true: archived.t, false: archived.f },
      };
    },

    /**
     * Live children of items (a flow's actions, their messages, a campaign's messages) by type, then id. Callers
     * name the parent type in either spelling (`flows` / `flow`) since the JSON:API type is singular.
     */
    children(workspaceId: string, parentTypes: string[], parentIds: string[], limit = 500): InventoryItemSummary[] {
      // an empty list would filter nothing
      if (!parentIds.length || !parentTypes.length) return [];
      const where = whereOf({ workspaceId, parentType: parentTypes, parentId: parentIds.slice(0, 500) });
      const order = orderOf({ field: 'resourceType', direction: 'asc' });
      return select<Stored<InventoryItemSummary>>(SUMMARY_COLUMNS, where, order, { limit }).map(toSummary);
    },

    get(workspaceId: string, resourceType: string, klaviyoId: string): InventoryRow | undefined {
      const r = sqlite
        .prepare(
          `SELECT ${ITEM_COLUMNS} FROM inventory_items WHERE workspace_id = ? AND resource_type = ? AND klaviyo_id = ?`,
        )
        .get(workspaceId, resourceType, klaviyoId) as RawItemRow | undefined;
      return r && toInventoryRow(r);
    },

    /** live (not removed) item counts per resource type */
    counts(workspaceId: string): Record<string, number> {
      const rows = sqlite
        .prepare(
          `SELECT resource_type AS t, count(*) AS n FROM inventory_items WHERE workspace_id = ? AND removed_at IS NULL
           GROUP BY resource_type ORDER BY resource_type`,
        )
        .all(workspaceId) as { t: string; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.t, r.n]));
    },

    /** every version of one item, oldest first, with the runs that saw it (the current one's content is the item's) */
    versions(itemId: number): {
      versionHash: string;
      firstRunId: number;
      lastRunId: number;
      attributes: unknown;
      relationships: unknown;
    }[] {
      return (
        sqlite
          .prepare(
            `SELECT v.version_hash AS versionHash, v.first_run_id AS firstRunId, v.last_run_id AS lastRunId,
               coalesce(v.attributes_json, i.attributes_json) AS a, coalesce(v.relationships_json, i.relationships_json) AS r
             FROM item_versions v JOIN inventory_items i ON i.id = v.item_id
             WHERE v.item_id = ? ORDER BY v.first_run_id`,
          )
          .all(itemId) as { versionHash: string; firstRunId: number; lastRunId: number; a: string; r: string }[]
      ).map(({ a, r, ...rest }) => ({ ...rest, attributes: JSON.parse(a), relationships: JSON.parse(r) }));
    },
  };
}
