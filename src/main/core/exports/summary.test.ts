// The executive summary's top actions: failing checks ranked by the points of the score they cost; a failure the
// strategist accepted or snoozed is not scored, so it is never named as an action.
import { allFixtureCases, evaluateCase } from '../audit/fixtures/summary-cases';
import { pointsLost } from './summary';

describe('top actions by impact', () => {
  const failing = allFixtureCases()
    .map(([, c]) => evaluateCase(c))
    .find((r) => r.findings.filter((f) => f.status === 'fail' && f.severity !== 'info').length >= 3)!;

  it('ranks failing findings by points lost, most first', () => {
    const ranked = pointsLost(failing);
    expect(ranked.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.points).toBeGreaterThanOrEqual(ranked[i]!.points);
    for (const a of ranked) expect(failing.findings.find((f) => f.ruleId === a.ruleId)!.status).toBe('fail');
  });

  it('leaves out a failure with a decision (accepted or snoozed)', () => {
    const top = pointsLost(failing)[0]!;
    const decided = {
      ...failing,
      findings: failing.findings.map((f) =>
        f.ruleId === top.ruleId
          ? { ...f, decision: { state: 'accepted' as const, until: null, by: 'anna', at: 1 } }
          : f,
      ),
    };
    expect(pointsLost(decided).map((a) => a.ruleId)).not.toContain(top.ruleId);
  });
});
