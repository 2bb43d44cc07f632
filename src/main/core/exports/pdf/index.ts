import type { Writable } from 'node:stream';
import { drawPerformance } from './charts';
import { drawCover } from './cover';
import { drawFindings } from './findings';
import { drawFooters } from './footer';
import { openPdf } from './page';
import { clip, NAME_PRINT_LENGTH } from './print-text';
import { drawScoreSummary } from './score';
import { drawSummary } from './summary';
import { themeFor } from './theme';
import type { PdfProgress, PdfReportInput } from './types';

export { findFontDir } from './page';
export { clip, LABEL_PRINT_LENGTH, NAME_PRINT_LENGTH } from './print-text';
export { REPORT_LABELS, type ReportLabels } from '../report-labels';
export { parseSvgLogo, SvgLogoError } from './svg-logo';
export type {
  ChartBar,
  ChartSeries,
  PdfCharts,
  PdfProgress,
  PdfReportInput,
  ReportBranding,
  ReportSummary,
} from './types';

/**
 * Renders the audit as a PDF (A4) into a Writable, in the report language: cover with the agency's branding,
 * executive summary, score summary, performance charts, findings by area with evidence in words and
 * recommendations, and footers — each section its own function on a shared page context. Vector graphics only;
 * text in an embedded DejaVu Sans; characters the font has no glyph for (most emoji) become "□" instead of
 * corrupting the page. CPU-bound: callers on a screen-serving thread run it in the export worker (see
 * ../run-export.ts).
 */
export async function writeAuditPdf(
  input: PdfReportInput,
  out: Writable,
  progress?: PdfProgress,
): Promise<{ pages: number }> {
  const b = input.branding;
  const p = openPdf({
    title: (labels) => labels.title(clip(input.clientName, NAME_PRINT_LENGTH)),
    lang: input.lang,
    fontDir: input.fontDir,
    theme: themeFor(b?.accentColor),
    currency: input.result.currency,
    ...(b?.agencyName ? { author: clip(b.agencyName, NAME_PRINT_LENGTH) } : {}),
  });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    p.doc.on('error', reject);
  });
  p.doc.pipe(out);
  drawCover(p, input);
  if (input.summary) drawSummary(p, input.result, input.summary);
  drawScoreSummary(p, input.result);
  drawPerformance(p, input.charts);
  drawFindings(p, input.result, progress);
  const pages = drawFooters(p, input.clientName, b?.agencyName);
  p.doc.end();
  await done;
  return { pages };
}
