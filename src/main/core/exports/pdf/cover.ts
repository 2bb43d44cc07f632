import { drawLogo } from './logo';
import type { PdfPage } from './page';
import { staleKept, staleLine } from '../../../../shared/audit/stale';
import { scoreColor, SEVERITY_COLOR } from './theme';
import type { PdfReportInput } from './types';

const BAND_H = 270;

/**
 * The cover: the agency's logo and name, the client's name on the accent band, who prepared it and when, the
 * score ring, and the counts and dates behind the score.
 */
export function drawCover(p: PdfPage, input: PdfReportInput): void {
  const { doc, left, contentW, theme, labels, fmt } = p;
  const r = input.result;
  const b = input.branding;
  doc.rect(0, 0, p.width, BAND_H).fill(theme.accent);
  let top = 44;
  if (b?.logo) {
    // a logo is drawn for white paper: it sits on a white plate, whatever the accent
    doc.roundedRect(left - 8, top - 8, 176, 64, 6).fill('#ffffff');
    drawLogo(p, b.logo, left, top, 160, 48);
  }
  if (b?.agencyName)
    doc
      .fillColor(theme.onAccent)
      .font('bold')
      .fontSize(12)
      .text(p.name(b.agencyName, 80), left + contentW / 2, top + 16, {
        width: contentW / 2,
        align: 'right',
        lineBreak: false,
        ellipsis: true,
      });
  top = b?.logo ? 124 : 80;
  doc.fillColor(theme.onAccent).font('bold').fontSize(12).text(labels.coverKicker, left, top);
  // the band holds two lines of the name; a longer one is cut with an ellipsis
  doc
    .font('bold')
    .fontSize(26)
    .text(p.name(input.clientName), left, top + 20, { width: contentW, height: 66, ellipsis: true });
  const byline = [labels.prepared(fmt.date(input.generatedAt))];
  if (b?.preparedBy) byline.push(labels.preparedBy(b.preparedBy));
  doc
    .font('body')
    .fontSize(11)
    .text(p.name(byline.join(' · '), 160), left, BAND_H - 34, { width: contentW, lineBreak: false, ellipsis: true });
  const cy = drawScoreRing(p, r.score);
  let y = cy + 80 + 40;
  doc.fontSize(12).fillColor(theme.ink);
  const line = (s: string) => {
    doc.text(p.printable(s), left, y, { width: contentW, align: 'center' });
    y = doc.y + 6;
  };
  const n = (x: number) => fmt.num(x);
  line(
    labels.counts({
      fail: n(r.counts.fail),
      pass: n(r.counts.pass),
      unknown: n(r.counts.unknown),
      critical: n(r.counts.critical),
    }),
  );
  line(labels.coverage(fmt.share(r.coverage)));
  if (!r.scored) line(labels.testAccount);
  line(labels.evaluated(fmt.dateTime(r.evaluatedAt)));
  if (input.figuresAsOf) line(labels.figuresAsOf(fmt.dateTime(input.figuresAsOf)));
  if (input.stale) {
    doc.fillColor(SEVERITY_COLOR.high).font('bold');
    line(staleLine(labels.locale, input.stale, isoMinute(input.stale.since)));
    doc.fillColor(theme.ink).font('body');
    line(staleKept(labels.locale));
  }
}

/** The score as a ring filled to its share of 100; returns the ring's centre line. */
function drawScoreRing(p: PdfPage, score: number): number {
  const { doc, theme, labels } = p;
  const cx = p.width / 2;
  const cy = 420;
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

/** "2026-11-20 12:00 UTC": the time the stale line names, written as the screens and the CSV write it */
const isoMinute = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
