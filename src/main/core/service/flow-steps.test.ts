import { flowSteps } from './flow-steps';

describe('flowSteps', () => {
  it('walks the main path and both branches of a split, in order, with depth and branch', () => {
    const steps = flowSteps({
      triggers: [{ type: 'metric', id: 'M1' }],
      entry_action_id: '1',
      actions: [
        { id: '3', type: 'conditional-split', links: { next_if_true: '4', next_if_false: '5' }, data: {} },
        {
          id: '1',
          type: 'send-email',
          links: { next: '2' },
          data: { status: 'live', message: { name: 'Cart 1', id: 'm1' } },
        },
        { id: '2', type: 'time-delay', links: { next: '3' }, data: { unit: 'hours', value: 1 } },
        { id: '4', type: 'send-sms', links: { next: null }, data: { status: 'draft', message: { name: 'Cart SMS' } } },
        { id: '5', type: 'time-delay', links: { next: '6' }, data: { unit: 'days', value: 2 } },
        { id: '6', type: 'webhook', links: { next: null }, data: {} },
        { id: '9', type: 'update-profile', links: { next: null }, data: {} },
      ],
    })!;
    expect(steps.map((s) => [s.title, s.depth, s.branch, s.status])).toEqual([
      ['Trigger: metric (M1)', 0, null, null],
      ['Send email “Cart 1”', 0, null, 'live'],
      ['Wait 1 hour', 0, null, null],
      ['Conditional split', 0, null, null],
      ['Send SMS “Cart SMS”', 1, 'yes', 'draft'],
      ['Wait 2 days', 1, 'no', null],
      ['Webhook', 1, null, null],
      // not reachable from the entry, still listed so nothing is hidden
      ['Update profile property', 0, null, null],
    ]);
  });

  it('survives cycles, missing links and junk', () => {
    const cyc = flowSteps({
      actions: [
        { id: 'a', type: 'time-delay', links: { next: 'b' } },
        { id: 'b', type: 'time-delay', links: { next: 'a' } },
      ],
    });
    expect(cyc).toHaveLength(2);
    expect(flowSteps(null)).toBeNull();
    expect(flowSteps('nope')).toBeNull();
    expect(flowSteps({ actions: 'x' })).toEqual([]);
    expect(
      flowSteps({ actions: [{ id: 'z', type: 'mystery-step', links: { next: 'gone' } }] })!.map((s) => s.title),
    ).toEqual(['Mystery step']);
  });
});
