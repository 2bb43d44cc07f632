import { RESOURCE_KEYS } from '../../main/core/audit/input';
import { resourceWords, withResourceWords } from './resource-words';

describe('the data a rule names, in words', () => {
  it('has words for every resource the audit reads, in every language, and for nothing else', () => {
    for (const words of Object.values(resourceWords)) {
      expect(Object.keys(words).sort()).toEqual([...RESOURCE_KEYS].sort());
      for (const w of Object.values(words)) expect(w.trim()).not.toBe('');
    }
  });

  it('writes the resources param in the locale and leaves other params and unknown keys as sent', () => {
    const params = { resources: 'flows, flowActions, forms', scopes: 'flows:read', count: 2 };
    expect(withResourceWords(params, 'en')).toEqual({ ...params, resources: 'flows, flow actions, sign-up forms' });
    expect(withResourceWords(params, 'pl')).toEqual({ ...params, resources: 'flow, akcje flow, formularze zapisu' });
    expect(withResourceWords({ resources: 'catalogs, toString' }, 'pl')).toEqual({ resources: 'catalogs, toString' });
    expect(withResourceWords({ count: 1 }, 'pl')).toEqual({ count: 1 });
  });
});
