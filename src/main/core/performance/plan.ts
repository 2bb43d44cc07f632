import type { PerformanceFigures } from './figures';

export type ReportKind = Exclude<keyof PerformanceFigures, 'metricDaily'>;
export type ReportResource = 'flows' | 'campaigns' | 'forms' | 'segments';

/** One Reporting API call the audit may want, as data: which rules read it and how long it stays fresh. */
export type ReportJob = {
  kind: ReportKind;
  operationId: string;
  resource: ReportResource;
  rules: string[];
  maxAgeMs: number;
  needsConversionMetric: boolean;
};

const H = 3_600_000;

export const REPORT_JOBS: ReportJob[] = [
  {
    kind: 'flowValues30',
    operationId: 'query_flow_values',
    resource: 'flows',
    rules: ['F12', 'D3', 'R2'],
    maxAgeMs: 6 * H,
    needsConversionMetric: true,
  },
  {
    kind: 'flowValues90',
    operationId: 'query_flow_values',
    resource: 'flows',
    rules: ['F15', 'R1'],
    maxAgeMs: 24 * H,
    needsConversionMetric: true,
  },
  {
    kind: 'campaignValues30',
    operationId: 'query_campaign_values',
    resource: 'campaigns',
    rules: ['D3', 'R2'],
    maxAgeMs: 6 * H,
    needsConversionMetric: true,
  },
  {
    kind: 'campaignValues90',
    operationId: 'query_campaign_values',
    resource: 'campaigns',
    rules: ['C3', 'C4', 'C5', 'C6', 'C7', 'R1'],
    maxAgeMs: 12 * H,
    needsConversionMetric: true,
  },
  {
    kind: 'flowSeries',
    operationId: 'query_flow_series',
    resource: 'flows',
    rules: ['F13'],
    maxAgeMs: 12 * H,
    needsConversionMetric: true,
  },
  {
    kind: 'formValues30',
    operationId: 'query_form_values',
    resource: 'forms',
    rules: ['FM2', 'FM3'],
    maxAgeMs: 12 * H,
    needsConversionMetric: false,
  },
  {
    kind: 'segmentValues',
    operationId: 'query_segment_values',
    resource: 'segments',
    rules: ['L2', 'L3'],
    maxAgeMs: 24 * H,
    needsConversionMetric: false,
  },
];

/** How much a rule's figures matter (the audit passes its rules' severity weights; unknown ids weigh 0). */
export type RuleWeight = (ruleId: string) => number;

/** How much the audit needs a job: the summed weight of the rules that read it. */
export function jobWeight(job: ReportJob, ruleWeight: RuleWeight): number {
  return job.rules.reduce((w, id) => w + ruleWeight(id), 0);
}

export type PlanInput = {
  figures: PerformanceFigures;
  now: number;
  /** calls left today in the account's ledger */
  budgetLeft: number;
  /** calls reserved per report call (the client's attempts, so retries can never overspend) */
  callCost: number;
  /** at most this many calls in one run, so hourly refreshes leave budget for the rest of the day */
  maxCallsPerRun: number;
  resourceUsable: (r: ReportResource) => boolean;
  hasConversionMetric: boolean;
  ruleWeight: RuleWeight;
  /** ignore freshness (manual "refresh now") */
  force?: boolean;
};

export type Plan = { jobs: ReportJob[]; skipped: { kind: ReportKind; reason: string }[] };

/**
 * Picks the report calls for this run: stale or missing figures first, ordered by how much the rules need them
 * (weight × staleness), within both the day's remaining budget and the per-run share.
 */
export function planReports(p: PlanInput): Plan {
  const skipped: Plan['skipped'] = [];
  const candidates: { job: ReportJob; need: number }[] = [];
  for (const job of REPORT_JOBS) {
    if (!p.resourceUsable(job.resource)) {
      skipped.push({ kind: job.kind, reason: `${job.resource} not readable with this key` });
      continue;
    }
    if (job.needsConversionMetric && !p.hasConversionMetric) {
      skipped.push({ kind: job.kind, reason: 'no Placed Order metric to use as conversion metric' });
      continue;
    }
    const block = p.figures[job.kind];
    const age = block ? p.now - block.fetchedAt : Infinity;
    if (!p.force && age < job.maxAgeMs) {
      skipped.push({ kind: job.kind, reason: 'fresh' });
      continue;
    }
    const staleness = Number.isFinite(age) ? Math.min(4, age / job.maxAgeMs) : 5;
    candidates.push({ job, need: jobWeight(job, p.ruleWeight) * staleness });
  }
  candidates.sort((a, b) => b.need - a.need);
  const jobs: ReportJob[] = [];
  let budget = p.budgetLeft;
  for (const c of candidates) {
    if (jobs.length >= p.maxCallsPerRun) {
      skipped.push({ kind: c.job.kind, reason: 'per-run share used' });
      continue;
    }
    if (budget < p.callCost) {
      skipped.push({ kind: c.job.kind, reason: 'daily reporting budget used up' });
      continue;
    }
    budget -= p.callCost;
    jobs.push(c.job);
  }
  return { jobs, skipped };
}
