import type { PdfPage } from './page';

/** Client name and "Page i of n" in every page's footer; returns the page count. */
export function drawFooters(p: PdfPage, clientName: string): number {
  const { doc, left, contentW, theme, labels } = p;
  const range = doc.bufferedPageRange();
  const name = p.name(clientName, 80);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing into the margin must not start a new page
    doc.font('body').fontSize(8).fillColor(theme.muted);
    doc.text(name, left, doc.page.height - 40, { width: contentW / 2, lineBreak: false, ellipsis: true });
    doc.text(labels.page(i + 1, range.count), left + contentW / 2, doc.page.height - 40, {
      width: contentW / 2,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  return range.count;
}
