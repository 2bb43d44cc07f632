// Each rule declares the figures it records (shared/audit/rule-evidence.ts); the reports check their text against
// that declaration, so it must be exactly what the rules write: every fixture case is run and each figure on a
// finding or an item must be declared by its rule, and each declared figure must be written by some case.
import { allFixtureCases, evaluateCase } from './fixtures/summary-cases';
import { RULES, ruleById } from './rules';

const findings = allFixtureCases().flatMap(([name, c]) => evaluateCase(c).findings.map((f) => ({ name, f })));
const emitted = new Map<string, Set<string>>();
for (const { f } of findings) {
  const keys = emitted.get(f.ruleId) ?? new Set<string>();
  emitted.set(f.ruleId, keys);
  for (const k of Object.keys(f.evidence.figures)) keys.add(k);
  for (const i of f.evidence.items) for (const k of Object.keys(i.figures)) keys.add(k);
}

describe('rule evidence declarations', () => {
  it('no rule records a figure it has not declared', () => {
    const undeclared: string[] = [];
    for (const { name, f } of findings) {
      const declared = new Set<string>(ruleById(f.ruleId)!.evidence.figures);
      const keys = [...Object.keys(f.evidence.figures), ...f.evidence.items.flatMap((i) => Object.keys(i.figures))];
      for (const k of keys) if (!declared.has(k)) undeclared.push(`${name}: ${f.ruleId}.${k}`);
    }
    expect(findings.length).toBeGreaterThan(500);
    expect([...new Set(undeclared)]).toEqual([]);
  });

  it('every declared figure is recorded by some case (declarations stay exact)', () => {
    const unused = RULES.flatMap((r) =>
      r.evidence.figures.filter((k) => !emitted.get(r.id)?.has(k)).map((k) => `${r.id}.${k}`),
    );
    expect(unused).toEqual([]);
  });
});
