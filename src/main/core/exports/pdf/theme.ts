import type { Severity } from '../../audit';
import { accentColours, REPORT_INK } from '../../../../shared/branding/report-colours';

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
  ...accentColours(null),
  ink: REPORT_INK,
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
  return accent ? { ...DEFAULT_THEME, ...accentColours(accent) } : DEFAULT_THEME;
}
