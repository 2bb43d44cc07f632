import type { Severity } from '../../audit';

/** Colours of the report; the agency's accent colour replaces the default one (see themeFor). */
export type PdfTheme = {
  accent: string;
  /** text on an accent band: white, or ink when the accent is too light for white */
  onAccent: string;
  /** the accent as a text colour on paper: ink when the accent is too light to read on white */
  accentText: string;
  ink: string;
  muted: string;
  rule: string;
  track: string;
};

export const DEFAULT_THEME: PdfTheme = {
  accent: '#5f3dc4',
  onAccent: '#ffffff',
  accentText: '#5f3dc4',
  ink: '#212529',
  muted: '#6c757d',
  rule: '#ced4da',
  track: '#f1f3f5',
};

export const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#c92a2a',
  high: '#e8590c',
  medium: '#f08c00',
  low: '#1c7ed6',
  info: '#868e96',
};
export const STATUS_COLOR = { pass: '#2b8a3e', fail: '#c92a2a', unknown: '#868e96' } as const;
export const SERIES_PALETTE = ['#5f3dc4', '#1c7ed6', '#2b8a3e', '#e8590c', '#c2255c', '#0c8599'];
export const scoreColor = (s: number) => (s >= 80 ? '#2b8a3e' : s >= 60 ? '#f08c00' : '#c92a2a');

/** The report's colours with the agency's accent, when it set one. */
export function themeFor(accent: string | null | undefined): PdfTheme {
  if (!accent) return DEFAULT_THEME;
  const onWhite = contrast(accent, '#ffffff');
  return {
    ...DEFAULT_THEME,
    accent,
    onAccent: onWhite >= 3 ? '#ffffff' : DEFAULT_THEME.ink,
    accentText: onWhite >= 3 ? accent : DEFAULT_THEME.ink,
  };
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
