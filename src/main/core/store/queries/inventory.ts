import type BetterSqlite3 from 'better-sqlite3';
import { wellFormedOrNull as text } from '../canonical';

/** The typed columns every inventory item carries: what the app filters, sorts and exports on. */
export type InventoryTypedColumns = {
  resourceType: string;
  klaviyoId: string;
  name: string | null;
  status: string | null;
  channel: string | null;
  triggerType: string | null;
  /** flow actions: the definition's type (send-email, time-delay, conditional-split…); other items have none */
  actionType?: string | null;
  archived: boolean | null;
  createdAt: string | null;
  updatedAt: string | null;
};

/** One item as the sync hands it to the store (typed columns already extracted, JSON already canonical). */
export type StagedItem = InventoryTypedColumns & {
  parentType: string | null;
  parentId: string | null;
  attributesJson: string;
  relationshipsJson: string;
  /** every typed column the resource definition declares, by name (JSON object); null when staged without one */
  columnsJson?: string | null;
  versionHash: string;
};

export type MergeCounts = { added: number; changed: number; unchanged: number };

const boolToInt = (b: boolean | null): number | null => (b === null ? null : b ? 1 : 0);

/** The stage: TEMP tables of this connection and the one transaction that writes a page into them. */
function stageTransaction(sqlite: BetterSqlite3.Database) {
  // The stage of running syncs is a TEMP table: private to this connection, never journaled to the WAL, gone when
  // the process dies. That is exactly its lifetime (a killed run's staged rows are worthless), and it halves the
  // bytes a sync writes to the database file. temp_store=FILE keeps it out of the heap for xl accounts.
  sqlite.pragma('temp_store = FILE');
  sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS sync_stage (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      run_id INTEGER NOT NULL, resource TEXT NOT NULL, resource_type TEXT NOT NULL, klaviyo_id TEXT NOT NULL,
      name TEXT, status TEXT, channel TEXT, trigger_type TEXT, action_type TEXT, archived INTEGER, created_at TEXT,
      updated_at TEXT, parent_type TEXT, parent_id TEXT, attributes_json TEXT NOT NULL, relationships_json TEXT NOT NULL,
      columns_json TEXT, version_hash TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS temp.sync_stage_run_idx ON sync_stage (run_id, resource);
    CREATE TEMP TABLE IF NOT EXISTS sync_stage_progress (
      run_id INTEGER NOT NULL, resource TEXT NOT NULL, parent_id TEXT NOT NULL,
      PRIMARY KEY (run_id, resource, parent_id));
  `);
  // positional parameters: binding by name and spreading each row into a parameter object cost a third of staging
  const stageInsert = sqlite.prepare(
    `INSERT INTO temp.sync_stage (run_id, resource, resource_type, klaviyo_id, name, status, channel, trigger_type,
       action_type, archived, created_at, updated_at, parent_type, parent_id, attributes_json, relationships_json,
       columns_json, version_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const progressInsert = sqlite.prepare(
    'INSERT OR IGNORE INTO temp.sync_stage_progress (run_id, resource, parent_id) VALUES (?, ?, ?)',
  );
  const stagePageTx = sqlite.transaction(
    (runId: number, resource: string, items: StagedItem[], parentDone: string | undefined) => {
      for (const it of items) {
        stageInsert.run(
          runId,
          resource,
          // typed columns as Klaviyo sent them, made valid where they are not (a lone surrogate has no UTF-8)
          text(it.resourceType),
          text(it.klaviyoId),
          text(it.name),
          text(it.status),
          text(it.channel),
          text(it.triggerType),
          text(it.actionType ?? null),
          boolToInt(it.archived),
          text(it.createdAt),
          text(it.updatedAt),
          text(it.parentType),
          text(it.parentId),
          it.attributesJson,
          it.relationshipsJson,
          it.columnsJson ?? null,
          it.versionHash,
        );
      }
      if (parentDone !== undefined) progressInsert.run(runId, resource, parentDone);
    },
  );
  return stagePageTx;
}

/** The merge of one chunk of the stage: its TEMP table, its statements and the transaction that runs them. */
function mergeChunkStatements(sqlite: BetterSqlite3.Database) {
  // The merge is set-based: a few INSERT … SELECT / UPDATE … FROM statements per chunk of the stage, so the rows'
  // content goes from the stage to the inventory inside SQLite and no statement runs once per row from JavaScript
  // (row-at-a-time INSERT … SELECT from the TEMP schema costs five times a set-based one).
  // `sync_merge_chunk` holds one chunk: the first occurrence of each staged item, with the item it lands on.
  sqlite.exec(`
    CREATE TEMP TABLE IF NOT EXISTS sync_merge_chunk (
      seq INTEGER PRIMARY KEY, item_id INTEGER, new_hash TEXT NOT NULL, old_hash TEXT, old_last_run INTEGER,
      old_removed_at INTEGER);
  `);
  const chunkBounds = sqlite.prepare(
    `SELECT max(seq) AS hi, count(*) AS n FROM (SELECT seq FROM temp.sync_stage
     WHERE run_id = @runId AND resource = @resource AND seq > @afterSeq ORDER BY seq LIMIT @limit)`,
  );
  const chunkClear = sqlite.prepare('DELETE FROM temp.sync_merge_chunk');
  // An item listed twice in one run counts once (its first occurrence); one already merged by this run (another
  // resource listed it too) is skipped: its last_seen_run_id is this run already.
  const chunkFill = sqlite.prepare(
    `INSERT INTO temp.sync_merge_chunk (seq, item_id, new_hash, old_hash, old_last_run, old_removed_at)
     SELECT s.seq, i.id, s.version_hash, i.version_hash, i.last_seen_run_id, i.removed_at
     FROM (SELECT min(seq) AS seq FROM temp.sync_stage
           WHERE run_id = @runId AND resource = @resource AND seq > @afterSeq AND seq <= @hi
           GROUP BY resource_type, klaviyo_id) f
     JOIN temp.sync_stage s ON s.seq = f.seq
     LEFT JOIN inventory_items i
       ON i.workspace_id = @workspaceId AND i.resource_type = s.resource_type AND i.klaviyo_id = s.klaviyo_id
     WHERE i.id IS NULL OR i.last_seen_run_id <> @runId`,
  );
  const chunkCounts = sqlite.prepare(
    `SELECT count(*) FILTER (WHERE item_id IS NULL OR (old_hash = new_hash AND old_removed_at IS NOT NULL)) AS added,
       count(*) FILTER (WHERE item_id IS NOT NULL AND old_hash <> new_hash) AS changed,
       count(*) FILTER (WHERE item_id IS NOT NULL AND old_hash = new_hash AND old_removed_at IS NULL) AS unchanged
     FROM temp.sync_merge_chunk`,
  );
  const itemsInsert = sqlite.prepare(
    `INSERT INTO inventory_items (workspace_id, resource_type, klaviyo_id, name, status, channel, trigger_type,
       action_type, archived, created_at, updated_at, parent_type, parent_id, attributes_json, relationships_json,
       columns_json, version_hash, first_seen_run_id, last_seen_run_id)
     SELECT @workspaceId, s.resource_type, s.klaviyo_id, s.name, s.status, s.channel, s.trigger_type, s.action_type,
       s.archived, s.created_at, s.updated_at, s.parent_type, s.parent_id, s.attributes_json, s.relationships_json,
       s.columns_json, s.version_hash, @runId, @runId
     FROM temp.sync_merge_chunk m JOIN temp.sync_stage s ON s.seq = m.seq WHERE m.item_id IS NULL ORDER BY m.seq`,
  );
  // New items get consecutive ids in the order inserted (AUTOINCREMENT, one statement, inside the transaction),
  // so their first spans are numbered from the insert's last rowid instead of looked up again by key.
  const versionsStartNew = sqlite.prepare(
    `INSERT INTO item_versions (item_id, workspace_id, version_hash, first_run_id, last_run_id)
     SELECT @firstId - 1 + row_number() OVER (ORDER BY seq), @workspaceId, new_hash, @runId, @runId
     FROM temp.sync_merge_chunk WHERE item_id IS NULL ORDER BY seq`,
  );
  // before an item's content is replaced, its current span keeps a copy of the old content
  const versionsFreeze = sqlite.prepare(
    `UPDATE item_versions SET attributes_json = i.attributes_json, relationships_json = i.relationships_json
     FROM temp.sync_merge_chunk m JOIN inventory_items i ON i.id = m.item_id
     WHERE m.old_hash <> m.new_hash AND item_versions.item_id = m.item_id AND item_versions.attributes_json IS NULL`,
  );
  const itemsReplace = sqlite.prepare(
    `UPDATE inventory_items SET (name, status, channel, trigger_type, action_type, archived, created_at, updated_at,
       parent_type, parent_id, attributes_json, relationships_json, columns_json, version_hash) =
       (s.name, s.status, s.channel, s.trigger_type, s.action_type, s.archived, s.created_at, s.updated_at,
        s.parent_type, s.parent_id, s.attributes_json, s.relationships_json, s.columns_json, s.version_hash),
       last_seen_run_id = @runId, removed_at = NULL, removed_run_id = NULL
     FROM temp.sync_merge_chunk m JOIN temp.sync_stage s ON s.seq = m.seq
     WHERE inventory_items.id = m.item_id AND m.old_hash <> m.new_hash`,
  );
  const itemsTouch = sqlite.prepare(
    `UPDATE inventory_items SET last_seen_run_id = @runId, removed_at = NULL, removed_run_id = NULL,
       parent_type = s.parent_type, parent_id = s.parent_id, channel = s.channel, action_type = s.action_type,
       columns_json = s.columns_json
     FROM temp.sync_merge_chunk m JOIN temp.sync_stage s ON s.seq = m.seq
     WHERE inventory_items.id = m.item_id AND m.old_hash = m.new_hash`,
  );
  // Unchanged content extends the current span; an item back after a removal starts a new one (it did not exist
  // in the runs in between), as does a changed item. A new span starts without content: it is the item's current
  // content (see item_versions in the schema).
  const versionsExtend = sqlite.prepare(
    `UPDATE item_versions SET last_run_id = @runId
     FROM temp.sync_merge_chunk m
     WHERE m.old_hash = m.new_hash AND m.old_removed_at IS NULL AND item_versions.item_id = m.item_id
       AND item_versions.version_hash = m.new_hash AND item_versions.last_run_id = m.old_last_run`,
  );
  const versionsStart = sqlite.prepare(
    `INSERT INTO item_versions (item_id, workspace_id, version_hash, first_run_id, last_run_id)
     SELECT m.item_id, @workspaceId, m.new_hash, @runId, @runId FROM temp.sync_merge_chunk m
     WHERE m.item_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM item_versions v
                       WHERE v.item_id = m.item_id AND v.version_hash = m.new_hash AND v.last_run_id = @runId)
     ORDER BY m.seq
     ON CONFLICT (item_id, version_hash, first_run_id) DO UPDATE SET last_run_id = excluded.last_run_id`,
  );

  const mergeChunkTx = sqlite.transaction(
    (p: { workspaceId: string; runId: number; resource: string; afterSeq: number; hi: number }): MergeCounts => {
      chunkClear.run();
      chunkFill.run(p);
      const counts = chunkCounts.get() as MergeCounts;
      const { workspaceId, runId } = p;
      // order matters: old content is frozen before it is replaced, spans extended before new ones start
      if (counts.added) {
        const ins = itemsInsert.run({ workspaceId, runId });
        if (ins.changes) {
          const firstId = Number(ins.lastInsertRowid) - ins.changes + 1;
          versionsStartNew.run({ firstId, workspaceId, runId });
        }
      }
      versionsFreeze.run();
      itemsReplace.run({ runId });
      itemsTouch.run({ runId });
      versionsExtend.run({ runId });
      versionsStart.run({ workspaceId, runId });
      chunkClear.run();
      return counts;
    },
  );
  return { chunkBounds, mergeChunkTx };
}

/** Writing, counting and dropping a run's stage (a TEMP table: see stageTransaction). */
function stageQueries(sqlite: BetterSqlite3.Database) {
  const stagePageTx = stageTransaction(sqlite);
  return {
    /**
     * Writes one page of a running sync into its stage, in one transaction. `parentDone` records, in that same
     * transaction, that this was the last page of that parent's children (a retry skips the parent).
     */
    stagePage(runId: number, resource: string, items: StagedItem[], opts: { parentDone?: string } = {}): void {
      // IMMEDIATE: another connection of the process (the screens' thread) writes too; a deferred transaction
      // that read before it wrote could not wait for that writer and would fail with SQLITE_BUSY
      if (items.length || opts.parentDone !== undefined) stagePageTx.immediate(runId, resource, items, opts.parentDone);
    },

    stagedCount(runId: number, resource?: string): number {
      const row = (
        resource === undefined
          ? sqlite.prepare('SELECT count(*) AS n FROM temp.sync_stage WHERE run_id = ?').get(runId)
          : sqlite
              .prepare('SELECT count(*) AS n FROM temp.sync_stage WHERE run_id = ? AND resource = ?')
              .get(runId, resource)
      ) as { n: number };
      return row.n;
    },

    /** ids (type + id) staged for one resource of a run: e.g. the flows whose children a resumed run must list */
    stagedIds(runId: number, resource: string): { resourceType: string; klaviyoId: string }[] {
      return sqlite
        .prepare(
          'SELECT resource_type AS resourceType, klaviyo_id AS klaviyoId FROM temp.sync_stage WHERE run_id = ? AND resource = ? ORDER BY seq',
        )
        .all(runId, resource) as { resourceType: string; klaviyoId: string }[];
    },

    dropStage(runId: number): void {
      // Alone on the stage (the usual case), an unqualified DELETE lets SQLite truncate the table instead of
      // deleting row by row: a tenth of the time on an xl stage.
      const others = sqlite.prepare('SELECT 1 FROM temp.sync_stage WHERE run_id <> ? LIMIT 1').get(runId);
      sqlite
        .prepare(others ? 'DELETE FROM temp.sync_stage WHERE run_id = ?' : 'DELETE FROM temp.sync_stage')
        .run(...(others ? [runId] : []));
      sqlite.prepare('DELETE FROM temp.sync_stage_progress WHERE run_id = ?').run(runId);
    },

    /** keeps the per-parent progress of a partial run (after its merge), so a retry can skip those parents */
    persistProgress(runId: number): void {
      sqlite
        .prepare(
          `INSERT OR IGNORE INTO sync_run_progress (run_id, resource, parent_id)
           SELECT run_id, resource, parent_id FROM temp.sync_stage_progress WHERE run_id = ?`,
        )
        .run(runId);
    },
  };
}

/** Moving a run's stage into the inventory, and removals after a complete listing. */
function mergeQueries(sqlite: BetterSqlite3.Database) {
  const { chunkBounds, mergeChunkTx } = mergeChunkStatements(sqlite);
  return {
    /**
     * Moves the staged rows of one resource into the inventory, one chunk per transaction, yielding to the event
     * loop between transactions (a merge of 20,000 campaigns must not freeze the app). The chunk size adapts so
     * that a transaction takes about `budgetMs`: rows differ a lot in size and machines in speed.
     */
    async mergeStaged(
      workspaceId: string,
      runId: number,
      resource: string,
      opts: { chunkSize?: number; budgetMs?: number; yieldFn?: () => Promise<void> } = {},
    ): Promise<MergeCounts> {
      const counts: MergeCounts = { added: 0, changed: 0, unchanged: 0 };
      const fixed = opts.chunkSize;
      let limit = fixed ?? 500;
      const budgetMs = opts.budgetMs ?? 25;
      const yieldFn = opts.yieldFn ?? (() => new Promise<void>((r) => setImmediate(r)));
      let afterSeq = 0;
      for (;;) {
        const { hi, n } = chunkBounds.get({ runId, resource, afterSeq, limit }) as { hi: number | null; n: number };
        if (!n || hi === null) break;
        const t0 = performance.now();
        // IMMEDIATE: the chunk reads the inventory before it writes it (see stagePage)
        const c = mergeChunkTx.immediate({ workspaceId, runId, resource, afterSeq, hi });
        const ms = performance.now() - t0;
        counts.added += c.added;
        counts.changed += c.changed;
        counts.unchanged += c.unchanged;
        afterSeq = hi;
        if (n < limit) break;
        if (fixed === undefined)
          limit = Math.round(Math.min(5000, Math.max(50, (limit * budgetMs) / Math.max(ms, 0.5))));
        await yieldFn();
      }
      return counts;
    },

    /**
     * After a complete listing: marks removed the items of these types that no run of `seenRunIds` (this run and
     * the runs it resumed) saw. Optionally limited to children of the given parents.
     */
    markRemoved(
      workspaceId: string,
      resourceTypes: string[],
      seenRunIds: number[],
      runId: number,
      now: number,
    ): number {
      if (!resourceTypes.length) return 0;
      const types = resourceTypes.map(() => '?').join(',');
      const runs = seenRunIds.map(() => '?').join(',');
      return sqlite
        .prepare(
          `UPDATE inventory_items SET removed_at = ?, removed_run_id = ?
           WHERE workspace_id = ? AND resource_type IN (${types}) AND removed_at IS NULL
             AND last_seen_run_id NOT IN (${runs})`,
        )
        .run(now, runId, workspaceId, ...resourceTypes, ...seenRunIds).changes;
    },
  };
}

/** Per-parent progress kept for a retry, and the parents a resumed child listing must visit. */
function progressQueries(sqlite: BetterSqlite3.Database) {
  return {
    /** parents whose children were listed completely by any of these runs */
    doneParents(runIds: number[], resource: string): Set<string> {
      if (!runIds.length) return new Set();
      const rows = sqlite
        .prepare(
          `SELECT parent_id AS p FROM sync_run_progress WHERE resource = ? AND run_id IN (${runIds.map(() => '?').join(',')})`,
        )
        .all(resource, ...runIds) as { p: string }[];
      return new Set(rows.map((r) => r.p));
    },

    /** ids of live items of a resource last seen by one of these runs (parents of a resumed child listing) */
    idsSeenBy(workspaceId: string, resourceType: string, runIds: number[]): string[] {
      if (!runIds.length) return [];
      return (
        sqlite
          .prepare(
            `SELECT klaviyo_id AS id FROM inventory_items WHERE workspace_id = ? AND resource_type = ? AND removed_at IS NULL
             AND last_seen_run_id IN (${runIds.map(() => '?').join(',')}) ORDER BY id`,
          )
          .all(workspaceId, resourceType, ...runIds) as { id: string }[]
      ).map((r) => r.id);
    },

    /** forgets the per-parent progress of runs nobody will resume any more */
    dropProgress(runIds: number[]): void {
      if (!runIds.length) return;
      sqlite
        .prepare(`DELETE FROM sync_run_progress WHERE run_id IN (${runIds.map(() => '?').join(',')})`)
        .run(...runIds);
    },
  };
}

/**
 * Staging and merging the inventory (its reads are in inventory-read.ts). Prepared statements on the raw
 * connection: this is the hot path of a sync (tens of thousands of rows), where drizzle's query building per row
 * would cost more than SQLite.
 */
export function inventoryQueries(sqlite: BetterSqlite3.Database) {
  // the stage's tables first: the merge's statements read them
  const stage = stageQueries(sqlite);
  return { ...stage, ...mergeQueries(sqlite), ...progressQueries(sqlite) };
}
