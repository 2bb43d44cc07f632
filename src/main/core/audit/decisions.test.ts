import type { FindingDecisionRow } from '../store';
import { decideCriticalAlerts } from './alerts';
import { applyDecisions, compareWithPrevious } from './decisions';
import { ruleById } from './rules';
import { scoreAreas } from './score';
import type { AuditResult, Finding } from './types';

const DAY = 86_400_000;
const NOW = Date.parse('2026-12-03T12:00:00Z');

function finding(ruleId: string, status: Finding['status'], items: string[] = []): Finding {
  const rule = ruleById(ruleId)!;
  return {
    ruleId,
    area: rule.area,
    title: rule.title,
    severity: rule.severity,
    status,
    summary: '',
    message: { key: 'x', params: {} },
    evidence: { items: items.map((id) => ({ type: 'flow', id, name: id, figures: {} })), figures: {} },
    recommendation: '',
    figuresAsOf: null,
  };
}

function audit(findings: Finding[], evaluatedAt = NOW): AuditResult {
  const { areas, score, coverage } = scoreAreas(
    findings.map((f) => ({ f, ruleSeverity: ruleById(f.ruleId)!.severity })),
  );
  const fail = findings.filter((f) => f.status === 'fail');
  return {
    evaluatedAt,
    score,
    coverage,
    scored: true,
    areas,
    findings,
    counts: {
      pass: findings.filter((f) => f.status === 'pass').length,
      fail: fail.length,
      unknown: findings.filter((f) => f.status === 'unknown').length,
      critical: fail.filter((f) => f.severity === 'critical').length,
      accepted: 0,
    },
    currency: null,
  };
}

function row(ruleId: string, o: Partial<FindingDecisionRow> = {}): FindingDecisionRow {
  return {
    workspaceId: 'w',
    ruleId,
    itemKey: '',
    state: 'accepted',
    snoozeUntil: null,
    stateBy: 'Ola',
    stateAt: NOW - DAY,
    note: null,
    noteBy: null,
    noteAt: null,
    ...o,
  };
}

describe('decisions laid over an audit', () => {
  // F1 and F3 are critical flows rules; F14 is low
  const base = audit([finding('F1', 'pass'), finding('F3', 'fail'), finding('F14', 'fail', ['a', 'b'])]);

  it('an accepted failure leaves the failures and the score, as if its rule did not apply', () => {
    const r = applyDecisions(base, [row('F3')], NOW);
    expect(r.findings.find((f) => f.ruleId === 'F3')).toMatchObject({
      status: 'fail',
      decision: { state: 'accepted', by: 'Ola' },
    });
    expect(r.counts).toMatchObject({ fail: 1, critical: 0, accepted: 1 });
    const without = audit([finding('F1', 'pass'), finding('F14', 'fail', ['a', 'b'])]);
    expect(r.score).toBe(without.score);
    expect(r.score).toBeGreaterThan(base.score);
  });

  it('a snooze holds until its date, then the failure counts again', () => {
    const snooze = row('F3', { state: 'snoozed', snoozeUntil: NOW + DAY });
    expect(applyDecisions(base, [snooze], NOW).counts).toMatchObject({ fail: 1, accepted: 1 });
    const after = applyDecisions(base, [snooze], NOW + DAY);
    expect(after.findings.find((f) => f.ruleId === 'F3')!.decision).toBeNull();
    expect(after.counts).toMatchObject({ fail: 2, critical: 1, accepted: 0 });
    expect(after.score).toBe(base.score);
  });

  it('a finding is set aside when every one of its items is, not when some are', () => {
    const one = applyDecisions(base, [row('F14', { itemKey: 'flow/a' })], NOW);
    const f14 = one.findings.find((f) => f.ruleId === 'F14')!;
    expect(f14.decision).toBeNull();
    expect(f14.evidence.items.map((i) => i.decision?.state ?? null)).toEqual(['accepted', null]);
    expect(one.counts.fail).toBe(2);
    const both = applyDecisions(
      base,
      [
        row('F14', { itemKey: 'flow/a' }),
        row('F14', { itemKey: 'flow/b', state: 'snoozed', snoozeUntil: NOW + 2 * DAY }),
      ],
      NOW,
    );
    expect(both.findings.find((f) => f.ruleId === 'F14')!.decision).toMatchObject({
      state: 'snoozed',
      until: NOW + 2 * DAY,
    });
    expect(both.counts).toMatchObject({ fail: 1, accepted: 1 });
  });

  it('a note rides along without changing the verdict; laying decisions again starts from the rules’ verdicts', () => {
    const noted = applyDecisions(
      base,
      [row('F3', { state: 'open', note: 'Client builds it in January', noteBy: 'Ola', noteAt: NOW })],
      NOW,
    );
    expect(noted.findings.find((f) => f.ruleId === 'F3')).toMatchObject({
      decision: null,
      comment: { text: 'Client builds it in January' },
    });
    expect(noted.score).toBe(base.score);
    const accepted = applyDecisions(base, [row('F3')], NOW);
    expect(applyDecisions(accepted, [], NOW).score).toBe(base.score);
  });

  it('names what is new and what was resolved since the previous audit', () => {
    const before = audit([finding('F1', 'fail'), finding('F3', 'pass'), finding('F14', 'unknown')], NOW - DAY);
    const { result, since } = compareWithPrevious(base, before);
    expect(since).toEqual({
      evaluatedAt: NOW - DAY,
      newRuleIds: ['F3', 'F14'],
      resolved: [{ ruleId: 'F1', title: ruleById('F1')!.title, severity: 'critical' }],
    });
    expect(result.findings.filter((f) => f.isNew).map((f) => f.ruleId)).toEqual(['F3', 'F14']);
    expect(compareWithPrevious(base, null).since).toBeNull();
  });
});

describe('decideCriticalAlerts (which critical findings to announce)', () => {
  const run = (findings: Finding[], notified: string[]) => decideCriticalAlerts(audit(findings), notified);

  it('announces a new critical finding once, then stays quiet while it stays open', () => {
    const first = run([finding('F3', 'fail'), finding('F14', 'fail')], []);
    expect(first.announce.map((f) => f.ruleId)).toEqual(['F3']);
    expect(first.remember).toEqual(['F3']);
    const second = run([finding('F3', 'fail')], first.remember);
    expect(second.announce).toEqual([]);
  });

  it('announces only the newcomer when another critical finding appears', () => {
    const r = run([finding('F1', 'fail'), finding('F3', 'fail')], ['F3']);
    expect(r.announce.map((f) => f.ruleId)).toEqual(['F1']);
    expect(r.remember.sort()).toEqual(['F1', 'F3']);
  });

  it('a finding resolved and back again is new again; unknown is not a failure', () => {
    const resolved = run([finding('F3', 'pass')], ['F3']);
    expect(resolved).toEqual({ announce: [], remember: [] });
    expect(run([finding('F3', 'unknown')], []).announce).toEqual([]);
    expect(run([finding('F3', 'fail')], resolved.remember).announce.map((f) => f.ruleId)).toEqual(['F3']);
  });

  it('an accepted or snoozed critical finding is not announced', () => {
    const accepted = applyDecisions(audit([finding('F3', 'fail')]), [row('F3')], NOW);
    expect(decideCriticalAlerts(accepted, [])).toEqual({ announce: [], remember: [] });
  });
});
