import { changeMessageKeys, type ChangeMessage } from '../contract/changes';
import { changesEn } from './messages.en';
import { changesPl } from './messages.pl';
import { changeSentence, durationWords } from './render';

const say = (m: ChangeMessage) => [changeSentence(m, 'en'), changeSentence(m, 'pl')];

describe('change sentences in English and Polish', () => {
  it('a flow status change reads as the flow and both statuses', () => {
    expect(
      say({ key: 'status', params: { type: 'flows', name: 'Welcome Series', from: 'live', to: 'draft' } }),
    ).toEqual(['Welcome Series: live → draft', 'Welcome Series: live → draft']);
  });

  it('a campaign audience change names what joined and what left', () => {
    expect(
      say({ key: 'audience', params: { type: 'campaigns', name: 'Black Friday', delta: '+VIP −Newsletter' } }),
    ).toEqual([
      'Campaign ‘Black Friday’: audience +VIP −Newsletter',
      'Kampania ‘Black Friday’: odbiorcy +VIP −Newsletter',
    ]);
  });

  it('a delay is written in words with the plural the language needs', () => {
    const m: ChangeMessage = {
      key: 'stepDelay',
      params: { name: 'Welcome Series', step: 3, from: { amount: 1, unit: 'days' }, to: { amount: 3, unit: 'days' } },
    };
    expect(say(m)).toEqual([
      'Welcome Series: step 3 delay 1 day → 3 days',
      'Welcome Series: krok 3, opóźnienie 1 dzień → 3 dni',
    ]);
    expect(durationWords({ amount: 5, unit: 'hours' }, 'pl')).toBe('5 godzin');
    expect(durationWords({ amount: 2, unit: 'weeks' }, 'pl')).toBe('2 tygodnie');
    expect(durationWords({ amount: 1.5, unit: 'hours' }, 'pl')).toBe('1,5 godziny');
    expect(durationWords({ amount: 1, unit: 'minutes' }, 'en')).toBe('1 minute');
  });

  it('subjects, renames, additions and removals', () => {
    expect(say({ key: 'subject', params: { type: 'flow-messages', name: 'Email 2' } })).toEqual([
      'Email 2: subject changed',
      'Email 2: zmieniono temat',
    ]);
    expect(say({ key: 'renamed', params: { type: 'lists', from: 'News', to: 'Newsletter' } })).toEqual([
      'List ‘News’ renamed to ‘Newsletter’',
      'Lista ‘News’ – nowa nazwa: ‘Newsletter’',
    ]);
    expect(say({ key: 'added', params: { type: 'lists', name: 'VIP' } })).toEqual([
      'List ‘VIP’ added',
      'Dodano: Lista ‘VIP’',
    ]);
    expect(say({ key: 'stepAdded', params: { name: 'Winback', step: 2, action: 'send-email' } })).toEqual([
      'Winback: step 2 added (email)',
      'Winback: dodano krok 2 (e-mail)',
    ]);
  });

  it('counts choose the plural form (Polish has three)', () => {
    const fields = (count: number) =>
      changeSentence({ key: 'fields', params: { type: 'templates', name: 'T', count, fields: 'html' } }, 'pl');
    expect(fields(1)).toBe('Szablon ‘T’: zmieniono 1 pole (html)');
    expect(fields(3)).toBe('Szablon ‘T’: zmieniono 3 pola (html)');
    expect(fields(5)).toBe('Szablon ‘T’: zmieniono 5 pól (html)');
    expect(
      changeSentence({ key: 'fields', params: { type: 'templates', name: 'T', count: 5, fields: 'html' } }, 'en'),
    ).toBe('Template ‘T’: 5 fields changed (html)');
  });

  it('every message key has a sentence in both languages, with no placeholder left', () => {
    const en: Record<string, string> = changesEn;
    const pl: Record<string, string> = changesPl;
    for (const key of changeMessageKeys) {
      expect(en[key] ?? en[`${key}_other`], key).toBeDefined();
      expect(pl[key] ?? pl[`${key}_other`], key).toBeDefined();
      const params = {
        type: 'flows',
        name: 'N',
        from: 'a',
        to: 'b',
        delta: '+x',
        step: 1,
        action: 'x',
        message: 'm',
        count: 2,
        fields: 'f',
      };
      for (const lang of ['en', 'pl'] as const) expect(changeSentence({ key, params }, lang)).not.toMatch(/[{}]/);
    }
  });
});
