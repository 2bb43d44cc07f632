import type { PdfPage } from './page';
import { LABEL_PRINT_LENGTH } from './print-text';
import { SERIES_PALETTE } from './theme';
import type { ChartBar, ChartSeries, PdfCharts } from './types';

/** The performance page: flow and campaign revenue (top 10 each) and trigger-metric volume per day. */
export function drawPerformance(p: PdfPage, charts: PdfCharts | undefined): void {
  if (!charts || !(charts.flowRevenue?.length || charts.campaignRevenue?.length || charts.metricVolume)) return;
  const { labels } = p;
  p.doc.addPage();
  p.heading(labels.performance);
  if (charts.flowRevenue?.length) drawBarChart(p, labels.flowRevenue, charts.flowRevenue.slice(0, 10));
  if (charts.campaignRevenue?.length) drawBarChart(p, labels.campaignRevenue, charts.campaignRevenue.slice(0, 10));
  if (charts.metricVolume?.series.length) drawLineChart(p, labels.metricVolume, charts.metricVolume);
}

function drawBarChart(p: PdfPage, title: string, bars: ChartBar[]): void {
  const { doc, left, contentW, theme } = p;
  const rowH = 16;
  p.ensure(30 + bars.length * (rowH + 4));
  doc.font('bold').fontSize(11).fillColor(theme.ink).text(title, left, doc.y);
  doc.moveDown(0.4);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const lw = 160;
  const cw = contentW - lw - 90;
  for (const b of bars) {
    const yy = doc.y;
    const barW = Math.max(1, (cw * b.value) / max);
    doc
      .font('body')
      .fontSize(8)
      .fillColor(theme.ink)
      .text(p.name(b.label, LABEL_PRINT_LENGTH), left, yy + 3, { width: lw - 6, lineBreak: false, ellipsis: true });
    doc.rect(left + lw, yy, barW, rowH - 2).fill(theme.accent);
    const value = `${Math.round(b.value).toLocaleString('en-US')}${b.note ? `  ${p.name(b.note, LABEL_PRINT_LENGTH)}` : ''}`;
    doc
      .fillColor(theme.ink)
      .fontSize(8)
      .text(value, left + lw + barW + 4, yy + 3, { width: 120, lineBreak: false });
    doc.y = yy + rowH + 4;
  }
  doc.moveDown(1);
}

function drawLineChart(p: PdfPage, title: string, data: { startDate: string; series: ChartSeries[] }): void {
  const { doc, left, contentW, theme } = p;
  const h = 160;
  p.ensure(h + 80);
  doc.font('bold').fontSize(11).fillColor(theme.ink).text(title, left, doc.y);
  doc.moveDown(0.4);
  const top = doc.y;
  const x0 = left + 40;
  const w = contentW - 40;
  const n = Math.max(...data.series.map((s) => s.values.length));
  const max = Math.max(1, ...data.series.flatMap((s) => s.values));
  doc.lineWidth(0.5).strokeColor('#dee2e6');
  for (let g = 0; g <= 4; g++) {
    const gy = top + h - (h * g) / 4;
    doc
      .moveTo(x0, gy)
      .lineTo(x0 + w, gy)
      .stroke();
    doc
      .font('body')
      .fontSize(7)
      .fillColor(theme.muted)
      .text(String(Math.round((max * g) / 4)), left, gy - 4, { width: 36, align: 'right' });
  }
  data.series.forEach((s, si) => {
    if (s.values.length < 2) return;
    doc.lineWidth(1.2).strokeColor(SERIES_PALETTE[si % SERIES_PALETTE.length]!);
    s.values.forEach((v, i) => {
      const px = x0 + (w * i) / Math.max(1, n - 1);
      const py = top + h - (h * v) / max;
      if (i === 0) doc.moveTo(px, py);
      else doc.lineTo(px, py);
    });
    doc.stroke();
  });
  doc
    .font('body')
    .fontSize(7)
    .fillColor(theme.muted)
    .text(p.labels.seriesSpan(data.startDate, n), x0, top + h + 4);
  drawLegend(p, data.series, x0, top + h + 18);
}

/** One swatch and label per series, wrapping onto another row when the next one would run past the margin. */
function drawLegend(p: PdfPage, series: ChartSeries[], x0: number, y0: number): void {
  const { doc, theme } = p;
  let lx = x0;
  let ly = y0;
  series.forEach((s, si) => {
    const label = p.name(s.label, LABEL_PRINT_LENGTH);
    doc.fontSize(8);
    const w = 16 + doc.widthOfString(label) + 10;
    if (lx > x0 && lx + w > p.left + p.contentW) {
      lx = x0;
      ly += 14;
    }
    doc.rect(lx, ly + 1, 8, 8).fill(SERIES_PALETTE[si % SERIES_PALETTE.length]!);
    doc
      .fillColor(theme.ink)
      .fontSize(8)
      .text(label, lx + 11, ly, { lineBreak: false });
    lx += w;
  });
  doc.y = ly + 24;
}
