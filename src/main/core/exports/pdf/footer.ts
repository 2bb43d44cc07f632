import type { PdfPage } from './page';

/** The client (and the agency that prepared the report) and "Page i of n" in every page's footer; the page count. */
export function drawFooters(p: PdfPage, clientName: string, agencyName?: string | null): number {
  const { doc, left, contentW, theme, labels } = p;
  const range = doc.bufferedPageRange();
  const name = p.name(agencyName ? `${clientName} · ${agencyName}` : clientName, 100);
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing into the margin must not start a new page
    doc
      .moveTo(left, doc.page.height - 48)
      .lineTo(left + contentW, doc.page.height - 48)
      .lineWidth(1)
      .strokeColor(theme.accent)
      .stroke();
    doc.font('body').fontSize(8).fillColor(theme.muted);
    doc.text(name, left, doc.page.height - 40, { width: (contentW * 2) / 3, lineBreak: false, ellipsis: true });
    doc.text(labels.page(i + 1, range.count), left + (contentW * 2) / 3, doc.page.height - 40, {
      width: contentW / 3,
      align: 'right',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  return range.count;
}
