import { baseFixture } from './fixtures/accounts';
import { RULE_CASES } from './fixtures/cases';
import { inputFromFixture } from './fixtures/to-input';
import { evaluateAudit, worstFinding } from './evaluate';
import { RULES, RULE_IDS } from './rules';
import { AuditResultSchema, FindingSchema } from './types';

const NOW = Date.parse('2026-11-20T12:00:00Z');
const CATALOGUE = `F1 F2 F3 F4 F5 F6 F7 F8 F9 F10 F11 F12 F13 F14 F15 F16 M1 C1 C2 C3 C4 C5 C6 C7 D1 D2 D3
L1 L2 L3 L4 L5 L6 L7 L8 FM1 FM2 FM3 FM4 R1 R2 A1 A2 T1 S1 S2`.split(/\s+/);

function statusOf(ruleId: string, c: { mutate?: (fx: ReturnType<typeof baseFixture>) => void; options?: object } = {}) {
  const fx = baseFixture(NOW);
  c.mutate?.(fx);
  const result = evaluateAudit(inputFromFixture(fx, c.options ?? {}));
  return { finding: result.findings.find((f) => f.ruleId === ruleId)!, result };
}

describe('rule catalogue', () => {
  it('holds exactly the catalogue of audit-research.md §1.3, each rule with a source and sourced thresholds', () => {
    expect([...RULE_IDS].sort()).toEqual([...CATALOGUE].sort());
    for (const r of RULES) {
      expect(r.source.length, r.id).toBeGreaterThan(3);
      expect(r.recommendation.length, r.id).toBeGreaterThan(10);
      for (const [k, t] of Object.entries(r.thresholds)) expect(t.source.length, `${r.id}.${k}`).toBeGreaterThan(3);
    }
  });
  it('has fail and unknown cases for every rule', () => {
    expect(Object.keys(RULE_CASES).sort()).toEqual([...CATALOGUE].sort());
  });
});

describe('evaluators over the healthy base and per-rule mutations', () => {
  it('passes every rule on the healthy base, with a valid finding shape', () => {
    const r = evaluateAudit(inputFromFixture(baseFixture(NOW)));
    const notPass = r.findings.filter((f) => f.status !== 'pass').map((f) => `${f.ruleId}: ${f.status} ${f.summary}`);
    expect(notPass).toEqual([]);
    for (const f of r.findings) FindingSchema.parse(f);
    expect(r.score).toBe(100);
    expect(r.coverage).toBe(1);
  });

  for (const id of CATALOGUE) {
    it(`${id} fails on its fail fixture`, () => {
      const { finding } = statusOf(id, RULE_CASES[id]!.fail);
      expect(finding.status, finding.summary).toBe('fail');
      expect(finding.recommendation.length).toBeGreaterThan(10);
    });
    it(`${id} is unknown (never a pass) on its unknown fixture`, () => {
      const { finding } = statusOf(id, RULE_CASES[id]!.unknown);
      expect(finding.status, finding.summary).toBe('unknown');
    });
  }
});

describe('scoring', () => {
  it('does not count unknown as a pass: a scope missing lowers score and coverage', () => {
    const healthy = evaluateAudit(inputFromFixture(baseFixture(NOW)));
    const noFlows = evaluateAudit(inputFromFixture(baseFixture(NOW), { withoutScopes: ['flows:read'] }));
    const flows = noFlows.areas.find((a) => a.area === 'flows')!;
    expect(flows.pass).toBe(0);
    expect(flows.score).toBe(0);
    expect(flows.coverage).toBe(0);
    expect(noFlows.score).toBeLessThan(healthy.score);
  });
  it('gives partial credit when a rule fails in a lower band, none at its own severity', () => {
    const high = statusOf('F3', { mutate: (fx) => RULE_CASES.F8!.fail.mutate!(fx) }).result; // F8 fails medium (rule high)
    const f8 = high.findings.find((f) => f.ruleId === 'F8')!;
    expect(f8.severity).toBe('medium');
    const flows = high.areas.find((a) => a.area === 'flows')!;
    expect(flows.score).toBeGreaterThan(0);
    expect(flows.score).toBeLessThan(100);
  });
  it('names the worst failing finding and counts criticals', () => {
    const { result } = statusOf('F1', RULE_CASES.F1!.fail);
    expect(result.counts.critical).toBeGreaterThanOrEqual(1);
    expect(worstFinding(result)?.severity).toBe('critical');
  });
  it('carries the account’s currency for its revenue figures; an audit stored before it parses with none', () => {
    expect(statusOf('C7').result.currency).toBe('USD');
    const eur = statusOf('C7', {
      mutate: (fx) => {
        fx.resources.find((r) => r.type === 'account')!.attributes.preferred_currency = 'EUR';
      },
    }).result;
    expect(eur.currency).toBe('EUR');
    const noAccount = evaluateAudit({ ...inputFromFixture(baseFixture(NOW)), account: null });
    expect(noAccount.currency).toBeNull();
    const { currency: _dropped, ...stored } = eur;
    expect(AuditResultSchema.parse(stored).currency).toBeNull();
  });
  it('marks a test account as not scored (A2)', () => {
    const { result } = statusOf('A2', RULE_CASES.A2!.fail);
    expect(result.scored).toBe(false);
  });
  it('links evidence to inventory ids', () => {
    const { finding } = statusOf('F4', RULE_CASES.F4!.fail);
    expect(finding.evidence.items.map((i) => i.id)).toContain('FCHK01');
  });
});

describe('evidence names', () => {
  it('an item a rule knows only by id (reporting figures) carries the name the inventory gives it', () => {
    const input = inputFromFixture(baseFixture(NOW));
    const names = new Map(
      [...input.campaigns, ...input.flows, ...input.forms].map((it) => [it.id, String(it.attributes.name)]),
    );
    const items = statusOf('C5', RULE_CASES.C5!.fail).result.findings.flatMap((f) => f.evidence.items);
    const campaignItems = items.filter((i) => i.type === 'campaign' && names.has(i.id));
    // the rate rules (C3–C6) list the worst campaigns from the reporting figures, by id
    expect(campaignItems.length).toBeGreaterThan(0);
    for (const i of items.filter((x) => names.has(x.id))) expect(i.name, `${i.type} ${i.id}`).toBe(names.get(i.id));
  });
});
