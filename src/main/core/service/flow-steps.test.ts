import { FlowStepSchema } from '../../../shared/contract/inventory';
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
    expect(steps.map((s) => [s.label, s.depth, s.branch, s.status])).toEqual([
      [{ key: 'triggerMetric', params: { id: 'M1' } }, 0, null, null],
      [{ key: 'sendEmailNamed', params: { name: 'Cart 1' } }, 0, null, 'live'],
      [{ key: 'delayHours', params: { count: 1 } }, 0, null, null],
      [{ key: 'conditionalSplit', params: {} }, 0, null, null],
      [{ key: 'sendSmsNamed', params: { name: 'Cart SMS' } }, 1, 'yes', 'draft'],
      [{ key: 'delayDays', params: { count: 2 } }, 1, 'no', null],
      [{ key: 'webhook', params: {} }, 1, null, null],
      // not reachable from the entry, still listed so nothing is hidden
      [{ key: 'updateProfile', params: {} }, 0, null, null],
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
      flowSteps({ actions: [{ id: 'z', type: 'mystery-step', links: { next: 'gone' } }] })!.map((s) => s.label),
    ).toEqual([{ key: 'other', params: { type: 'mystery-step' } }]);
  });

  const labelOf = (action: Record<string, unknown>) => flowSteps({ actions: [{ id: 'a', ...action }] })![0]!.label;

  it('describes each send by its channel, with the message name when there is one', () => {
    const send = (type: string, message?: Record<string, unknown>) => labelOf({ type, data: { message } });
    expect(send('send-email', { name: 'Welcome 1' })).toEqual({ key: 'sendEmailNamed', params: { name: 'Welcome 1' } });
    expect(send('send-email', { name: '' })).toEqual({ key: 'sendEmail', params: {} });
    expect(send('send-sms')).toEqual({ key: 'sendSms', params: {} });
    expect(send('send-mobile-push', { name: 'Back soon' })).toEqual({
      key: 'sendPushNamed',
      params: { name: 'Back soon' },
    });
    expect(send('send-push-notification')).toEqual({ key: 'sendPush', params: {} });
    expect(send('send-whatsapp', { name: 'WA' })).toEqual({ key: 'sendWhatsAppNamed', params: { name: 'WA' } });
    expect(send('send-internal-alert')).toEqual({ key: 'sendInternalAlert', params: {} });
  });

  it('gives a delay its count and unit (singular or plural spelling), and passes odd ones through as given', () => {
    const delay = (data: Record<string, unknown>) => labelOf({ type: 'time-delay', data });
    expect(delay({ value: 1, unit: 'days' })).toEqual({ key: 'delayDays', params: { count: 1 } });
    expect(delay({ value: 1, unit: 'day' })).toEqual({ key: 'delayDays', params: { count: 1 } });
    expect(delay({ value: 24, unit: 'hours' })).toEqual({ key: 'delayHours', params: { count: 24 } });
    expect(delay({ value: 30, unit: 'minutes' })).toEqual({ key: 'delayMinutes', params: { count: 30 } });
    expect(delay({ value: 0, unit: 'days' })).toEqual({ key: 'delayDays', params: { count: 0 } });
    expect(delay({ value: 2, unit: 'fortnights' })).toEqual({
      key: 'delayOther',
      params: { value: '2', unit: 'fortnights' },
    });
    expect(delay({ value: 1.5, unit: 'hours' })).toEqual({
      key: 'delayOther',
      params: { value: '1.5', unit: 'hours' },
    });
    expect(delay({ unit: 'days' })).toEqual({ key: 'delayOther', params: { value: '?', unit: 'days' } });
  });

  it('names splits, tests, profile and list updates and webhooks by their kind, with their status', () => {
    const kind = (type: string, data: Record<string, unknown> = {}) => {
      const [step] = flowSteps({ actions: [{ id: 'a', type, data }] })!;
      return [step!.label.key, step!.status, step!.details];
    };
    expect(kind('conditional-split')).toEqual(['conditionalSplit', null, {}]);
    expect(kind('trigger-split')).toEqual(['triggerSplit', null, {}]);
    expect(kind('ab-test', { status: 'live' })).toEqual(['abTest', 'live', {}]);
    expect(kind('content-experiment')).toEqual(['abTest', null, {}]);
    expect(kind('update-profile', { status: 'draft' })).toEqual(['updateProfile', 'draft', {}]);
    expect(kind('list-update')).toEqual(['updateList', null, {}]);
    expect(kind('webhook', { url: 'https://a.example' })).toEqual(['webhook', null, { url: 'https://a.example' }]);
    expect(kind('send-webhook', { status: 'live', message: { url: 'https://b.example' } })).toEqual([
      'webhook',
      'live',
      { url: 'https://b.example' },
    ]);
    expect(flowSteps({ actions: [{ id: 'a' }] })![0]!.label).toEqual({ key: 'other', params: { type: 'unknown' } });
  });

  it('describes the date-flow waits, multi-way splits and the rarer kinds of the spec', () => {
    const step = (type: string, data: Record<string, unknown> = {}) => {
      const [s] = flowSteps({ actions: [{ id: 'a', type, data }] })!;
      return [s!.label, s!.details];
    };
    expect(step('countdown-delay', { unit: 'days', value: 3, timezone: 'profile' })).toEqual([
      { key: 'countdownDays', params: { count: 3 } },
      { unit: 'days', value: 3, timezone: 'profile' },
    ]);
    expect(step('countdown-delay', { unit: 'weeks', value: 1 })[0]).toEqual({
      key: 'countdownWeeks',
      params: { count: 1 },
    });
    expect(step('countdown-delay', { unit: 'month', value: 2 })[0]).toEqual({
      key: 'countdownMonths',
      params: { count: 2 },
    });
    expect(step('countdown-delay', { unit: 'fortnights', value: 1.5 })[0]).toEqual({
      key: 'countdownOther',
      params: { value: '1.5', unit: 'fortnights' },
    });
    expect(step('target-date', { target_time: '09:00', target_days: ['monday', 'friday', 7] })).toEqual([
      { key: 'targetDateAt', params: { time: '09:00' } },
      { target_time: '09:00', target_days: 'monday, friday' },
    ]);
    expect(step('target-date')).toEqual([{ key: 'targetDate', params: {} }, {}]);
    expect(step('back-in-stock-delay')[0]).toEqual({ key: 'backInStockDelay', params: {} });
    expect(step('multi-branch-split', { name: 'By region', branches: [{}, {}, { is_else: true }] })[0]).toEqual({
      key: 'multiBranchSplitNamed',
      params: { name: 'By region', count: 3 },
    });
    expect(step('multi-branch-split', { branches: 'junk' })[0]).toEqual({
      key: 'multiBranchSplit',
      params: { count: 0 },
    });
    expect(step('action-output-split')[0]).toEqual({ key: 'actionOutputSplit', params: {} });
    expect(step('code')[0]).toEqual({ key: 'code', params: {} });
    expect(step('internal-service')[0]).toEqual({ key: 'internalService', params: {} });
  });

  it('describes each trigger by its source, keeping the id for the renderer to resolve', () => {
    const trigger = (t: Record<string, unknown>) => flowSteps({ triggers: [t], actions: [] })![0]!.label;
    expect(trigger({ type: 'list', id: 'L1' })).toEqual({ key: 'triggerList', params: { id: 'L1' } });
    expect(trigger({ type: 'segment', id: 'S1' })).toEqual({ key: 'triggerSegment', params: { id: 'S1' } });
    expect(trigger({ type: 'metric', id: 'M1' })).toEqual({ key: 'triggerMetric', params: { id: 'M1' } });
    expect(trigger({ type: 'metric' })).toEqual({ key: 'triggerOther', params: { type: 'metric' } });
    expect(trigger({ type: 'date', date_profile_property: 'birthday' })).toEqual({
      key: 'triggerDate',
      params: { property: 'birthday' },
    });
    expect(trigger({ type: 'date', date_field_type: 'custom-object', custom_object_label: 'Pet birthday' })).toEqual({
      key: 'triggerDate',
      params: { property: 'Pet birthday' },
    });
    expect(trigger({ type: 'price-drop' })).toEqual({ key: 'triggerPriceDrop', params: {} });
    expect(trigger({ type: 'low-inventory' })).toEqual({ key: 'triggerLowInventory', params: {} });
    expect(trigger({ type: 'back-in-stock' })).toEqual({ key: 'triggerOther', params: { type: 'back-in-stock' } });
  });

  it('produces only labels the contract accepts', () => {
    const steps = flowSteps({
      triggers: [{ type: 'metric', id: 'M1' }, { type: 'price-drop' }],
      actions: [
        { id: '1', type: 'time-delay', data: { value: 3, unit: 'days' }, links: { next: '2' } },
        { id: '2', type: 'send-email', data: { message: { name: 'Hi' } }, links: { next: '3' } },
        { id: '3', type: 'mystery', links: { next: null } },
      ],
    })!;
    for (const s of steps) expect(FlowStepSchema.parse(s)).toEqual(s);
  });
});
