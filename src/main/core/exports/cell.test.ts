import { looksLikeFormula, safeCell } from './cell';

/** [what, cell as stored, cell as written to the CSV] */
const CASES: Array<[string, string, string]> = [
  // plain text is kept exactly
  ['plain name', 'Welcome Series', 'Welcome Series'],
  ['Polish and emoji', 'Zażółć gęślą jaźń 🛒', 'Zażółć gęślą jaźń 🛒'],
  ['a dash inside', 'Win-back – 2024', 'Win-back – 2024'],
  ['an equals sign inside', 'a=b', 'a=b'],
  ['empty', '', ''],
  ['leading space before a word', '  Welcome', '  Welcome'],
  ['already quoted text', "'=1+1", "'=1+1"],
  ['RTL text', '\u05E9\u05DC\u05D5\u05DD', '\u05E9\u05DC\u05D5\u05DD'],
  // the four starters
  ['equals', '=1+1', "'=1+1"],
  ['plus', '+1-2', "'+1-2"],
  ['minus', '-2+3', "'-2+3"],
  ['at', '@SUM(A1)', "'@SUM(A1)"],
  ['HYPERLINK', '=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
  // tab/CR-led cells
  ['tab then formula', '\t=1+1', "'\t=1+1"],
  ['CR then minus', '\r-2+3', "'\r-2+3"],
  ['tab then text', '\tname', "'\tname"],
  ['LF then formula', '\n=1+1', "'\n=1+1"],
  // controls spreadsheets drop are removed, and what follows them is judged
  ['NUL then HYPERLINK', '\u0000=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
  ['NUL inside', 'Wel\u0000come', 'Welcome'],
  ['BEL, ESC, DEL', '\u0007a\u001Bb\u007F', 'ab'],
  ['C1 control then plus', '\u0085+1', "'+1"],
  ['several controls then at', '\u0001\u0002\u0003@x', "'@x"],
  // leading whitespace of every kind before a starter
  ['space', ' =1+1', "' =1+1"],
  ['many spaces', '     -1', "'     -1"],
  ['no-break space', '\u00A0=1+1', "'\u00A0=1+1"],
  ['ideographic space', '\u3000=1+1', "'\u3000=1+1"],
  ['en quad', '\u2000=1+1', "'\u2000=1+1"],
  ['hair space', '\u200A+1', "'\u200A+1"],
  ['zero-width space', '\u200B=1+1', "'\u200B=1+1"],
  ['BOM', '\uFEFF=1+1', "'\uFEFF=1+1"],
  ['narrow no-break space', '\u202F@a', "'\u202F@a"],
  ['word joiner', '\u2060=1', "'\u2060=1"],
  ['RLO override', '\u202E=1+1', "'\u202E=1+1"],
  ['FSI isolate', '\u2068-1', "'\u2068-1"],
  ['mixed run', ' \t\u3000\u0000\u00A0=1+1', "' \t\u3000\u00A0=1+1"],
  // full-width and small forms
  ['full-width equals', '\uFF1D1+1', "'\uFF1D1+1"],
  ['full-width plus', '\uFF0B1', "'\uFF0B1"],
  ['full-width minus', '\uFF0D1', "'\uFF0D1"],
  ['full-width at', '\uFF20SUM(A1)', "'\uFF20SUM(A1)"],
  ['small equals', '\uFE661', "'\uFE661"],
  ['minus sign', '\u22121', "'\u22121"],
  ['ideographic space then full-width equals', '\u3000\uFF1D1', "'\u3000\uFF1D1"],
];

describe('safeCell', () => {
  it.each(CASES)('%s', (_what, input, expected) => {
    expect(safeCell(input)).toBe(expected);
  });

  it('never leaves a cell whose first visible character starts a formula', () => {
    for (const [, input] of CASES) {
      const out = safeCell(input);
      expect(out.startsWith("'") || !looksLikeFormula(out)).toBe(true);
      expect(out.includes('\u0000')).toBe(false);
    }
  });
});
