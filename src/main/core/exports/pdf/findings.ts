import { severities } from '../../../../shared/contract/audit';
import type { AuditResult, Finding } from '../../audit';
import { findingText } from '../finding-text';
import type { PdfPage } from './page';
import { SEVERITY_COLOR, STATUS_COLOR } from './theme';
import type { PdfProgress } from './types';

const MAX_EVIDENCE = 8;
const BADGE_W = 58;
const TEXT_X = 70;

const rank = (f: Finding) =>
  (f.status === 'fail' ? (f.decision ? 50 : 0) : f.status === 'unknown' ? 100 : 200) + severities.indexOf(f.severity);

/** Findings by area (failing first, then unknown, then passing; by severity within each), each as one block. */
export function drawFindings(p: PdfPage, r: AuditResult, progress?: PdfProgress): void {
  const { doc, left, contentW, theme, labels } = p;
  doc.addPage();
  p.heading(labels.findings);
  let done = 0;
  // the audit lists its areas in the dashboard's order; an area only a finding names comes last
  const areas = [...new Set([...r.areas.map((a) => a.area), ...r.findings.map((f) => f.area)])];
  for (const area of areas) {
    const fs = r.findings
      .filter((f) => f.area === area)
      .sort((a, b) => rank(a) - rank(b) || a.ruleId.localeCompare(b.ruleId));
    if (!fs.length) continue;
    const score = r.areas.find((a) => a.area === area)?.score;
    p.ensure(60);
    doc.moveDown(0.6);
    doc
      .font('bold')
      .fontSize(14)
      .fillColor(theme.accentText)
      .text(`${labels.area[area]}${score !== undefined ? ` — ${score}/100` : ''}`, left, doc.y);
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + contentW, doc.y + 2)
      .lineWidth(0.5)
      .strokeColor(theme.rule)
      .stroke();
    doc.moveDown(0.5);
    for (const f of fs) {
      drawFinding(p, f);
      progress?.(++done, r.findings.length);
    }
  }
}

/** The printed lines of a finding's evidence: at most eight items, names clipped for print, figures in words. */
function evidenceLines(p: PdfPage, items: ReturnType<typeof findingText>['items']): string[] {
  const lines = items.slice(0, MAX_EVIDENCE).map((i) => {
    const what = i.id ? `${i.type} ${p.name(i.id, 60)}` : i.type;
    const figures = i.figures.length ? ` — ${p.printable(i.figures.join(' · '))}` : '';
    const note = i.note ? ` — ${p.name(i.note)}` : '';
    // an item known only by its id is named once, by its kind and id
    return i.name === i.id ? `• ${what}${figures}${note}` : `• ${p.name(i.name)} (${what})${figures}${note}`;
  });
  const more = items.length - MAX_EVIDENCE;
  if (more > 0) lines.push(p.labels.moreEvidence(p.fmt.num(more)));
  return lines;
}

function drawFinding(p: PdfPage, f: Finding): void {
  const { doc, left, contentW, theme, labels } = p;
  const words = findingText(p.lang, f, p.currency, labels.noCurrency);
  const window = words.windowDays && words.figures.length ? `${labels.window(p.fmt.num(words.windowDays))}: ` : '';
  const figures = words.figures.length ? p.printable(window + words.figures.join(' · ')) : '';
  const lines = evidenceLines(p, words.items);
  const title = p.printable(`${f.ruleId}  ${words.title}`);
  const summary = p.printable(words.summary);
  const recommendation = words.recommendation === null ? null : p.printable(words.recommendation);
  // an accepted or snoozed failure says so, with who and when; a note is printed as the strategist wrote it
  const decided = f.status === 'fail' && f.decision ? f.decision : null;
  const decisionText = decided
    ? p.printable(
        labels.decisionLine({
          state: decided.state,
          by: decided.by,
          at: p.fmt.dateTime(decided.at),
          until: decided.until === null ? null : p.fmt.dateTime(decided.until),
        }),
      )
    : '';
  if (decisionText) lines.unshift(decisionText);
  if (f.comment) lines.push(p.printable(labels.noteLine(f.comment.by, f.comment.text)));
  const textW = contentW - TEXT_X;
  doc.fontSize(9);
  const est =
    doc.font('bold').heightOfString(title, { width: textW }) +
    doc.font('body').heightOfString(summary, { width: textW }) +
    (figures ? doc.heightOfString(figures, { width: textW }) : 0) +
    lines.reduce((h, l) => h + doc.heightOfString(l, { width: textW - 8 }), 0) +
    (recommendation !== null ? doc.heightOfString(recommendation, { width: textW }) + 4 : 0) +
    24;
  // keep a finding on one page unless it is longer than a page
  if (est < p.bottomLimit() - doc.page.margins.top) p.ensure(est);
  const top = doc.y;
  drawBadges(p, f, top);
  const x = left + TEXT_X;
  doc.font('bold').fontSize(9).fillColor(theme.ink).text(title, x, top, { width: textW });
  doc
    .font('body')
    .fontSize(9)
    .fillColor(theme.ink)
    .text(summary, x, doc.y + 1, { width: textW });
  if (figures)
    doc
      .fontSize(8)
      .fillColor(theme.muted)
      .text(figures, x, doc.y + 1, { width: textW });
  if (f.figuresAsOf)
    doc
      .fontSize(7)
      .fillColor(theme.muted)
      .text(labels.findingFiguresAsOf(p.fmt.dateTime(f.figuresAsOf)), x, doc.y);
  for (const l of lines)
    doc
      .fontSize(8)
      .fillColor('#495057')
      .text(l, x + 8, doc.y + 1, { width: textW - 8 });
  if (recommendation !== null) {
    doc
      .font('bold')
      .fontSize(8)
      .fillColor(theme.accentText)
      .text(labels.recommendation, x, doc.y + 3, { width: textW, continued: true });
    doc.font('body').fillColor(theme.ink).text(recommendation);
  }
  doc.y = Math.max(doc.y, top + 32) + 10;
}

/** The status badge, and under a failing finding its severity. */
function drawBadges(p: PdfPage, f: Finding, top: number): void {
  const { doc, left, labels } = p;
  const decided = f.status === 'fail' && f.decision ? f.decision.state : null;
  doc.roundedRect(left, top, BADGE_W, 14, 3).fill(decided ? STATUS_COLOR.unknown : STATUS_COLOR[f.status]);
  const word = (decided ? labels.decision[decided] : labels.status[f.status]).toUpperCase();
  // a longer word ("ZAAKCEPTOWANE") is set smaller rather than wrapped out of its badge
  let size = 7;
  doc.font('bold');
  while (size > 4.5 && doc.fontSize(size).widthOfString(word) > BADGE_W - 4) size -= 0.5;
  doc
    .fontSize(size)
    .fillColor('#ffffff')
    .text(word, left, top + 4 + (7 - size) / 2, { width: BADGE_W, align: 'center', lineBreak: false });
  doc.fontSize(7);
  if (f.status === 'fail') {
    doc.roundedRect(left, top + 17, BADGE_W, 12, 3).fill(SEVERITY_COLOR[f.severity]);
    doc.fillColor('#ffffff').text(labels.severity[f.severity], left, top + 20, { width: BADGE_W, align: 'center' });
  }
}
