import { toStagedItem } from './extract';

describe('toStagedItem reads the names and statuses where Klaviyo keeps them', () => {
  it('a flow message is named by definition.name (current revisions)', () => {
    const row = toStagedItem('flow-messages', {
      type: 'flow-message',
      id: 'M1',
      attributes: { channel: 'email', definition: { name: 'Abandoned cart #1', subject_line: 'Forgot something?' } },
    });
    expect(row.name).toBe('Abandoned cart #1');
    expect(row.channel).toBe('email');
  });

  it('a campaign message is named by definition.label, its channel from the definition', () => {
    const row = toStagedItem('campaign-messages', {
      type: 'campaign-message',
      id: 'CM1',
      attributes: { definition: { channel: 'email', label: 'Spring sale email', content: { subject: 'Hi' } } },
    });
    expect(row.name).toBe('Spring sale email');
    expect(row.channel).toBe('email');
  });

  it('the older top-level label / channel / content shape is read too', () => {
    const row = toStagedItem('campaign-messages', {
      type: 'campaign-message',
      id: 'CM2',
      attributes: { label: 'Old shape email', channel: 'email', content: { subject: 'Hello' } },
    });
    expect(row.name).toBe('Old shape email');
    expect(row.channel).toBe('email');
  });

  it('a flow action fills its declared status column from definition.data.status', () => {
    const row = toStagedItem('flow-actions', {
      type: 'flow-action',
      id: 'A1',
      attributes: { definition: { id: 'A1', type: 'ab-test', links: { next: null }, data: { status: 'live' } } },
    });
    expect(row.status).toBe('live');
  });
});
