import type { PdfPage } from './page';
import { staleKept, staleLine } from '../../../../shared/audit/stale';
import { fmtDate, fmtDateTime, scoreColor, SEVERITY_COLOR } from './theme';
import type { PdfReportInput } from './types';

/** The cover: client name on the accent band, the score ring, and the counts and dates behind the score. */
export function drawCover(p: PdfPage, input: PdfReportInput): void {
  const { doc, left, contentW, theme, labels } = p;
  const r = input.result;
  doc.rect(0, 0, p.width, 250).fill(theme.accent);
  doc.fillColor('#ffffff').font('bold').fontSize(13).text(labels.coverKicker, left, 70);
  // the band holds three lines of the name; a longer one is cut with an ellipsis
  doc
    .font('bold')
    .fontSize(30)
    .text(p.name(input.clientName), left, 100, { width: contentW, height: 96, ellipsis: true });
  doc
    .font('body')
    .fontSize(12)
    .text(labels.prepared(fmtDate(input.generatedAt)), left, 200);
  const cy = drawScoreRing(p, r.score);
  let y = cy + 80 + 40;
  doc.fontSize(12).fillColor(theme.ink);
  const line = (s: string) => {
    doc.text(p.printable(s), left, y, { width: contentW, align: 'center' });
    y = doc.y + 6;
  };
  line(labels.counts(r.counts));
  line(labels.coverage(Math.round(r.coverage * 100)));
  if (!r.scored) line(labels.testAccount);
  line(labels.evaluated(fmtDateTime(r.evaluatedAt)));
  if (input.figuresAsOf) line(labels.figuresAsOf(fmtDateTime(input.figuresAsOf)));
  if (input.stale) {
    doc.fillColor(SEVERITY_COLOR.high).font('bold');
    line(staleLine(labels.locale, input.stale, fmtDateTime(input.stale.since)));
    doc.fillColor(theme.ink).font('body');
    line(staleKept(labels.locale));
  }
}

/** The score as a ring filled to its share of 100; returns the ring's centre line. */
function drawScoreRing(p: PdfPage, score: number): number {
  const { doc, theme, labels } = p;
  const cx = p.width / 2;
  const cy = 400;
  const radius = 80;
  doc.lineWidth(14).strokeColor('#e9ecef').circle(cx, cy, radius).stroke();
  const frac = Math.max(0, Math.min(1, score / 100));
  if (frac > 0) {
    const start = -Math.PI / 2;
    const end = start + frac * 2 * Math.PI;
    const steps = Math.max(2, Math.ceil(frac * 90));
    doc.moveTo(cx + radius * Math.cos(start), cy + radius * Math.sin(start));
    for (let i = 1; i <= steps; i++) {
      const a = start + ((end - start) * i) / steps;
      doc.lineTo(cx + radius * Math.cos(a), cy + radius * Math.sin(a));
    }
    doc.lineWidth(14).lineCap('round').strokeColor(scoreColor(score)).stroke();
  }
  doc
    .fillColor(theme.ink)
    .font('bold')
    .fontSize(44)
    .text(String(Math.round(score)), cx - 80, cy - 30, { width: 160, align: 'center' });
  doc
    .font('body')
    .fontSize(11)
    .fillColor(theme.muted)
    .text(labels.overallScore, cx - 80, cy + 22, { width: 160, align: 'center' });
  return cy;
}
