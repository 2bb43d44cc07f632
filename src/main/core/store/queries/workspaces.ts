import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db';
import { workspaces } from '../schema';

export type WorkspaceRow = typeof workspaces.$inferSelect;
export type NewWorkspaceRow = typeof workspaces.$inferInsert;

export function workspaceQueries(db: Db) {
  return {
    insert(row: NewWorkspaceRow): WorkspaceRow {
      return db.insert(workspaces).values(row).returning().get();
    },
    list(opts: { includeArchived?: boolean } = {}): WorkspaceRow[] {
      const q = db.select().from(workspaces);
      return (opts.includeArchived ? q : q.where(eq(workspaces.archived, false)))
        .orderBy(asc(sql`lower(${workspaces.name})`))
        .all();
    },
    get(id: string): WorkspaceRow | undefined {
      return db.select().from(workspaces).where(eq(workspaces.id, id)).get();
    },
    /** case-insensitive name lookup (names are unique per data folder, ignoring case) */
    byName(name: string): WorkspaceRow | undefined {
      return db
        .select()
        .from(workspaces)
        .where(sql`lower(${workspaces.name}) = lower(${name})`)
        .get();
    },
    update(id: string, patch: Partial<Omit<NewWorkspaceRow, 'id' | 'createdAt'>>): WorkspaceRow | undefined {
      return db.update(workspaces).set(patch).where(eq(workspaces.id, id)).returning().get();
    },
    /** deletes the workspace; foreign keys cascade to items, versions, runs, stage, snapshots, cursors */
    remove(id: string): boolean {
      return (
        db
          .delete(workspaces)
          .where(and(eq(workspaces.id, id)))
          .run().changes > 0
      );
    },
  };
}
