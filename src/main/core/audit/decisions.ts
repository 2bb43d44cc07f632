import type { FindingDecisionRow } from '../store';
import { ruleById } from './rules';
import { scoreAreas } from './score';
import type { AuditResult, Comment, Decision, Finding } from './types';

/** How a decision names one evidence item of a finding: `flow/XyZ12`. '' is the whole finding. */
export const itemKeyOf = (i: { type: string; id: string }): string => `${i.type}/${i.id}`;

export function itemOfKey(key: string): { type: string; id: string } | null {
  const at = key.indexOf('/');
  return at > 0 ? { type: key.slice(0, at), id: key.slice(at + 1) } : null;
}

/** accepted holds until reopened; a snooze holds until its time, and from then the finding counts again */
export function decisionHolds(row: Pick<FindingDecisionRow, 'state' | 'snoozeUntil'>, now: number): boolean {
  return row.state === 'accepted' || (row.state === 'snoozed' && row.snoozeUntil !== null && row.snoozeUntil > now);
}

function decisionOf(row: FindingDecisionRow | undefined, now: number): Decision | null {
  if (!row || !decisionHolds(row, now)) return null;
  return {
    state: row.state as Decision['state'],
    until: row.state === 'snoozed' ? row.snoozeUntil : null,
    by: row.stateBy ?? '',
    at: row.stateAt ?? 0,
  };
}

function commentOf(row: FindingDecisionRow | undefined): Comment | null {
  return row?.note ? { text: row.note, by: row.noteBy ?? '', at: row.noteAt ?? 0 } : null;
}

/** Every item decided: the finding is snoozed while any item is (until the earliest), else accepted. */
function fromItems(decisions: Decision[]): Decision {
  const snoozed = decisions.filter((d) => d.state === 'snoozed');
  const latest = decisions.reduce((a, b) => (b.at > a.at ? b : a));
  return snoozed.length
    ? { state: 'snoozed', until: Math.min(...snoozed.map((d) => d.until ?? 0)), by: latest.by, at: latest.at }
    : { state: 'accepted', until: null, by: latest.by, at: latest.at };
}

/** A failure whose decision holds: listed apart, and neither a failure nor a pass of the score. */
export const isSetAside = (f: Pick<Finding, 'status' | 'decision'>): boolean => f.status === 'fail' && !!f.decision;

/**
 * Lays the workspace's decisions over an audit (stored or fresh) as of `now`, and scores it again: a failure
 * that is accepted, or snoozed until a time to come, leaves the score (its rule's weight is taken out of its
 * area, like a rule that does not apply) and the fail/critical counts. The rules' own verdicts stay as they were,
 * so laying the decisions again later (a snooze ran out, a decision changed) starts from the same findings.
 */
export function applyDecisions(result: AuditResult, rows: readonly FindingDecisionRow[], now: number): AuditResult {
  const byKey = new Map(rows.map((r) => [`${r.ruleId}#${r.itemKey}`, r]));
  const findings = result.findings.map((f): Finding => {
    const items = f.evidence.items.map((i) => {
      const row = byKey.get(`${f.ruleId}#${itemKeyOf(i)}`);
      return { ...i, decision: decisionOf(row, now), comment: commentOf(row) };
    });
    const own = byKey.get(`${f.ruleId}#`);
    let decision = decisionOf(own, now);
    if (!decision && f.status === 'fail' && items.length && items.every((i) => i.decision))
      decision = fromItems(items.map((i) => i.decision!));
    return { ...f, evidence: { ...f.evidence, items }, decision, comment: commentOf(own) };
  });
  const scored = findings
    .filter((f) => !isSetAside(f))
    .map((f) => ({ f, ruleSeverity: ruleById(f.ruleId)?.severity ?? f.severity }));
  const { areas, score, coverage } = scoreAreas(scored);
  const failing = findings.filter((f) => f.status === 'fail' && !f.decision);
  return {
    ...result,
    score,
    coverage: Number(coverage.toFixed(3)),
    areas,
    findings,
    counts: {
      pass: findings.filter((f) => f.status === 'pass').length,
      fail: failing.length,
      unknown: findings.filter((f) => f.status === 'unknown').length,
      critical: failing.filter((f) => f.severity === 'critical').length,
      accepted: findings.filter(isSetAside).length,
    },
  };
}

export type SincePrevious = {
  evaluatedAt: number;
  newRuleIds: string[];
  resolved: { ruleId: string; title: string; severity: Finding['severity'] }[];
};

/**
 * What moved since the previous audit: rules failing now that did not fail then (marked `isNew`), and rules that
 * failed then and pass now. A rule that cannot be judged now is neither new nor resolved.
 */
export function compareWithPrevious(
  current: AuditResult,
  previous: {
    evaluatedAt: number;
    findings: readonly Pick<Finding, 'ruleId' | 'status' | 'severity' | 'title'>[];
  } | null,
): { result: AuditResult; since: SincePrevious | null } {
  if (!previous) return { result: current, since: null };
  const before = new Map(previous.findings.map((f) => [f.ruleId, f]));
  const newRuleIds: string[] = [];
  const findings = current.findings.map((f) => {
    const isNew = f.status === 'fail' && before.get(f.ruleId)?.status !== 'fail';
    if (isNew) newRuleIds.push(f.ruleId);
    return { ...f, isNew };
  });
  const resolved = current.findings
    .filter((f) => f.status === 'pass' && before.get(f.ruleId)?.status === 'fail')
    .map((f) => ({ ruleId: f.ruleId, title: f.title, severity: before.get(f.ruleId)!.severity }));
  return { result: { ...current, findings }, since: { evaluatedAt: previous.evaluatedAt, newRuleIds, resolved } };
}
