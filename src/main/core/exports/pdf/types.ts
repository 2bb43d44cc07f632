import type { ChangeMessage } from '../../../../shared/contract/changes';
import type { Language } from '../../../../shared/contract/primitives';
import type { AuditCharts, AuditResult, AuditStaleness } from '../../audit';

export type { ChartBar, ChartSeries } from '../../audit';
export type PdfCharts = AuditCharts;

/** The agency's identity on the cover and the footers; every part optional. */
export type ReportBranding = {
  agencyName: string | null;
  preparedBy: string | null;
  /** "#rrggbb" */
  accentColor: string | null;
  logo: { mimeType: 'image/png' | 'image/svg+xml'; data: Uint8Array } | null;
};

/** The executive summary's facts, gathered on the thread that owns the store (see ../summary.ts). */
export type ReportSummary = {
  /**
   * what the score is compared with: the last exported report (its export time) when one was exported, else the
   * audit before this one
   */
  previous: { score: number; evaluatedAt: number; kind?: 'audit' | 'report' } | null;
  /** failing findings that cost the most points, most first (at most five) */
  topActions: { ruleId: string; points: number }[];
  /** what changed between the last two complete syncs; null before the second one */
  changes: {
    from: number;
    to: number;
    counts: { added: number; removed: number; modified: number };
    total: number;
    /** the first few changed items, with their sentences as messages (worded in the report language) */
    items: { type: string; name: string | null; kind: 'added' | 'removed' | 'modified'; summary: ChangeMessage[] }[];
    /** resources one of the two syncs did not read completely */
    incomplete: string[];
  } | null;
};

/** Everything the PDF shows: plain data, so it can be handed to a worker thread as it is. */
export type PdfReportInput = {
  clientName: string;
  generatedAt: number;
  result: AuditResult;
  /** set when the syncs after the audited one failed or stopped early: the cover says so */
  stale?: AuditStaleness | null;
  /** the report's language (default English) */
  lang?: Language;
  branding?: ReportBranding;
  summary?: ReportSummary;
  /** "Figures as of" line for the cover (oldest performance figures used) */
  figuresAsOf?: number | null;
  charts?: PdfCharts;
  /** directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (default: resources/fonts of the app) */
  fontDir?: string;
};

/** How far the writer is: the findings drawn so far of all. */
export type PdfProgress = (done: number, total: number) => void;
