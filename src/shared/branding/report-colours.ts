/**
 * The colours a report's cover takes from the agency's accent: the PDF draws with them and the settings screen
 * previews them, so the preview is what the paper shows.
 */

/** the report's own accent when the agency set none */
export const DEFAULT_ACCENT = '#5f3dc4';
export const REPORT_INK = '#212529';

export type AccentColours = {
  accent: string;
  /** text on an accent band: white, or ink when the accent is too light for white */
  onAccent: string;
  /** the accent as a text colour on paper: ink when the accent is too light to read on white */
  accentText: string;
};

/** The cover's colours for an accent (null: the report's own). */
export function accentColours(accent: string | null | undefined): AccentColours {
  if (!accent) return { accent: DEFAULT_ACCENT, onAccent: '#ffffff', accentText: DEFAULT_ACCENT };
  const readable = contrast(accent, '#ffffff') >= 3;
  return { accent, onAccent: readable ? '#ffffff' : REPORT_INK, accentText: readable ? accent : REPORT_INK };
}

/** WCAG contrast ratio of two "#rrggbb" colours (1–21). */
export function contrast(a: string, b: string): number {
  const [la, lb] = [luminance(a), luminance(b)];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
