import type { Writable } from 'node:stream';
import { AppError } from '../../../shared/errors';
import { auditWorkspace, buildAuditInput, latestAudit } from '../audit';
import type { Store } from '../store';
import { chartsFromInput, oldestFigures } from './charts';
import { writeFindingsCsv, writeInventoryCsv, type InventoryCsvRow } from './csv';
import { writeAuditPdf } from './pdf';

export { writeCsv, writeFindingsCsv, writeInventoryCsv, FINDING_COLUMNS, INVENTORY_COLUMNS } from './csv';
export { writeAuditPdf, findFontDir } from './pdf';
export { chartsFromInput, oldestFigures, dashboardCharts } from './charts';

export type ReportRequest = {
  workspaceId: string;
  format: 'csv' | 'pdf';
  /** csv only: an inventory resource type instead of the findings */
  inventoryType?: string;
};

/** Inventory rows pulled page by page, so a 100,000-row export never loads the table at once. */
export function* inventoryRows(ctx: { store: Store }, workspaceId: string, resourceType: string) {
  const page = 2000;
  for (let offset = 0; ; offset += page) {
    const rows = ctx.store.inventory.list({
      workspaceId,
      resourceType,
      limit: page,
      offset,
      sort: { field: 'name', direction: 'asc' },
    });
    for (const r of rows) {
      const row: InventoryCsvRow = {
        resourceType: r.resourceType,
        klaviyoId: r.klaviyoId,
        name: r.name,
        status: r.status,
        channel: r.channel,
        triggerType: r.triggerType,
        archived: r.archived,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        attributesJson: JSON.stringify(r.attributes),
      };
      yield row;
    }
    if (rows.length < page) return;
  }
}

/**
 * Writes the workspace's report (the same code for the app's save dialog, the web download and the CLI):
 * CSV of findings or of an inventory table, or the PDF. Uses the latest stored audit, auditing first when none
 * exists yet.
 */
export async function writeReport(
  ctx: { store: Store; clock: { now(): number } },
  req: ReportRequest,
  out: Writable,
): Promise<{ rows?: number; pages?: number }> {
  const ws = ctx.store.workspaces.get(req.workspaceId);
  if (!ws) throw new AppError('not_found', 'No such workspace.', { details: { workspaceId: req.workspaceId } });
  if (req.format === 'csv' && req.inventoryType)
    return writeInventoryCsv(inventoryRows(ctx, ws.id, req.inventoryType), out);
  const stored = latestAudit(ctx.store.db, ws.id);
  const result = stored?.result ?? auditWorkspace(ctx.store, ws.id, ctx.clock.now()).result;
  if (req.format === 'csv') return writeFindingsCsv(result, out);
  const { input } = buildAuditInput(ctx.store, ws.id, ctx.clock.now());
  return writeAuditPdf(
    {
      clientName: ws.name,
      generatedAt: ctx.clock.now(),
      result,
      charts: chartsFromInput(input),
      figuresAsOf: oldestFigures(input),
    },
    out,
  );
}
