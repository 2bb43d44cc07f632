import { metricInfo, metricLabels, TRIGGER_METRIC_NAMES } from '../performance';
import { accountCurrency, nameOf, type AuditInput } from './input';

export type ChartBar = { label: string; value: number; note?: string; recipients?: number };
export type ChartSeries = { label: string; values: number[] };

/** The performance charts of an audit (the dashboard's and the PDF's). */
export type AuditCharts = {
  flowRevenue?: ChartBar[];
  campaignRevenue?: ChartBar[];
  /** trigger-metric daily counts, oldest first, with the first date */
  metricVolume?: { startDate: string; series: ChartSeries[] };
};

/** Chart data for the PDF (and the dashboard) from the figures and the inventory's names. */
export function chartsFromInput(input: AuditInput): AuditCharts {
  const perf = input.performance;
  const flowNames = new Map(input.flows.map((f) => [f.id, nameOf(f)]));
  const campaignNames = new Map(input.campaigns.map((c) => [c.id, nameOf(c)]));
  const bars = (byId: Record<string, { conversion_value: number; recipients: number }>, names: Map<string, string>) =>
    Object.entries(byId)
      .map(([id, s]) => ({
        label: names.get(id) ?? id,
        value: s.conversion_value,
        note: `${s.recipients.toLocaleString('en-US')} recipients`,
        recipients: s.recipients,
      }))
      .sort((a, b) => b.value - a.value);
  const charts: AuditCharts = {};
  if (perf.flowValues90) charts.flowRevenue = bars(perf.flowValues90.byId, flowNames);
  if (perf.campaignValues90) charts.campaignRevenue = bars(perf.campaignValues90.byId, campaignNames);
  const m = perf.metricDaily;
  if (m) {
    // by id when the figures have it: two metrics of one name are two series, each named with its integration
    const labels = metricLabels(input.metrics.map(metricInfo));
    const series = m.byId
      ? Object.entries(m.byId).map(([id, values]) => ({ label: labels.get(id) ?? id, values }))
      : TRIGGER_METRIC_NAMES.filter((n) => m.byName[n]).map((n) => ({ label: n, values: m.byName[n]! }));
    if (series.length) charts.metricVolume = { startDate: m.dates[0] ?? '', series };
  }
  return charts;
}

/** The oldest fetched-at among the figures used, for "figures as of". */
export function oldestFigures(input: AuditInput): number | null {
  const ts: number[] = [];
  for (const b of Object.values(input.performance)) if (b) ts.push(b.fetchedAt);
  return ts.length ? Math.min(...ts) : null;
}

/**
 * Chart data for the dashboard (flow and campaign revenue, trigger-metric volume), with the age of each block.
 */
export function dashboardCharts(input: AuditInput) {
  const p = input.performance;
  return {
    currency: accountCurrency(input.account),
    ...chartsFromInput(input),
    asOf: {
      flows: p.flowValues90?.fetchedAt ?? null,
      campaigns: p.campaignValues90?.fetchedAt ?? null,
      metrics: p.metricDaily?.fetchedAt ?? null,
    },
  };
}
