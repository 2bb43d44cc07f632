import type { Area, Severity } from '../../audit';

/**
 * Colours and words of the report. One object per report, so the agency's colours and the report language can
 * replace the defaults without touching the sections.
 */
export type PdfTheme = { accent: string; ink: string; muted: string; rule: string; track: string };

export const DEFAULT_THEME: PdfTheme = {
  accent: '#5f3dc4',
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

export const fmtDate = (t: number) => new Date(t).toISOString().slice(0, 10);
export const fmtDateTime = (t: number) => new Date(t).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';

/** The report's English words. */
export const EN_LABELS = {
  /** the language of the words shared with the screens (stale audit) */
  locale: 'en',
  coverKicker: 'KLAVIYO ACCOUNT AUDIT',
  prepared: (date: string) => `Prepared ${date}`,
  overallScore: 'overall score',
  counts: (c: { fail: number; pass: number; unknown: number; critical: number }) =>
    `${c.fail} failing · ${c.pass} passing · ${c.unknown} unknown · ${c.critical} critical`,
  coverage: (pct: number) =>
    `Coverage ${pct}% of the weighted rules could be evaluated (unknown rules earn no points).`,
  testAccount: 'Test account: shown for reference, not counted as a client score.',
  evaluated: (at: string) => `Audit evaluated ${at}`,
  figuresAsOf: (at: string) => `Performance figures as of ${at}`,
  scoreByArea: 'Score by area',
  areaLine: (a: { fail: number; pass: number; unknown: number; coverage: number }) =>
    `${a.fail} fail · ${a.pass} pass · ${a.unknown} unknown · coverage ${Math.round(a.coverage * 100)}%`,
  failingBySeverity: 'Failing findings by severity',
  weights:
    'Weights: critical 10, high 6, medium 3, low 1, info 0. A pass earns the full weight, an unknown earns nothing, a fail earns the weight minus the weight of the band it hit. Areas are weighted: flows 25, deliverability 15, campaigns 15, lists 12, tracking 10, forms 8, revenue 8, account 4, data freshness 3.',
  performance: 'Performance',
  flowRevenue: 'Flow revenue, last 90 days (top 10)',
  campaignRevenue: 'Campaign revenue, last 90 days (top 10)',
  metricVolume: 'Trigger-metric events per day',
  seriesSpan: (start: string, days: number) => `from ${start}, ${days} days`,
  findings: 'Findings',
  findingFiguresAsOf: (at: string) => `figures as of ${at}`,
  moreEvidence: (n: number) => `• … and ${n} more`,
  recommendation: 'Recommendation: ',
  page: (i: number, n: number) => `Page ${i} of ${n}`,
  title: (client: string) => `Klaviyo audit – ${client}`,
  area: {
    flows: 'Flows',
    tracking: 'Tracking (trigger metrics)',
    campaigns: 'Campaigns',
    deliverability: 'Deliverability',
    lists: 'Lists & segments',
    forms: 'Forms',
    revenue: 'Revenue & attribution',
    account: 'Account',
    sync: 'Data freshness',
  } satisfies Record<Area, string>,
};
export type PdfLabels = typeof EN_LABELS;
