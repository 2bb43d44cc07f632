import { eq } from 'drizzle-orm';
import type { Db } from '../store';
import { performanceFigures } from '../store';
import { emptyFigures, type PerformanceFigures } from './figures';

export type FigureKind = keyof PerformanceFigures;

/** The latest figures of each kind for a workspace (what the audit reads), with their fetched-at. */
export function loadFigures(db: Db, workspaceId: string): PerformanceFigures {
  const out = emptyFigures();
  for (const row of db.select().from(performanceFigures).where(eq(performanceFigures.workspaceId, workspaceId)).all()) {
    if (row.kind in out) (out as Record<string, unknown>)[row.kind] = JSON.parse(row.figuresJson);
  }
  return out;
}

export function saveFigures<K extends FigureKind>(
  db: Db,
  workspaceId: string,
  kind: K,
  block: NonNullable<PerformanceFigures[K]>,
): void {
  const fetchedAt = (block as { fetchedAt: number }).fetchedAt;
  db.insert(performanceFigures)
    .values({ workspaceId, kind, fetchedAt, figuresJson: JSON.stringify(block) })
    .onConflictDoUpdate({
      target: [performanceFigures.workspaceId, performanceFigures.kind],
      set: { fetchedAt, figuresJson: JSON.stringify(block) },
    })
    .run();
}
