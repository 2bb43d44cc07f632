import { desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { reportExports } from '../schema';

export type ReportExportRow = typeof reportExports.$inferSelect;
export type NewReportExport = Omit<typeof reportExports.$inferInsert, 'id'>;

/** The findings reports exported per workspace, newest last. */
export function reportQueries(db: Db) {
  return {
    record(r: NewReportExport): ReportExportRow {
      return db.insert(reportExports).values(r).returning().get();
    },
    /** the report exported last (the one a client received most recently), or undefined */
    last(workspaceId: string): ReportExportRow | undefined {
      return db
        .select()
        .from(reportExports)
        .where(eq(reportExports.workspaceId, workspaceId))
        .orderBy(desc(reportExports.exportedAt), desc(reportExports.id))
        .limit(1)
        .get();
    },
    list(workspaceId: string, limit = 100): ReportExportRow[] {
      return db
        .select()
        .from(reportExports)
        .where(eq(reportExports.workspaceId, workspaceId))
        .orderBy(desc(reportExports.exportedAt), desc(reportExports.id))
        .limit(limit)
        .all();
    },
  };
}
