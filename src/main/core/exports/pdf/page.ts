import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import { AppError } from '../../../../shared/errors';
import { clip, glyphFilter, NAME_PRINT_LENGTH } from './print-text';
import type { Language } from '../../../../shared/contract/primitives';
import { reportFormat, type ReportFormat } from './format';
import { REPORT_LABELS, type ReportLabels } from '../report-labels';
import { DEFAULT_THEME, type PdfTheme } from './theme';

export function findFontDir(explicit?: string): string {
  const candidates = explicit
    ? [explicit]
    : [
        path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../../resources/fonts'),
        path.resolve(process.cwd(), 'resources/fonts'),
        ...(process.resourcesPath ? [path.join(process.resourcesPath, 'fonts')] : []),
      ];
  for (const dir of candidates) if (existsSync(path.join(dir, 'DejaVuSans.ttf'))) return dir;
  throw new AppError('internal', 'The report font (DejaVuSans.ttf) was not found.', { details: { candidates } });
}

/** The document and what every section draws with: the content box, page breaks, printable text, colours, words. */
export type PdfPage = {
  doc: PDFKit.PDFDocument;
  left: number;
  width: number;
  contentW: number;
  theme: PdfTheme;
  labels: ReportLabels;
  /** the report's language, for the shared words (rule titles, sentences, evidence) */
  lang: Language;
  fmt: ReportFormat;
  /** the account's currency (ISO 4217) for its revenue figures; null when not known */
  currency: string | null;
  /** text the font can draw, with bidi controls removed (see print-text.ts) */
  printable: (text: string) => string;
  /** a name as printed: clipped to `max` characters, then printable */
  name: (text: string, max?: number) => string;
  bottomLimit: () => number;
  /** starts a new page unless `h` points still fit on this one */
  ensure: (h: number) => void;
  heading: (text: string) => void;
};

export function openPdf(opts: {
  title: (labels: ReportLabels) => string;
  lang?: Language;
  fontDir?: string;
  theme?: PdfTheme;
  currency?: string | null;
  author?: string;
}): PdfPage {
  const lang = opts.lang ?? 'en';
  const labels = REPORT_LABELS[lang];
  const fontDir = findFontDir(opts.fontDir);
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    bufferPages: true,
    info: { Title: opts.title(labels), Author: opts.author ?? 'Klaviyo Audit Desk', Producer: 'Klaviyo Audit Desk' },
    lang,
  });
  doc.registerFont('body', path.join(fontDir, 'DejaVuSans.ttf'));
  doc.registerFont('bold', path.join(fontDir, 'DejaVuSans-Bold.ttf'));
  doc.font('body');
  // glyph coverage from the embedded font (fontkit object behind pdfkit); a conservative fallback otherwise
  const fk = (doc as unknown as { _font?: { font?: { hasGlyphForCodePoint?: (cp: number) => boolean } } })._font?.font;
  const printable = glyphFilter((cp) => (fk?.hasGlyphForCodePoint ? fk.hasGlyphForCodePoint(cp) : cp < 0x2000));
  const theme = opts.theme ?? DEFAULT_THEME;
  const page: PdfPage = {
    doc,
    left: doc.page.margins.left,
    width: doc.page.width,
    contentW: doc.page.width - doc.page.margins.left - doc.page.margins.right,
    theme,
    labels,
    lang,
    fmt: reportFormat(lang),
    currency: opts.currency ?? null,
    printable,
    name: (text, max = NAME_PRINT_LENGTH) => printable(clip(text, max)),
    bottomLimit: () => doc.page.height - doc.page.margins.bottom,
    ensure(h) {
      if (doc.y + h > page.bottomLimit()) doc.addPage();
    },
    heading(text) {
      page.ensure(40);
      doc.font('bold').fontSize(18).fillColor(theme.ink).text(text, page.left, doc.y);
      doc.moveDown(0.6);
    },
  };
  return page;
}
