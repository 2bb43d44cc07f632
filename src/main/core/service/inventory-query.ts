import type BetterSqlite3 from 'better-sqlite3';
import type { StagedItem } from '../store/queries/inventory';

/**
 * The inventory table's page query: search, multi-value filters, sort, offset/limit and the total, plus the
 * facet counts for the filter menus. It reads only the typed columns (never the raw JSON), so paging through
 * 20,000 rows stays cheap.
 *
 * It sits here until the store's own `inventory.list` grows total counts and multi-value filters (asked of SYNC);
 * it only reads `inventory_items` through the store's connection and writes nothing.
 */

export type InventoryPageQuery = {
  workspaceId: string;
  resourceType: string;
  search?: string;
  status?: string[];
  channel?: string[];
  triggerType?: string[];
  archived?: boolean;
  sort?: {
    field: 'name' | 'status' | 'channel' | 'triggerType' | 'createdAt' | 'updatedAt';
    direction: 'asc' | 'desc';
  };
  offset: number;
  limit: number;
};

export type InventoryPageRow = Omit<StagedItem, 'attributesJson' | 'relationshipsJson'>;

const SORT_SQL = {
  name: 'name COLLATE NOCASE',
  status: 'status COLLATE NOCASE',
  channel: 'channel',
  triggerType: 'trigger_type COLLATE NOCASE',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
} as const;

const COLUMNS = `klaviyo_id AS klaviyoId, resource_type AS resourceType, name, status, channel,
  trigger_type AS triggerType, archived, created_at AS createdAt, updated_at AS updatedAt,
  parent_type AS parentType, parent_id AS parentId, version_hash AS versionHash`;

function where(q: Omit<InventoryPageQuery, 'offset' | 'limit' | 'sort'>, params: unknown[]): string {
  const parts = ['workspace_id = ?', 'resource_type = ?', 'removed_at IS NULL'];
  params.push(q.workspaceId, q.resourceType);
  const inList = (col: string, values: string[] | undefined) => {
    if (!values?.length) return;
    parts.push(`${col} IN (${values.map(() => '?').join(',')})`);
    params.push(...values);
  };
  inList('status', q.status);
  inList('channel', q.channel);
  inList('trigger_type', q.triggerType);
  if (q.archived !== undefined) {
    // items without an archived flag (lists, metrics…) count as not archived
    parts.push(q.archived ? 'archived = 1' : '(archived IS NULL OR archived = 0)');
  }
  const search = q.search?.trim();
  if (search) {
    parts.push(`(name LIKE ? ESCAPE '\\' OR klaviyo_id = ?)`);
    params.push(`%${search.replace(/[\\%_]/g, (c) => '\\' + c)}%`, search);
  }
  return parts.join(' AND ');
}

export function inventoryPage(sqlite: BetterSqlite3.Database, q: InventoryPageQuery) {
  const params: unknown[] = [];
  const w = where(q, params);
  const total = (sqlite.prepare(`SELECT count(*) AS n FROM inventory_items WHERE ${w}`).get(...params) as { n: number })
    .n;
  const sort = q.sort ?? { field: 'name', direction: 'asc' };
  const dir = sort.direction === 'desc' ? 'DESC' : 'ASC';
  // NULLs last whichever the direction, then a stable tie-break so pages never overlap
  const order = `(${SORT_SQL[sort.field]} IS NULL), ${SORT_SQL[sort.field]} ${dir}, id ASC`;
  const rows = sqlite
    .prepare(`SELECT ${COLUMNS} FROM inventory_items WHERE ${w} ORDER BY ${order} LIMIT ? OFFSET ?`)
    .all(...params, q.limit, q.offset) as Array<Omit<InventoryPageRow, 'archived'> & { archived: number | null }>;
  return {
    total,
    items: rows.map((r) => ({ ...r, archived: r.archived === null ? null : r.archived === 1 })),
  };
}

export function inventoryFacets(sqlite: BetterSqlite3.Database, workspaceId: string, resourceType: string) {
  const base = 'FROM inventory_items WHERE workspace_id = ? AND resource_type = ? AND removed_at IS NULL';
  const facet = (col: string) =>
    (
      sqlite
        .prepare(
          `SELECT ${col} AS value, count(*) AS count ${base} AND ${col} IS NOT NULL GROUP BY ${col} ORDER BY count DESC, value`,
        )
        .all(workspaceId, resourceType) as Array<{ value: string; count: number }>
    ).slice(0, 200);
  const archived = sqlite
    .prepare(
      `SELECT coalesce(sum(archived = 1), 0) AS t, coalesce(sum(archived IS NULL OR archived = 0), 0) AS f ${base}`,
    )
    .get(workspaceId, resourceType) as { t: number; f: number };
  return {
    status: facet('status'),
    channel: facet('channel'),
    triggerType: facet('trigger_type'),
    archived: { true: archived.t, false: archived.f },
  };
}

/**
 * Children of items (a flow's actions, their messages, a campaign's messages), typed columns only. Parent types
 * are matched in either spelling (`flows` / `flow`) since the JSON:API type is singular.
 */
export function inventoryChildren(
  sqlite: BetterSqlite3.Database,
  workspaceId: string,
  parentTypes: string[],
  parentIds: string[],
  limit = 500,
): InventoryPageRow[] {
  if (!parentIds.length || !parentTypes.length) return [];
  const ids = parentIds.slice(0, 500);
  const rows = sqlite
    .prepare(
      `SELECT ${COLUMNS} FROM inventory_items WHERE workspace_id = ?
       AND parent_type IN (${parentTypes.map(() => '?').join(',')}) AND parent_id IN (${ids.map(() => '?').join(',')})
       AND removed_at IS NULL ORDER BY resource_type, id LIMIT ?`,
    )
    .all(workspaceId, ...parentTypes, ...ids, limit) as Array<
    Omit<InventoryPageRow, 'archived'> & { archived: number | null }
  >;
  return rows.map((r) => ({ ...r, archived: r.archived === null ? null : r.archived === 1 }));
}
