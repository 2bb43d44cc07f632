import type { ChangeSet } from '../../../shared/contract/changes';
import { AREA_WEIGHTS, ruleById, SEVERITY_WEIGHT, type AuditHistoryPoint, type AuditResult } from '../audit';
import type { ReportSummary } from './pdf';

/** how many actions the summary names, and how many changed items it lists */
const TOP_ACTIONS = 5;
const CHANGED_ITEMS = 8;

/**
 * Points of the overall score each failing finding costs: the weight of the band it hit, as a share of its area's
 * weight, times the area's share of the overall score (see audit/score.ts). The "impact" the summary ranks by.
 */
export function pointsLost(r: AuditResult): { ruleId: string; points: number }[] {
  const areaTotal = new Map<string, number>();
  for (const f of r.findings) {
    const rule = ruleById(f.ruleId);
    areaTotal.set(f.area, (areaTotal.get(f.area) ?? 0) + SEVERITY_WEIGHT[rule?.severity ?? f.severity]);
  }
  const scored = [...areaTotal].filter(([, w]) => w > 0);
  const weightSum = scored.reduce((s, [a]) => s + AREA_WEIGHTS[a as keyof typeof AREA_WEIGHTS], 0);
  return (
    r.findings
      // a failure the strategist accepted or snoozed is not scored, so it costs nothing and is no action to name
      .filter((f) => f.status === 'fail' && SEVERITY_WEIGHT[f.severity] > 0 && !f.decision)
      .map((f) => {
        const total = areaTotal.get(f.area) ?? 0;
        const points =
          total && weightSum ? (SEVERITY_WEIGHT[f.severity] / total) * 100 * (AREA_WEIGHTS[f.area] / weightSum) : 0;
        return { ruleId: f.ruleId, points };
      })
      .sort((a, b) => b.points - a.points || a.ruleId.localeCompare(b.ruleId))
  );
}

/**
 * The executive summary's facts: the score of the last exported report, the one the client saw (when none was
 * exported yet, the audit before this one: a re-audit of the same sync replaces its audit, so the previous point
 * is an earlier sync's), the five failing checks that cost the most points, and the change set of the last two
 * complete syncs.
 */
export function reportSummary(
  r: AuditResult,
  history: AuditHistoryPoint[],
  changes: ChangeSet,
  lastReport?: { score: number; exportedAt: number } | null,
): ReportSummary {
  const current = history.find((h) => h.evaluatedAt === r.evaluatedAt) ?? history.at(-1);
  const prev =
    history
      .filter((h) => h.evaluatedAt < r.evaluatedAt && h.id !== current?.id)
      .filter((h) => current?.syncRunId == null || h.syncRunId !== current.syncRunId)
      .at(-1) ?? null;
  return {
    previous: lastReport
      ? { score: lastReport.score, evaluatedAt: lastReport.exportedAt, kind: 'report' }
      : prev
        ? { score: prev.score, evaluatedAt: prev.evaluatedAt, kind: 'audit' }
        : null,
    topActions: pointsLost(r).slice(0, TOP_ACTIONS),
    changes:
      changes.from && changes.to
        ? {
            from: Date.parse(changes.from.startedAt),
            to: Date.parse(changes.to.startedAt),
            counts: Object.values(changes.counts).reduce(
              (s, c) => ({
                added: s.added + c.added,
                removed: s.removed + c.removed,
                modified: s.modified + c.modified,
              }),
              { added: 0, removed: 0, modified: 0 },
            ),
            total: changes.total,
            items: changes.items
              .slice(0, CHANGED_ITEMS)
              .map((i) => ({ type: i.type, name: i.name, kind: i.kind, summary: i.summary })),
            incomplete: changes.incomplete,
          }
        : null,
  };
}
