import { severities } from '../../../../shared/contract/audit';
import type { AuditResult } from '../../audit';
import type { PdfPage } from './page';
import { scoreColor, SEVERITY_COLOR } from './theme';

const LABEL_W = 170;

/** Score by area (a bar each, with its counts) and failing findings by severity, then how the score is weighted. */
export function drawScoreSummary(p: PdfPage, r: AuditResult): void {
  const { doc, left, contentW, theme, labels, fmt } = p;
  p.doc.addPage();
  p.heading(labels.scoreByArea);
  const barH = 18;
  const chartW = contentW - LABEL_W - 60;
  for (const a of r.areas) {
    p.ensure(barH + 10);
    const yy = doc.y;
    doc
      .font('body')
      .fontSize(10)
      .fillColor(theme.ink)
      .text(labels.area[a.area], left, yy + 3, { width: LABEL_W });
    doc.rect(left + LABEL_W, yy, chartW, barH).fill(theme.track);
    doc.rect(left + LABEL_W, yy, (chartW * a.score) / 100, barH).fill(scoreColor(a.score));
    doc
      .fillColor(theme.ink)
      .font('bold')
      .text(`${a.score}`, left + LABEL_W + chartW + 8, yy + 3, { width: 50 });
    doc.font('body').fontSize(8).fillColor(theme.muted);
    doc.text(
      labels.areaLine({
        fail: fmt.num(a.fail),
        pass: fmt.num(a.pass),
        unknown: fmt.num(a.unknown),
        coverage: fmt.share(a.coverage),
      }),
      left + LABEL_W,
      yy + barH + 2,
    );
    doc.y = yy + barH + 16;
  }
  doc.moveDown(1);
  drawSeverityBars(p, r, chartW);
  doc.moveDown(1);
  doc.font('body').fontSize(8).fillColor(theme.muted).text(labels.weights, left, doc.y, { width: contentW });
}

function drawSeverityBars(p: PdfPage, r: AuditResult, chartW: number): void {
  const { doc, left, theme, labels } = p;
  p.heading(labels.failingBySeverity);
  const bySev = severities.map((s) => ({
    s,
    n: r.findings.filter((f) => f.status === 'fail' && !f.decision && f.severity === s).length,
  }));
  const maxN = Math.max(1, ...bySev.map((x) => x.n));
  for (const { s, n } of bySev) {
    p.ensure(20);
    const yy = doc.y;
    doc
      .font('body')
      .fontSize(10)
      .fillColor(theme.ink)
      .text(labels.severity[s], left, yy + 2, { width: LABEL_W });
    doc.rect(left + LABEL_W, yy, (chartW * n) / maxN, 14).fill(SEVERITY_COLOR[s]);
    doc.fillColor(theme.ink).text(String(n), left + LABEL_W + (chartW * n) / maxN + 6, yy + 2);
    doc.y = yy + 22;
  }
}
