import type { PdfPage } from './page';
import { LABEL_PRINT_LENGTH } from './print-text';
import type { ChartBar, ChartSeries, PdfCharts } from './types';

/** at most this many trigger metrics get a panel: beyond it a page of small charts stops being readable */
const MAX_PANELS = 8;

/** The performance page: flow and campaign revenue (top 10 each) and trigger-metric volume per day. */
export function drawPerformance(p: PdfPage, charts: PdfCharts | undefined): void {
  if (!charts || !(charts.flowRevenue?.length || charts.campaignRevenue?.length || charts.metricVolume)) return;
  const { labels } = p;
  const currency = p.currency ?? labels.noCurrency;
  p.doc.addPage();
  p.heading(labels.performance);
  if (charts.flowRevenue?.length) drawBarChart(p, labels.flowRevenue(currency), charts.flowRevenue.slice(0, 10));
  if (charts.campaignRevenue?.length)
    drawBarChart(p, labels.campaignRevenue(currency), charts.campaignRevenue.slice(0, 10));
  if (charts.metricVolume?.series.length) drawSmallMultiples(p, labels.metricVolume, charts.metricVolume);
}

function money(p: PdfPage, v: number): string {
  return (p.currency && p.fmt.money(v, p.currency)) || p.fmt.num(v);
}

function drawBarChart(p: PdfPage, title: string, bars: ChartBar[]): void {
  const { doc, left, contentW, theme } = p;
  const rowH = 16;
  p.ensure(30 + bars.length * (rowH + 4));
  doc.font('bold').fontSize(11).fillColor(theme.ink).text(title, left, doc.y);
  doc.moveDown(0.4);
  const max = Math.max(1, ...bars.map((b) => b.value));
  const lw = 160;
  const valueW = 150;
  const cw = contentW - lw - valueW;
  for (const b of bars) {
    const yy = doc.y;
    const barW = Math.max(1, (cw * b.value) / max);
    doc
      .font('body')
      .fontSize(8)
      .fillColor(theme.ink)
      .text(p.name(b.label, LABEL_PRINT_LENGTH), left, yy + 3, { width: lw - 6, lineBreak: false, ellipsis: true });
    doc.rect(left + lw, yy, barW, rowH - 2).fill(theme.accent);
    doc
      .font('bold')
      .fillColor(theme.ink)
      .fontSize(8)
      .text(money(p, b.value), left + lw + barW + 4, yy + 3, { width: valueW, lineBreak: false, continued: true })
      .font('body')
      .fillColor(theme.muted)
      .text(b.recipients !== undefined ? `  ${p.labels.recipients(p.fmt.num(b.recipients))}` : '', {
        lineBreak: false,
      });
    doc.y = yy + rowH + 4;
  }
  doc.moveDown(1);
}

/**
 * One small chart per trigger metric, two to a row, each on its own scale with its peak written out: lines of
 * metrics a thousand times apart, drawn over each other, read as a tangle at print size.
 */
function drawSmallMultiples(p: PdfPage, title: string, data: { startDate: string; series: ChartSeries[] }): void {
  const { doc, left, contentW, theme, fmt, labels } = p;
  const series = [...data.series]
    .sort((a, b) => sum(b.values) - sum(a.values))
    .slice(0, MAX_PANELS)
    .filter((s) => s.values.length);
  const gap = 18;
  const panelW = (contentW - gap) / 2;
  const chartH = 54;
  const panelH = chartH + 34;
  p.ensure(40 + panelH);
  doc.font('bold').fontSize(11).fillColor(theme.ink).text(title, left, doc.y);
  const n = Math.max(...series.map((s) => s.values.length));
  const end = new Date(Date.parse(`${data.startDate}T00:00:00Z`) + (n - 1) * 86_400_000).toISOString().slice(0, 10);
  doc
    .font('body')
    .fontSize(8)
    .fillColor(theme.muted)
    .text(labels.seriesSpan(fmt.day(data.startDate), fmt.day(end), fmt.num(n)), left, doc.y + 2);
  doc.moveDown(0.6);
  for (let i = 0; i < series.length; i += 2) {
    p.ensure(panelH);
    const top = doc.y;
    series.slice(i, i + 2).forEach((s, k) => drawPanel(p, s, left + k * (panelW + gap), top, panelW, chartH, n));
    doc.y = top + panelH;
  }
  doc.moveDown(0.5);
}

function drawPanel(p: PdfPage, s: ChartSeries, x: number, y: number, w: number, h: number, n: number): void {
  const { doc, theme, fmt, labels } = p;
  const max = Math.max(...s.values, 0);
  doc
    .font('bold')
    .fontSize(8.5)
    .fillColor(theme.ink)
    .text(p.name(s.label, LABEL_PRINT_LENGTH), x, y, { width: w * 0.6, lineBreak: false, ellipsis: true });
  doc
    .font('body')
    .fontSize(7.5)
    .fillColor(theme.muted)
    .text(labels.metricPeak(fmt.num(max)), x + w * 0.6, y + 1, { width: w * 0.4, align: 'right', lineBreak: false });
  const top = y + 14;
  doc.rect(x, top, w, h).fill(theme.track);
  const scale = max > 0 ? h / max : 0;
  const px = (i: number) => x + (w * i) / Math.max(1, n - 1);
  const py = (v: number) => top + h - v * scale;
  // the area under the line, then the line itself on top
  doc.moveTo(px(0), top + h);
  s.values.forEach((v, i) => doc.lineTo(px(i), py(v)));
  doc
    .lineTo(px(s.values.length - 1), top + h)
    .closePath()
    .fillOpacity(0.25)
    .fill(theme.accent)
    .fillOpacity(1);
  s.values.forEach((v, i) => (i === 0 ? doc.moveTo(px(i), py(v)) : doc.lineTo(px(i), py(v))));
  doc.lineWidth(1).strokeColor(theme.accent).stroke();
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
