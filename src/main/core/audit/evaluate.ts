import { findingSentence } from '../../../shared/audit/resource-words';
import { fillRuleText } from '../../../shared/audit/rule-titles';
import { worstFailing } from '../../../shared/audit/severity';
import { summariesEn } from '../../../shared/audit/summaries.en';
import { accountCurrency, nameOf, type AuditInput, type InvItem, type ResourceKey } from './input';
import { buildModel } from './model';
import { RULES, type Rule } from './rules';
import type { Message } from './rules/define';
import { scoreAreas } from './score';
import type { AuditResult, EvidenceItem, Finding } from './types';

/** The finding's English sentence (CSV, PDF, CLI); screens write the message in their own language. */
const english = (m: Message) => findingSentence(summariesEn, m, 'en') ?? m.key;

/**
 * Why a rule cannot be judged, from the resources it needs that did not sync: one kind of problem names its
 * resources (and the missing scopes); several kinds at once are summed up.
 */
function cannotJudge(input: AuditInput, needs: ResourceKey[]): Message | null {
  const problems = needs.flatMap((k) => {
    const s = input.resources[k];
    if (s?.status === 'ok') return [];
    return [{ k, kind: s?.status === 'forbidden' || s?.status === 'partial' ? s.status : 'notSynced', s }];
  });
  if (!problems.length) return null;
  const resources = problems.map((p) => p.k).join(', ');
  const kinds = new Set(problems.map((p) => p.kind));
  if (kinds.size > 1) return { key: 'audit.cannotJudge.several', params: { resources } };
  if (kinds.has('partial')) return { key: 'audit.cannotJudge.partial', params: { resources } };
  if (kinds.has('notSynced')) return { key: 'audit.cannotJudge.notSynced', params: { resources } };
  const scopes = problems.map((p) => p.s?.missingScope);
  return scopes.every((x) => x !== undefined)
    ? { key: 'audit.cannotJudge.forbidden', params: { scopes: [...new Set(scopes)].join(', '), resources } }
    : { key: 'audit.cannotJudge.forbiddenNoScope', params: { resources } };
}

/**
 * Names for evidence items a rule knows only by id (the reporting figures name campaigns, flows and forms by id):
 * the inventory's name, so a report never lists "Campaign 01M…" for a campaign it names elsewhere.
 */
function evidenceNamer(input: AuditInput): (items: EvidenceItem[]) => EvidenceItem[] {
  const sources: Record<string, InvItem[]> = {
    flow: input.flows,
    campaign: input.campaigns,
    list: input.lists,
    segment: input.segments,
    form: input.forms,
    metric: input.metrics,
    tag: input.tags,
  };
  const built = new Map<string, Map<string, string>>();
  const nameIn = (type: string, id: string): string | null => {
    const items = sources[type];
    if (!items) return null;
    let names = built.get(type);
    if (!names) built.set(type, (names = new Map(items.map((it) => [it.id, nameOf(it)]))));
    const name = names.get(id);
    return name !== undefined && name !== id ? name : null;
  };
  return (items) => items.map((it) => (it.name === null ? { ...it, name: nameIn(it.type, it.id) } : it));
}

function run(
  rule: Rule,
  input: AuditInput,
  model: ReturnType<typeof buildModel>,
  named: (items: EvidenceItem[]) => EvidenceItem[],
): Finding {
  // the stored English words name the account's own metrics, as the message's parameters give them
  const words = (params: Message['params'] = {}) => ({
    title: fillRuleText(rule.title, params),
    recommendation: fillRuleText(rule.recommendation, params),
  });
  const base = { ruleId: rule.id, area: rule.area, ...words() };
  const missing = cannotJudge(input, rule.needs);
  if (missing) {
    return {
      ...base,
      severity: rule.severity,
      status: 'unknown',
      summary: english(missing),
      message: missing,
      evidence: { items: [], figures: {} },
      figuresAsOf: null,
    };
  }
  let o;
  try {
    o = rule.evaluate({ input, model, t: rule.thresholds });
  } catch (err) {
    // a rule tripping over odd data must not sink the whole audit; it is reported as unknown
    const message: Message = { key: 'audit.couldNotEvaluate', params: { error: (err as Error).message } };
    o = { status: 'unknown' as const, message };
  }
  return {
    ...base,
    ...words(o.message.params),
    severity: o.status === 'fail' ? (o.severity ?? rule.severity) : rule.severity,
    status: o.status,
    summary: english(o.message),
    message: o.message,
    evidence: { items: named(o.items ?? []), figures: o.figures ?? {} },
    figuresAsOf: o.figuresAsOf ?? null,
  };
}

/** Evaluates the whole catalogue over one inventory snapshot. Pure: same input, same result. */
export function evaluateAudit(input: AuditInput, rules: readonly Rule[] = RULES): AuditResult {
  const model = buildModel(input);
  const named = evidenceNamer(input);
  const pairs = rules.map((r) => ({ f: run(r, input, model, named), ruleSeverity: r.severity }));
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
      accepted: 0,
    },
    currency: accountCurrency(input.account),
  };
}

/** The worst failing finding (critical before high …), for the all-clients overview. */
export function worstFinding(result: AuditResult): Finding | null {
  return worstFailing(result.findings);
}
