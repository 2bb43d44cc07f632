import { createHash } from 'node:crypto';
import { openDatabase, type OpenDatabaseOptions, type StoreDatabase } from './db';
import { carryQueries } from './queries/carry';
import { cursorQueries } from './queries/cursors';
import { findingQueries } from './queries/findings';
import { historyQueries } from './queries/history';
import { reportQueries } from './queries/reports';
import { brandingQueries } from './queries/branding';
import { inventoryQueries } from './queries/inventory';
import { inventoryReadQueries } from './queries/inventory-read';
import { outboxKindQueries, outboxQueries } from './queries/outbox';
import { runQueries } from './queries/runs';
import { sizeQueries } from './queries/sizes';
import { snapshotQueries } from './queries/snapshots';
import { trendQueries } from './queries/trends';
import { versionQueries } from './queries/versions';
import { workspaceQueries } from './queries/workspaces';

export { openDatabase, findMigrationsFolder } from './db';
export type { Db, OpenDatabaseOptions, StoreDatabase } from './db';
export { inventoryRowOf } from './inventory-row';
export { canonicalJson, versionHash, wellFormedOrNull, isTooDeep, MAX_JSON_DEPTH } from './canonical';
/** The tables of the audit and its figures, whose queries still live with those domains. */
export { auditRuns, auditFindings, auditManualAnswers, performanceFigures, reportingBudget } from './schema/audit';
export type * from './queries/cursors';
export type * from './queries/findings';
export type * from './queries/history';
export type * from './queries/branding';
export type * from './queries/inventory';
export type * from './queries/inventory-read';
export type * from './queries/outbox';
export type * from './queries/reports';
export { OPEN_OUTBOX_STATES } from './queries/outbox';
export type * from './queries/runs';
export type * from './queries/sizes';
export { sizeKey } from './queries/sizes';
export type * from './queries/snapshots';
export type * from './queries/trends';
export type * from './queries/versions';
export type * from './queries/workspaces';

/** The one place that touches SQLite: typed query groups per domain on one connection. */
export type Store = ReturnType<typeof createStore>;

export function createStore(database: StoreDatabase) {
  const { db, sqlite } = database;
  return {
    database,
    db,
    workspaces: workspaceQueries(db),
    runs: runQueries(db),
    inventory: { ...inventoryQueries(sqlite), ...inventoryReadQueries(sqlite), ...carryQueries(sqlite) },
    /** where each resource's next incremental listing starts */
    cursors: cursorQueries(db),
    /** strategists' decisions on findings (accepted, snoozed, notes), kept across audits */
    findings: findingQueries(db),
    /** the findings reports exported (when, language, score, audit), for the next report's summary */
    reports: reportQueries(db),
    /** the agency's name, logo and colour on its reports */
    branding: brandingQueries(db),
    /** items' versions across runs: what changed between two syncs, an item's history */
    versions: versionQueries(sqlite),
    /** what each run received or sent (C1): snapshots, and the manifest reads that build and rebuild them */
    snapshots: snapshotQueries(sqlite),
    /** the lean reads behind the history's analytics and health report */
    history: historyQueries(sqlite),
    /** figures captured at every sync (sizes, statuses, findings, score), charted over time */
    trends: trendQueries(sqlite),
    /** list and segment sizes (asked after a sync, apart from the items' versions) and their refreshes */
    sizes: sizeQueries(sqlite),
    /** queued changes for Klaviyo, their conflicts and paused queues */
    outbox: { ...outboxQueries(db), ...outboxKindQueries(db) },
    /**
     * runs fn in one synchronous SQLite transaction (e.g. a local change plus its outbox row). It takes the write
     * lock at BEGIN: SQLite never waits (busy_timeout) for a read transaction to become a write one, so a
     * function that reads before it writes would fail at once while the sync worker or the CLI writes.
     */
    transaction<T>(fn: () => T): T {
      return sqlite.transaction(fn).immediate();
    },
    /**
     * sha256 over every row of the given tables in primary-key order: "unchanged byte for byte" in tests and
     * a cheap integrity fingerprint for support.
     */
    tableDigest(tables: string[]): string {
      const h = createHash('sha256');
      for (const t of tables) {
        if (!/^[a-z_]+$/.test(t)) throw new Error(`bad table name ${t}`);
        h.update(`#${t}\n`);
        for (const row of sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).iterate()) {
          h.update(JSON.stringify(row));
          h.update('\n');
        }
      }
      return h.digest('hex');
    },
    /**
     * Copies the whole WAL into the database file and truncates it to nothing, waiting (busy_timeout) for readers
     * of older snapshots. After a sync, so the data folder does not keep the sync's burst of writes as WAL.
     * False when a reader still held the WAL: it is then cut back at its next restart (journal_size_limit).
     */
    settleWal(): boolean {
      if (database.file === ':memory:') return true;
      const [r] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return r?.busy === 0;
    },
    integrityCheck(): string {
      return (sqlite.pragma('integrity_check', { simple: true }) as string) ?? 'unknown';
    },
    close(): Promise<void> {
      return database.close();
    },
  };
}

/** Opens the file, applies migrations and returns the store. */
export function openStore(file: string, opts: OpenDatabaseOptions = {}): Store {
  return createStore(openDatabase(file, opts));
}
