import type BetterSqlite3 from 'better-sqlite3';

/**
 * An incremental sync fetches only what changed; everything else it saw (its id listing) or that hangs under a
 * parent it did not re-fetch is still there. Those items are carried into the run: their current version span
 * and their last-seen run move to this run, exactly as a full sync's merge of unchanged content would, so the
 * state at this run (spans covering it) holds every item and a diff between two runs reports no false removal.
 *
 * `sync_seen` (TEMP, this connection) holds the ids an id listing found; `sync_carried` what each run carried,
 * per resource, so the children of carried parents can be carried after them.
 */
export function carryQueries(sqlite: BetterSqlite3.Database) {
  sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS sync_seen (
      run_id INTEGER NOT NULL, resource TEXT NOT NULL, klaviyo_id TEXT NOT NULL,
      PRIMARY KEY (run_id, resource, klaviyo_id));
    CREATE TEMP TABLE IF NOT EXISTS sync_carried (
      run_id INTEGER NOT NULL, resource TEXT NOT NULL, item_id INTEGER NOT NULL, klaviyo_id TEXT NOT NULL,
      PRIMARY KEY (run_id, resource, item_id));
    -- children find their carried parent by its Klaviyo id: without this, each child scanned every carried parent
    -- (20,000 campaign messages × 20,000 campaigns at xl)
    CREATE INDEX IF NOT EXISTS temp.sync_carried_by_klaviyo_id ON sync_carried (run_id, resource, klaviyo_id);
  `);
  const seenInsert = sqlite.prepare(
    'INSERT OR IGNORE INTO temp.sync_seen (run_id, resource, klaviyo_id) VALUES (?, ?, ?)',
  );
  const seenTx = sqlite.transaction((runId: number, resource: string, ids: string[]) => {
    for (const id of ids) seenInsert.run(runId, resource, id);
  });
  // live items the id listing saw that this run did not merge (they did not change)
  const pickSeen = sqlite.prepare(
    `INSERT OR IGNORE INTO temp.sync_carried (run_id, resource, item_id, klaviyo_id)
     SELECT @runId, @resource, i.id, i.klaviyo_id FROM temp.sync_seen s
       JOIN inventory_items i ON i.workspace_id = @workspaceId AND i.resource_type = s.resource
                             AND i.klaviyo_id = s.klaviyo_id
      WHERE s.run_id = @runId AND s.resource = @resource AND i.removed_at IS NULL AND i.last_seen_run_id <> @runId`,
  );
  // live children of carried parents that this run did not list (their parent did not change)
  const pickChildren = sqlite.prepare(
    `INSERT OR IGNORE INTO temp.sync_carried (run_id, resource, item_id, klaviyo_id)
     SELECT @runId, @resource, i.id, i.klaviyo_id FROM temp.sync_carried p
       JOIN inventory_items i ON i.workspace_id = @workspaceId AND i.parent_type IN (@parent, @parentType)
                             AND i.parent_id = p.klaviyo_id
      WHERE p.run_id = @runId AND p.resource = @parent AND i.resource_type = @resource
        AND i.removed_at IS NULL AND i.last_seen_run_id <> @runId`,
  );
  // the current span first (it is found by the item's last-seen run), then the item
  const extendSpans = sqlite.prepare(
    `UPDATE item_versions SET last_run_id = @runId
       FROM temp.sync_carried c JOIN inventory_items i ON i.id = c.item_id
      WHERE c.run_id = @runId AND c.resource = @resource AND item_versions.item_id = c.item_id
        AND item_versions.version_hash = i.version_hash AND item_versions.last_run_id = i.last_seen_run_id`,
  );
  const touchItems = sqlite.prepare(
    `UPDATE inventory_items SET last_seen_run_id = @runId
      WHERE id IN (SELECT item_id FROM temp.sync_carried WHERE run_id = @runId AND resource = @resource)`,
  );
  const carryTx = sqlite.transaction(
    (
      p: { workspaceId: string; runId: number; resource: string },
      parent: { resource: string; type: string } | null,
    ): number => {
      const picked = parent
        ? pickChildren.run({ ...p, parent: parent.resource, parentType: parent.type })
        : pickSeen.run(p);
      extendSpans.run({ runId: p.runId, resource: p.resource });
      touchItems.run({ runId: p.runId, resource: p.resource });
      return picked.changes;
    },
  );

  return {
    /** ids one id listing of a run found (staged with the run, dropped with it) */
    stageSeen(runId: number, resource: string, ids: string[]): void {
      if (ids.length) seenTx.immediate(runId, resource, ids);
    },

    /**
     * Carries into the run the items of `resource` it saw but did not fetch (`parent` null), or the children of
     * the parents it carried (`parent`: the parent resource, and its items' type, either of which a child's
     * parent_type names). Returns how many items were carried.
     */
    carryForward(
      workspaceId: string,
      runId: number,
      resource: string,
      parent: { resource: string; type: string } | null,
    ): number {
      return carryTx.immediate({ workspaceId, runId, resource }, parent);
    },

    dropCarry(runId: number): void {
      sqlite.prepare('DELETE FROM temp.sync_seen WHERE run_id = ?').run(runId);
      sqlite.prepare('DELETE FROM temp.sync_carried WHERE run_id = ?').run(runId);
    },

    /** the stored update time of each live item of a resource (what an id listing compares against) */
    updateTimes(workspaceId: string, resource: string): Map<string, string | null> {
      const rows = sqlite
        .prepare(
          `SELECT klaviyo_id AS id, updated_at AS u FROM inventory_items
            WHERE workspace_id = ? AND resource_type = ? AND removed_at IS NULL`,
        )
        .all(workspaceId, resource) as { id: string; u: string | null }[];
      return new Map(rows.map((r) => [r.id, r.u]));
    },
  };
}
