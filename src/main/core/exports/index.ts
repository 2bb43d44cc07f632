/**
 * Reports as files: the findings or an inventory table as CSV, the audit as PDF. `runExport` / `createExporter`
 * are the one pipeline every front end goes through (via the service's `report:export`); the writers are exported
 * for the benchmarks and tests that measure them alone.
 */
export { createExporter, runExport } from './run-export';
export { INVENTORY_PAGE } from './inventory-pages';
export type { ExportData, ExportOptions, ExportRequest, ExportResult, Exporter } from './run-export';
export { safeCell, looksLikeFormula } from './cell';
export {
  writeCsv,
  writeFindingsCsv,
  writeInventoryCsv,
  findingColumns,
  FINDING_COLUMNS,
  INVENTORY_COLUMNS,
} from './csv';
export type { CsvColumn, InventoryCsvRow } from './csv';
export { writeAuditPdf, findFontDir, clip, NAME_PRINT_LENGTH, LABEL_PRINT_LENGTH } from './pdf';
export type { PdfReportInput, PdfCharts, ChartBar, ChartSeries, ReportBranding, ReportSummary } from './pdf';
export { parseSvgLogo, SvgLogoError } from './pdf';
export { reportSummary } from './summary';
