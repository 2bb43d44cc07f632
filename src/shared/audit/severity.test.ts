import { severities } from '../contract/audit';
import { compareSeverity, worstFailing } from './severity';

describe('severity order', () => {
  it('sorts most urgent first, info last', () => {
    expect(
      ['info', 'low', 'critical', 'medium', 'high'].sort(compareSeverity as (a: string, b: string) => number),
    ).toEqual([...severities]);
  });

  it('names the most urgent failing finding, never a passing one nor an info note', () => {
    const f = (ruleId: string, status: string, severity: (typeof severities)[number]) => ({ ruleId, status, severity });
    expect(
      worstFailing([f('A', 'fail', 'info'), f('B', 'pass', 'critical'), f('C', 'unknown', 'critical')]),
    ).toBeNull();
    expect(
      worstFailing([f('A', 'fail', 'info'), f('B', 'fail', 'medium'), f('C', 'fail', 'high'), f('D', 'fail', 'high')])
        ?.ruleId,
    ).toBe('C');
  });
});
