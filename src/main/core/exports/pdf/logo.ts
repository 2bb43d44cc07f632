import type { PdfPage } from './page';
import { parseSvgLogo } from './svg-logo';
import type { ReportBranding } from './types';

/**
 * Draws the agency's logo fitted into a box (aspect kept, centred vertically, left-aligned): a PNG as an image,
 * an SVG as vector paths. The logo was checked when it was chosen; one that fails now is left out rather than
 * stopping the report.
 */
export function drawLogo(
  p: PdfPage,
  logo: NonNullable<ReportBranding['logo']>,
  x: number,
  y: number,
  w: number,
  h: number,
): void {
  const { doc } = p;
  try {
    if (logo.mimeType === 'image/png') {
      doc.image(Buffer.from(logo.data), x, y, { fit: [w, h], valign: 'center' });
      return;
    }
    const svg = parseSvgLogo(Buffer.from(logo.data).toString('utf8'));
    const [vx, vy, vw, vh] = svg.viewBox;
    const scale = Math.min(w / vw, h / vh);
    doc.save();
    doc.translate(x, y + (h - vh * scale) / 2);
    doc.scale(scale);
    doc.translate(-vx, -vy);
    for (const s of svg.shapes) {
      doc.save();
      for (const t of s.transforms) doc.transform(...t);
      doc.path(s.d);
      if (s.fill && s.stroke)
        doc.lineWidth(s.strokeWidth).fillAndStroke(s.fill, s.stroke, s.evenOdd ? 'even-odd' : 'non-zero');
      else if (s.fill) doc.fill(s.fill, s.evenOdd ? 'even-odd' : 'non-zero');
      else if (s.stroke) doc.lineWidth(s.strokeWidth).stroke(s.stroke);
      doc.restore();
    }
    doc.restore();
  } catch {
    // a logo that cannot be drawn is left out; the agency's name still says who prepared the report
  }
}
