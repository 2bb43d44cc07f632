import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { AppError } from '../../../shared/errors';
import { AREA_ORDER } from '../audit/types';
import type { Area, AuditResult, Finding, Severity } from '../audit/types';

export type ChartBar = { label: string; value: number; note?: string };
export type ChartSeries = { label: string; values: number[] };

export type PdfReportInput = {
  clientName: string;
  generatedAt: number;
  result: AuditResult;
  /** "Figures as of" line for the cover (oldest performance figures used) */
  figuresAsOf?: number | null;
  charts?: {
    flowRevenue?: ChartBar[];
    campaignRevenue?: ChartBar[];
    /** trigger-metric daily counts, oldest first, with the first date */
    metricVolume?: { startDate: string; series: ChartSeries[] };
  };
  /** directory holding DejaVuSans.ttf and DejaVuSans-Bold.ttf (default: resources/fonts of the app) */
  fontDir?: string;
};

const AREA_LABEL: Record<Area, string> = {
  flows: 'Flows',
  tracking: 'Tracking (trigger metrics)',
  campaigns: 'Campaigns',
  deliverability: 'Deliverability',
  lists: 'Lists & segments',
  forms: 'Forms',
  revenue: 'Revenue & attribution',
  account: 'Account',
  sync: 'Data freshness',
};
const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#c92a2a',
  high: '#e8590c',
  medium: '#f08c00',
  low: '#1c7ed6',
  info: '#868e96',
};
const STATUS_COLOR = { pass: '#2b8a3e', fail: '#c92a2a', unknown: '#868e96' } as const;
const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];
const INK = '#212529';
const MUTED = '#6c757d';
const ACCENT = '#5f3dc4';

export function findFontDir(explicit?: string): string {
  const candidates = explicit
    ? [explicit]
    : [
        path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../resources/fonts'),
        path.resolve(process.cwd(), 'resources/fonts'),
        ...(process.resourcesPath ? [path.join(process.resourcesPath, 'fonts')] : []),
      ];
  for (const dir of candidates) if (existsSync(path.join(dir, 'DejaVuSans.ttf'))) return dir;
  throw new AppError('internal', 'The report font (DejaVuSans.ttf) was not found.', { details: { candidates } });
}

const scoreColor = (s: number) => (s >= 80 ? '#2b8a3e' : s >= 60 ? '#f08c00' : '#c92a2a');
const fmtDate = (t: number) => new Date(t).toISOString().slice(0, 10);
const fmtDateTime = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/**
 * Renders the audit as a PDF (A4) into a Writable: cover, score summary with a chart, performance charts,
 * findings by area with evidence and recommendations, and page numbers. Vector graphics only; text in an
 * embedded DejaVu Sans, and characters the font has no glyph for (most emoji) become "□" instead of
 * corrupting the page.
 */
export async function writeAuditPdf(input: PdfReportInput, out: Writable): Promise<{ pages: number }> {
  const fontDir = findFontDir(input.fontDir);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    info: {
      Title: `Klaviyo audit – ${input.clientName}`,
      Author: 'Klaviyo Audit Desk',
      Producer: 'Klaviyo Audit Desk',
    },
  });
  doc.registerFont('body', path.join(fontDir, 'DejaVuSans.ttf'));
  doc.registerFont('bold', path.join(fontDir, 'DejaVuSans-Bold.ttf'));
  doc.font('body');
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    doc.on('error', reject);
  });
  doc.pipe(out);

  // glyph coverage from the embedded font (fontkit object behind pdfkit); a conservative fallback otherwise
  const fk = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
  const covered = (cp: number) => (fk?.hasGlyphForCodePoint ? fk.hasGlyphForCodePoint(cp) : cp < 0x2000);
  const cache = new Map<number, boolean>();
  const safe = (s: string): string => {
    let outS = '';
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      // joiners and variation selectors only make sense inside emoji sequences we cannot draw anyway
      if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff)) continue;
      if (cp < 0x20 && ch !== '\n') {
        outS += ' ';
        continue;
      }
      let ok = cache.get(cp);
      if (ok === undefined) cache.set(cp, (ok = covered(cp)));
      outS += ok ? ch : '□';
    }
    return outS;
  };

  const W = doc.page.width;
  const left = doc.page.margins.left;
  const contentW = W - left - doc.page.margins.right;
  const bottomLimit = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottomLimit()) doc.addPage();
  };
  const r = input.result;

  // ---- cover
  doc.rect(0, 0, W, 250).fill(ACCENT);
  doc.fillColor('#ffffff').font('bold').fontSize(13).text('KLAVIYO ACCOUNT AUDIT', left, 70);
  doc.font('bold').fontSize(30).text(safe(input.clientName), left, 100, { width: contentW });
  doc
    .font('body')
    .fontSize(12)
    .text(`Prepared ${fmtDate(input.generatedAt)}`, left, 200);
  const cx = W / 2;
  const cy = 400;
  const radius = 80;
  doc.lineWidth(14).strokeColor('#e9ecef').circle(cx, cy, radius).stroke();
  const frac = Math.max(0, Math.min(1, r.score / 100));
  if (frac > 0) {
    const start = -Math.PI / 2;
    const end = start + frac * 2 * Math.PI;
    const steps = Math.max(2, Math.ceil(frac * 90));
    doc.moveTo(cx + radius * Math.cos(start), cy + radius * Math.sin(start));
    for (let i = 1; i <= steps; i++) {
      const a = start + ((end - start) * i) / steps;
      doc.lineTo(cx + radius * Math.cos(a), cy + radius * Math.sin(a));
    }
    doc.lineWidth(14).lineCap('round').strokeColor(scoreColor(r.score)).stroke();
  }
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(44)
    .text(String(Math.round(r.score)), cx - 80, cy - 30, { width: 160, align: 'center' });
  doc
    .font('body')
    .fontSize(11)
    .fillColor(MUTED)
    .text('overall score', cx - 80, cy + 22, { width: 160, align: 'center' });
  let y = cy + radius + 40;
  doc.fontSize(12).fillColor(INK);
  const line = (s: string) => {
    doc.text(safe(s), left, y, { width: contentW, align: 'center' });
    y = doc.y + 6;
  };
  line(
    `${r.counts.fail} failing · ${r.counts.pass} passing · ${r.counts.unknown} unknown · ${r.counts.critical} critical`,
  );
  line(
    `Coverage ${Math.round(r.coverage * 100)}% of the weighted rules could be evaluated (unknown rules earn no points).`,
  );
  if (!r.scored) line('Test account: shown for reference, not counted as a client score.');
  line(`Audit evaluated ${fmtDateTime(r.evaluatedAt)}`);
  if (input.figuresAsOf) line(`Performance figures as of ${fmtDateTime(input.figuresAsOf)}`);

  // ---- score summary
  doc.addPage();
  heading('Score by area');
  const barH = 18;
  const labelW = 170;
  const chartW = contentW - labelW - 60;
  for (const a of r.areas) {
    ensure(barH + 10);
    const yy = doc.y;
    doc
      .font('body')
      .fontSize(10)
      .fillColor(INK)
      .text(AREA_LABEL[a.area], left, yy + 3, { width: labelW });
    doc.rect(left + labelW, yy, chartW, barH).fill('#f1f3f5');
    doc.rect(left + labelW, yy, (chartW * a.score) / 100, barH).fill(scoreColor(a.score));
    doc
      .fillColor(INK)
      .font('bold')
      .text(`${a.score}`, left + labelW + chartW + 8, yy + 3, { width: 50 });
    doc.font('body').fontSize(8).fillColor(MUTED);
    doc.text(
      `${a.fail} fail · ${a.pass} pass · ${a.unknown} unknown · coverage ${Math.round(a.coverage * 100)}%`,
      left + labelW,
      yy + barH + 2,
    );
    doc.y = yy + barH + 16;
  }
  doc.moveDown(1);
  heading('Failing findings by severity');
  const bySev = SEVERITY_ORDER.map((s) => ({
    s,
    n: r.findings.filter((f) => f.status === 'fail' && f.severity === s).length,
  }));
  const maxN = Math.max(1, ...bySev.map((x) => x.n));
  for (const { s, n } of bySev) {
    ensure(20);
    const yy = doc.y;
    doc
      .font('body')
      .fontSize(10)
      .fillColor(INK)
      .text(s, left, yy + 2, { width: labelW });
    doc.rect(left + labelW, yy, (chartW * n) / maxN, 14).fill(SEVERITY_COLOR[s]);
    doc.fillColor(INK).text(String(n), left + labelW + (chartW * n) / maxN + 6, yy + 2);
    doc.y = yy + 22;
  }
  doc.moveDown(1);
  doc
    .font('body')
    .fontSize(8)
    .fillColor(MUTED)
    .text(
      'Weights: critical 10, high 6, medium 3, low 1, info 0. A pass earns the full weight, an unknown earns nothing, a fail earns the weight minus the weight of the band it hit. Areas are weighted: flows 25, deliverability 15, campaigns 15, lists 12, tracking 10, forms 8, revenue 8, account 4, data freshness 3.',
      left,
      doc.y,
      { width: contentW },
    );

  // ---- performance charts
  const charts = input.charts;
  if (charts && (charts.flowRevenue?.length || charts.campaignRevenue?.length || charts.metricVolume)) {
    doc.addPage();
    heading('Performance');
    if (charts.flowRevenue?.length) barChart('Flow revenue, last 90 days (top 10)', charts.flowRevenue.slice(0, 10));
    if (charts.campaignRevenue?.length)
      barChart('Campaign revenue, last 90 days (top 10)', charts.campaignRevenue.slice(0, 10));
    if (charts.metricVolume?.series.length) lineChart('Trigger-metric events per day', charts.metricVolume);
  }

  // ---- findings by area
  doc.addPage();
  heading('Findings');
  const rank = (f: Finding) =>
    (f.status === 'fail' ? 0 : f.status === 'unknown' ? 100 : 200) + SEVERITY_ORDER.indexOf(f.severity);
  for (const area of AREA_ORDER) {
    const fs = r.findings
      .filter((f) => f.area === area)
      .sort((a, b) => rank(a) - rank(b) || a.ruleId.localeCompare(b.ruleId));
    if (!fs.length) continue;
    const score = r.areas.find((a) => a.area === area)?.score;
    ensure(60);
    doc.moveDown(0.6);
    doc
      .font('bold')
      .fontSize(14)
      .fillColor(ACCENT)
      .text(`${AREA_LABEL[area]}${score !== undefined ? ` — ${score}/100` : ''}`, left, doc.y);
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + contentW, doc.y + 2)
      .lineWidth(0.5)
      .strokeColor('#ced4da')
      .stroke();
    doc.moveDown(0.5);
    for (const f of fs) findingBlock(f);
  }

  // ---- page numbers (and client name) in every footer
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing into the margin must not start a new page
    doc.font('body').fontSize(8).fillColor(MUTED);
    doc.text(safe(input.clientName), left, doc.page.height - 40, {
      width: contentW / 2,
      lineBreak: false,
      ellipsis: true,
    });
    doc.text(`Page ${i + 1} of ${range.count}`, left + contentW / 2, doc.page.height - 40, {
      width: contentW / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  await done;
  return { pages: range.count };

  function heading(text: string) {
    ensure(40);
    doc.font('bold').fontSize(18).fillColor(INK).text(text, left, doc.y);
    doc.moveDown(0.6);
  }

  function findingBlock(f: Finding) {
    const items = f.evidence.items.slice(0, 8);
    const more = f.evidence.items.length - items.length;
    const figures = Object.entries(f.evidence.figures)
      .map(([k, v]) => `${k}: ${v}`)
      .join(' · ');
    const evidenceLines = items.map((i) => {
      const nums = Object.entries(i.figures)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return safe(`• ${i.name ?? i.id} (${i.type} ${i.id})${nums ? ` — ${nums}` : ''}${i.note ? ` — ${i.note}` : ''}`);
    });
    if (more > 0) evidenceLines.push(`• … and ${more} more`);
    const textW = contentW - 70;
    doc.fontSize(9);
    const est =
      doc.font('bold').heightOfString(safe(`${f.ruleId} ${f.title}`), { width: textW }) +
      doc.font('body').heightOfString(safe(f.summary), { width: textW }) +
      (figures ? doc.heightOfString(safe(figures), { width: textW }) : 0) +
      evidenceLines.reduce((h, l) => h + doc.heightOfString(l, { width: textW - 8 }), 0) +
      (f.status !== 'pass' ? doc.heightOfString(safe(f.recommendation), { width: textW }) + 4 : 0) +
      24;
    // keep a finding on one page unless it is longer than a page
    if (est < bottomLimit() - doc.page.margins.top) ensure(est);
    const top = doc.y;
    const badge = f.status.toUpperCase();
    doc.roundedRect(left, top, 58, 14, 3).fill(STATUS_COLOR[f.status]);
    doc
      .font('bold')
      .fontSize(7)
      .fillColor('#ffffff')
      .text(badge, left, top + 4, { width: 58, align: 'center' });
    if (f.status === 'fail') {
      doc.roundedRect(left, top + 17, 58, 12, 3).fill(SEVERITY_COLOR[f.severity]);
      doc.fillColor('#ffffff').text(f.severity, left, top + 20, { width: 58, align: 'center' });
    }
    const x = left + 70;
    doc
      .font('bold')
      .fontSize(9)
      .fillColor(INK)
      .text(safe(`${f.ruleId}  ${f.title}`), x, top, { width: textW });
    doc
      .font('body')
      .fontSize(9)
      .fillColor(INK)
      .text(safe(f.summary), x, doc.y + 1, { width: textW });
    if (figures)
      doc
        .fontSize(8)
        .fillColor(MUTED)
        .text(safe(figures), x, doc.y + 1, { width: textW });
    if (f.figuresAsOf)
      doc
        .fontSize(7)
        .fillColor(MUTED)
        .text(`figures as of ${fmtDateTime(f.figuresAsOf)}`, x, doc.y);
    for (const l of evidenceLines)
      doc
        .fontSize(8)
        .fillColor('#495057')
        .text(l, x + 8, doc.y + 1, { width: textW - 8 });
    if (f.status !== 'pass') {
      doc
        .font('bold')
        .fontSize(8)
        .fillColor(ACCENT)
        .text('Recommendation: ', x, doc.y + 3, { width: textW, continued: true });
      doc.font('body').fillColor(INK).text(safe(f.recommendation));
    }
    doc.y = Math.max(doc.y, top + 32) + 10;
  }

  function barChart(title: string, bars: ChartBar[]) {
    const rowH = 16;
    ensure(30 + bars.length * (rowH + 4));
    doc.font('bold').fontSize(11).fillColor(INK).text(title, left, doc.y);
    doc.moveDown(0.4);
    const max = Math.max(1, ...bars.map((b) => b.value));
    const lw = 160;
    const cw = contentW - lw - 90;
    for (const b of bars) {
      const yy = doc.y;
      doc
        .font('body')
        .fontSize(8)
        .fillColor(INK)
        .text(safe(b.label), left, yy + 3, { width: lw - 6, lineBreak: false, ellipsis: true });
      doc.rect(left + lw, yy, Math.max(1, (cw * b.value) / max), rowH - 2).fill(ACCENT);
      doc
        .fillColor(INK)
        .fontSize(8)
        .text(
          `${Math.round(b.value).toLocaleString('en-US')}${b.note ? `  ${safe(b.note)}` : ''}`,
          left + lw + Math.max(1, (cw * b.value) / max) + 4,
          yy + 3,
          { width: 120, lineBreak: false },
        );
      doc.y = yy + rowH + 4;
    }
    doc.moveDown(1);
  }

  function lineChart(title: string, data: { startDate: string; series: ChartSeries[] }) {
    const h = 160;
    ensure(h + 80);
    doc.font('bold').fontSize(11).fillColor(INK).text(title, left, doc.y);
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
        .fillColor(MUTED)
        .text(String(Math.round((max * g) / 4)), left, gy - 4, { width: 36, align: 'right' });
    }
    const palette = ['#5f3dc4', '#1c7ed6', '#2b8a3e', '#e8590c', '#c2255c', '#0c8599'];
    data.series.forEach((s, si) => {
      if (s.values.length < 2) return;
      doc.lineWidth(1.2).strokeColor(palette[si % palette.length]!);
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
      .fillColor(MUTED)
      .text(`from ${data.startDate}, ${n} days`, x0, top + h + 4);
    let lx = x0;
    const ly = top + h + 18;
    data.series.forEach((s, si) => {
      doc.rect(lx, ly + 1, 8, 8).fill(palette[si % palette.length]!);
      doc
        .fillColor(INK)
        .fontSize(8)
        .text(safe(s.label), lx + 11, ly, { lineBreak: false });
      lx += 16 + doc.widthOfString(safe(s.label)) + 10;
    });
    doc.y = ly + 24;
  }
}
