import type { AuditResult, AuditStaleness } from '../../audit';

export type ChartBar = { label: string; value: number; note?: string };
export type ChartSeries = { label: string; values: number[] };

export type PdfCharts = {
  flowRevenue?: ChartBar[];
  campaignRevenue?: ChartBar[];
  /** trigger-metric daily counts, oldest first, with the first date */
  metricVolume?: { startDate: string; series: ChartSeries[] };
};

/** Everything the PDF shows: plain data, so it can be handed to a worker thread as it is. */
export type PdfReportInput = {
  clientName: string;
  generatedAt: number;
  result: AuditResult;
  /** set when the syncs after the audited one failed or stopped early: the cover says so */
  stale?: AuditStaleness | null;
  /** "Figures as of" line for the cover (oldest performance figures used) */
  figuresAsOf?: number | null;
  charts?: PdfCharts;
  /** directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (default: resources/fonts of the app) */
  fontDir?: string;
};

/** How far the writer is: the findings drawn so far of all. */
export type PdfProgress = (done: number, total: number) => void;
