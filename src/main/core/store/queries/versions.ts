import type BetterSqlite3 from 'better-sqlite3';

/** An item's content as one run saw it: the hash and the raw JSON of that version. */
export type VersionContent = { versionHash: string; attributesJson: string; relationshipsJson: string };

/** An item whose content differs between two runs; `before`/`after` are null where the item did not exist. */
export type VersionPair = {
  itemId: number;
  resourceType: string;
  klaviyoId: string;
  /** the item's current name (a removed item keeps its last one) */
  name: string | null;
  parentType: string | null;
  parentId: string | null;
  before: VersionContent | null;
  after: VersionContent | null;
};

/** One span of runs during which an item kept the same content. */
export type VersionSpan = VersionContent & { firstRunId: number; lastRunId: number };

/** Who an id is: the name and type of a stored item, removed ones included (diffs name what was deleted). */
export type NamedItem = { resourceType: string; klaviyoId: string; name: string | null };

type PairRow = Omit<VersionPair, 'before' | 'after'> & {
  aHash: string | null;
  aAttrs: string | null;
  aRels: string | null;
  bHash: string | null;
  bAttrs: string | null;
  bRels: string | null;
};

/**
 * Reading `item_versions` across runs (PRODUCT B3, C1). The state of a workspace at run R is the spans with
 * first ≤ R ≤ last; a span without content is the item's current version, whose content is the item's own.
 */
export function versionQueries(sqlite: BetterSqlite3.Database) {
  // Only items with a span starting after A (new content, or back after a removal) or a span covering A that
  // ended before B (changed or gone) can differ: two index range scans instead of comparing every item.
  const between = sqlite.prepare(
    `WITH cand AS (
       SELECT item_id FROM item_versions
        WHERE workspace_id = @ws AND first_run_id > @a AND first_run_id <= @b
       UNION
       SELECT item_id FROM item_versions
        WHERE workspace_id = @ws AND first_run_id <= @a AND last_run_id >= @a AND last_run_id < @b
     )
     SELECT i.id AS itemId, i.resource_type AS resourceType, i.klaviyo_id AS klaviyoId, i.name,
            i.parent_type AS parentType, i.parent_id AS parentId,
            va.version_hash AS aHash, coalesce(va.attributes_json, i.attributes_json) AS aAttrs,
            coalesce(va.relationships_json, i.relationships_json) AS aRels,
            vb.version_hash AS bHash, coalesce(vb.attributes_json, i.attributes_json) AS bAttrs,
            coalesce(vb.relationships_json, i.relationships_json) AS bRels
       FROM cand c JOIN inventory_items i ON i.id = c.item_id
       -- each side is looked up by item id (the span index), never by scanning the spans for the candidates
       LEFT JOIN item_versions va ON va.item_id = c.item_id AND va.first_run_id <= @a AND va.last_run_id >= @a
       LEFT JOIN item_versions vb ON vb.item_id = c.item_id AND vb.first_run_id <= @b AND vb.last_run_id >= @b
      WHERE va.version_hash IS NOT vb.version_hash
      ORDER BY i.resource_type, i.name COLLATE NOCASE, i.id`,
  );
  const spans = sqlite.prepare(
    `SELECT v.version_hash AS versionHash, v.first_run_id AS firstRunId, v.last_run_id AS lastRunId,
            coalesce(v.attributes_json, i.attributes_json) AS attributesJson,
            coalesce(v.relationships_json, i.relationships_json) AS relationshipsJson
       FROM inventory_items i JOIN item_versions v ON v.item_id = i.id
      WHERE i.workspace_id = ? AND i.resource_type = ? AND i.klaviyo_id = ?
      ORDER BY v.first_run_id, v.id`,
  );

  return {
    /** items whose content at run `fromRunId` differs from their content at `toRunId` (from < to) */
    changedBetween(workspaceId: string, fromRunId: number, toRunId: number): VersionPair[] {
      const rows = between.all({ ws: workspaceId, a: fromRunId, b: toRunId }) as PairRow[];
      return rows.map((r) => ({
        itemId: r.itemId,
        resourceType: r.resourceType,
        klaviyoId: r.klaviyoId,
        name: r.name,
        parentType: r.parentType,
        parentId: r.parentId,
        before:
          r.aHash === null ? null : { versionHash: r.aHash, attributesJson: r.aAttrs!, relationshipsJson: r.aRels! },
        after:
          r.bHash === null ? null : { versionHash: r.bHash, attributesJson: r.bAttrs!, relationshipsJson: r.bRels! },
      }));
    },

    /** every span of one item, oldest first; empty when the item is unknown */
    spansOf(workspaceId: string, resourceType: string, klaviyoId: string): VersionSpan[] {
      return spans.all(workspaceId, resourceType, klaviyoId) as VersionSpan[];
    },

    /** names of stored items by Klaviyo id, among the given types (removed items included) */
    namesOf(workspaceId: string, resourceTypes: string[], ids: string[]): NamedItem[] {
      const out: NamedItem[] = [];
      if (!resourceTypes.length || !ids.length) return out;
      const types = resourceTypes.map(() => '?').join(',');
      // chunks keep the statement under SQLite's parameter limit
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        out.push(
          ...(sqlite
            .prepare(
              `SELECT resource_type AS resourceType, klaviyo_id AS klaviyoId, name FROM inventory_items
                WHERE workspace_id = ? AND resource_type IN (${types}) AND klaviyo_id IN (${chunk.map(() => '?').join(',')})`,
            )
            .all(workspaceId, ...resourceTypes, ...chunk) as NamedItem[]),
        );
      }
      return out;
    },
  };
}
