/**
 * Making a CSV cell inert in every spreadsheet. A spreadsheet runs a cell as a formula when it starts with
 * = + - @ (or their full-width and small forms), and LibreOffice and Excel first drop characters they do not
 * show — NUL and other C0 controls — and, with "trim spaces", leading whitespace of every Unicode kind. So the
 * test is on the first character that survives those steps, not on the first character of the string (which is
 * all csv-stringify's `escape_formulas` looks at).
 */

/** C0/C1 controls that a spreadsheet drops on import; tab, LF and CR are text in a quoted cell and stay. */
// eslint-disable-next-line no-control-regex -- the controls are what is looked for
const DROPPED_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * Characters that may stand before a formula starter and vanish or be trimmed on the way into a cell: controls,
 * every Unicode space (no-break, en/em…, ideographic), and invisible format characters (zero-width, bidi marks
 * and embeddings, word joiner, BOM).
 */
const LEADING_INVISIBLE =
  // eslint-disable-next-line no-control-regex -- the controls are what is looked for
  /^[\u0000-\u0020\u007F-\u00A0\u00AD\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u2064\u2066-\u206F\u3000\uFEFF]+/;

/** = + - @ and the forms a spreadsheet may normalise to them: full-width, small, and the minus sign. */
const FORMULA_STARTERS = new Set([
  '=',
  '+',
  '-',
  '@',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
  '\uFE62',
  '\uFE63',
  '\uFE66',
  '\uFE6B',
  '\u2212',
]);

/** True when a spreadsheet could read the text as a formula. */
export function looksLikeFormula(text: string): boolean {
  if (text.startsWith('\t') || text.startsWith('\r')) return true;
  const rest = text.replace(LEADING_INVISIBLE, '');
  const first = rest.codePointAt(0);
  return first !== undefined && FORMULA_STARTERS.has(String.fromCodePoint(first));
}

/**
 * A text cell as it is written to a CSV: controls a spreadsheet would drop are removed, and a cell that could
 * start a formula is prefixed with an apostrophe, which every spreadsheet shows as text. Everything else is kept
 * as it was (the CSV is where the full text of a name lives).
 */
export function safeCell(text: string): string {
  const kept = text.replace(DROPPED_CONTROLS, '');
  return looksLikeFormula(kept) || looksLikeFormula(text) ? `'${kept}` : kept;
}
