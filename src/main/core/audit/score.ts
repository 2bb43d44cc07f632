import { AREA_ORDER, type Area, type AreaScore, type Finding, type Severity } from './types';

/**
 * Scoring (documented in README.md):
 * - each rule weighs by its catalogue severity: critical 10, high 6, medium 3, low 1, info 0;
 * - pass earns the full weight; unknown earns nothing (never a pass) but lowers coverage;
 * - fail earns the weight minus the weight of the band that was hit, so a critical rule failing only
 *   in its "high" band still earns 4 of 10; a fail at the rule's own severity earns 0;
 * - an area's score is earned / total weight × 100; the overall score weights areas by AREA_WEIGHTS,
 *   counting only areas that have weighted rules.
 */
export const SEVERITY_WEIGHT: Record<Severity, number> = { critical: 10, high: 6, medium: 3, low: 1, info: 0 };

export const AREA_WEIGHTS: Record<Area, number> = {
  flows: 25,
  deliverability: 15,
  campaigns: 15,
  lists: 12,
  tracking: 10,
  forms: 8,
  revenue: 8,
  account: 4,
  sync: 3,
};

export function earned(ruleSeverity: Severity, f: Finding): number {
  const w = SEVERITY_WEIGHT[ruleSeverity];
  if (f.status === 'pass') return w;
  if (f.status === 'unknown') return 0;
  return Math.max(0, w - SEVERITY_WEIGHT[f.severity]);
}

export function scoreAreas(findings: { f: Finding; ruleSeverity: Severity }[]): {
  areas: AreaScore[];
  score: number;
  coverage: number;
} {
  const areas: AreaScore[] = [];
  let weighted = 0;
  let weights = 0;
  let covered = 0;
  let totalAll = 0;
  for (const area of AREA_ORDER) {
    const mine = findings.filter((x) => x.f.area === area);
    if (!mine.length) continue;
    let total = 0;
    let got = 0;
    let known = 0;
    for (const { f, ruleSeverity } of mine) {
      const w = SEVERITY_WEIGHT[ruleSeverity];
      total += w;
      got += earned(ruleSeverity, f);
      if (f.status !== 'unknown') known += w;
    }
    const score = total ? (got / total) * 100 : 100;
    areas.push({
      area,
      score: Math.round(score),
      coverage: total ? known / total : 1,
      pass: mine.filter((x) => x.f.status === 'pass').length,
      fail: mine.filter((x) => x.f.status === 'fail').length,
      unknown: mine.filter((x) => x.f.status === 'unknown').length,
    });
    covered += known;
    totalAll += total;
    if (total) {
      weighted += AREA_WEIGHTS[area] * score;
      weights += AREA_WEIGHTS[area];
    }
  }
  return { areas, score: weights ? Math.round(weighted / weights) : 0, coverage: totalAll ? covered / totalAll : 0 };
}
