import { type AuditInput, resourceProblem } from './input';
import { buildModel } from './model';
import { RULES, type Rule } from './rules';
import { scoreAreas } from './score';
import type { AuditResult, Finding, Severity } from './types';

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

function run(rule: Rule, input: AuditInput, model: ReturnType<typeof buildModel>): Finding {
  const base = { ruleId: rule.id, area: rule.area, title: rule.title, recommendation: rule.recommendation };
  const missing = rule.needs.map((k) => resourceProblem(input, k)).filter((x): x is string => x !== null);
  if (missing.length) {
    return {
      ...base,
      severity: rule.severity,
      status: 'unknown',
      summary: `Cannot judge: ${missing.join('; ')}.`,
      evidence: { items: [], figures: {} },
      figuresAsOf: null,
    };
  }
  let o;
  try {
    o = rule.evaluate({ input, model, t: rule.thresholds });
  } catch (err) {
    // a rule tripping over odd data must not sink the whole audit; it is reported as unknown
    o = { status: 'unknown' as const, summary: `Could not evaluate: ${(err as Error).message}` };
  }
  return {
    ...base,
    severity: o.status === 'fail' ? (o.severity ?? rule.severity) : rule.severity,
    status: o.status,
    summary: o.summary,
    evidence: { items: o.items ?? [], figures: o.figures ?? {} },
    figuresAsOf: o.figuresAsOf ?? null,
  };
}

/** Evaluates the whole catalogue over one inventory snapshot. Pure: same input, same result. */
export function evaluateAudit(input: AuditInput, rules: readonly Rule[] = RULES): AuditResult {
  const model = buildModel(input);
  const pairs = rules.map((r) => ({ f: run(r, input, model), ruleSeverity: r.severity }));
  const { areas, score, coverage } = scoreAreas(pairs);
  const findings = pairs.map((p) => p.f);
  const testAccount = input.account?.attributes.test_account === true;
  return {
    evaluatedAt: input.now,
    score,
    coverage: Number(coverage.toFixed(3)),
    scored: !testAccount,
    areas,
    findings,
    counts: {
      pass: findings.filter((f) => f.status === 'pass').length,
      fail: findings.filter((f) => f.status === 'fail').length,
      unknown: findings.filter((f) => f.status === 'unknown').length,
      critical: findings.filter((f) => f.status === 'fail' && f.severity === 'critical').length,
    },
  };
}

/** The worst failing finding (critical before high …), for the all-clients overview. */
export function worstFinding(result: AuditResult): Finding | null {
  const fails = result.findings.filter((f) => f.status === 'fail' && f.severity !== 'info');
  fails.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  return fails[0] ?? null;
}
