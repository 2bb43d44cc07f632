/**
 * Text as the PDF can print it. pdfkit lays out each string in one go and wraps an unbroken string in quadratic
 * time (10,000 characters take seconds), so names are clipped to a print length with an ellipsis; the CSV keeps
 * the full text.
 *
 * Bidi: pdfkit (fontkit) reorders runs of right-to-left script itself, but it ignores the explicit bidi controls —
 * an override (U+202E) is dropped silently and the isolates (U+2066–U+2069) have no glyph in DejaVu and print as
 * boxes. So a name cannot be wrapped in FSI…PDI here; instead every explicit bidi control is removed, which keeps
 * a name from reordering the text around it ("\u202Egnp.exe" prints as "gnp.exe", never as "exe.png").
 */

/** names in running text and evidence lines */
export const NAME_PRINT_LENGTH = 200;
/** labels beside a chart's bars and in its legend */
export const LABEL_PRINT_LENGTH = 40;

const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** At most `max` characters (code points), the last one an ellipsis when the text was longer. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return chars.slice(0, max - 1).join('') + '…';
}

/** Removes explicit bidi controls: pdfkit cannot honour them, and they must not reorder the surrounding text. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/**
 * A glyph filter for one font: controls become spaces, joiners and variation selectors of emoji we cannot draw
 * are dropped, and characters without a glyph become "□" instead of corrupting the page.
 */
export function glyphFilter(hasGlyph: (cp: number) => boolean): (text: string) => string {
  const cache = new Map<number, boolean>();
  return (text) => {
    let out = '';
    for (const ch of withoutBidiControls(text)) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1f3fb && cp <= 0x1f3ff)) continue;
      if (cp < 0x20 && ch !== '\n') {
        out += ' ';
        continue;
      }
      let ok = cache.get(cp);
      if (ok === undefined) cache.set(cp, (ok = hasGlyph(cp)));
      out += ok ? ch : '□';
    }
    return out;
  };
}
