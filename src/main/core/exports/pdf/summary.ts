import { changeSentence, typeWord } from '../../../../shared/changes/render';
import type { AuditResult } from '../../audit';
import { findingText } from '../finding-text';
import type { PdfPage } from './page';
import { scoreColor, SEVERITY_COLOR } from './theme';
import type { ReportSummary } from './types';

const MAX_CHANGES = 8;

/**
 * The executive summary, the page a client reads first: the score and how it moved since the last report (before
 * the first one, since the previous audit), the five failing checks that cost the most points with what to do,
 * and what changed in the account between the last two complete syncs.
 */
export function drawSummary(p: PdfPage, r: AuditResult, s: ReportSummary): void {
  const { doc, left, contentW, theme, labels, fmt } = p;
  doc.addPage();
  p.heading(labels.summary);
  const top = doc.y;
  doc.roundedRect(left, top, 70, 52, 6).fill(scoreColor(r.score));
  doc
    .font('bold')
    .fontSize(26)
    .fillColor('#ffffff')
    .text(String(Math.round(r.score)), left, top + 12, { width: 70, align: 'center' });
  doc
    .font('bold')
    .fontSize(12)
    .fillColor(theme.ink)
    .text(labels.scoreLine(fmt.num(Math.round(r.score))), left + 86, top + 6, { width: contentW - 86 });
  const prev = s.previous;
  const delta = prev ? Math.round(r.score) - Math.round(prev.score) : 0;
  doc
    .font('body')
    .fontSize(10)
    .fillColor(theme.muted)
    .text(
      prev
        ? (prev.kind === 'report' ? labels.scoreChangeSinceReport : labels.scoreChange)(
            delta,
            fmt.num(Math.abs(delta)),
            fmt.num(Math.round(prev.score)),
            fmt.date(prev.evaluatedAt),
          )
        : labels.noPreviousAudit,
      left + 86,
      doc.y + 4,
      { width: contentW - 86 },
    );
  doc.y = Math.max(doc.y, top + 52) + 18;

  sectionTitle(p, labels.topActions);
  const actions = s.topActions
    .map((a) => r.findings.find((f) => f.ruleId === a.ruleId && f.status === 'fail' && !f.decision))
    .filter((f) => f !== undefined);
  if (!actions.length) line(p, labels.noActions);
  actions.forEach((f, i) => {
    const words = findingText(p.lang, f, p.currency, labels.noCurrency);
    p.ensure(50);
    const y = doc.y;
    doc.circle(left + 8, y + 7, 8).fill(SEVERITY_COLOR[f.severity]);
    doc
      .font('bold')
      .fontSize(9)
      .fillColor('#ffffff')
      .text(String(i + 1), left, y + 2.5, { width: 16, align: 'center' });
    const x = left + 26;
    const w = contentW - 26;
    doc
      .font('bold')
      .fontSize(10)
      .fillColor(theme.ink)
      .text(p.printable(`${words.title}`), x, y, { width: w });
    doc
      .font('body')
      .fontSize(9)
      .fillColor(theme.muted)
      .text(p.printable(`${labels.severity[f.severity]} · ${f.ruleId} · ${words.summary}`), x, doc.y + 1, { width: w });
    if (words.recommendation)
      doc.fillColor(theme.ink).text(p.printable(words.recommendation), x, doc.y + 2, { width: w });
    doc.y += 10;
  });
  doc.moveDown(0.6);

  sectionTitle(p, labels.changes);
  const c = s.changes;
  if (!c) {
    line(p, labels.firstSync);
    return;
  }
  line(p, labels.changesBetween(fmt.dateTime(c.from), fmt.dateTime(c.to)));
  if (!c.total) line(p, labels.noChanges);
  else {
    doc
      .font('bold')
      .fontSize(10)
      .fillColor(theme.ink)
      .text(
        labels.changeCounts({
          added: fmt.num(c.counts.added),
          removed: fmt.num(c.counts.removed),
          modified: fmt.num(c.counts.modified),
        }),
        left,
        doc.y + 2,
      );
    doc.moveDown(0.3);
    for (const item of c.items.slice(0, MAX_CHANGES)) {
      // the sentences name the item themselves; one without any says only what kind of item changed
      const said = item.summary.length
        ? item.summary.map((m) => changeSentence(m, p.lang)).join('; ')
        : `${typeWord(item.type, p.lang)} ${item.name ?? ''}`;
      p.ensure(24);
      doc
        .font('body')
        .fontSize(9)
        .fillColor(theme.ink)
        .text(`• ${p.name(said, 300)}`, left + 8, doc.y + 2, { width: contentW - 8 });
    }
    if (c.total > Math.min(c.items.length, MAX_CHANGES))
      line(p, labels.moreChanges(fmt.num(c.total - Math.min(c.items.length, MAX_CHANGES))));
  }
  if (c.incomplete.length) line(p, labels.changesIncomplete(c.incomplete.join(', ')));
}

function sectionTitle(p: PdfPage, text: string): void {
  p.ensure(60);
  p.doc.font('bold').fontSize(13).fillColor(p.theme.accentText).text(text, p.left, p.doc.y, { width: p.contentW });
  p.doc.moveDown(0.4);
}

function line(p: PdfPage, text: string): void {
  p.doc
    .font('body')
    .fontSize(9.5)
    .fillColor(p.theme.muted)
    .text(p.printable(text), p.left, p.doc.y + 2, { width: p.contentW });
}
