import { outboxMaps } from './strings';

const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

describe('the outbox words', () => {
  it('Polish has every English key (plurals with the forms Polish needs) and no other', () => {
    const enBases = new Set([...outboxMaps.en.keys()].map(base));
    const plBases = new Set([...outboxMaps.pl.keys()].map(base));
    expect([...plBases].sort()).toEqual([...enBases].sort());
    for (const key of [...outboxMaps.en.keys()].filter((k) => k.endsWith('_other')).map(base))
      for (const form of ['one', 'few', 'many'])
        expect(outboxMaps.pl.has(`${key}_${form}`), `${key}_${form}`).toBe(true);
  });

  it('placeholders match between the languages', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of outboxMaps.pl) {
      const en = outboxMaps.en.get(k) ?? outboxMaps.en.get(`${base(k)}_other`);
      expect(names(v), k).toEqual(names(en!));
    }
  });
});
