import type { AuditResult, Finding } from './types';

/** The critical failures of an audit that no decision sets aside, by rule id. */
export function openCriticalRuleIds(result: AuditResult): string[] {
  return result.findings
    .filter((f) => f.status === 'fail' && f.severity === 'critical' && !f.decision)
    .map((f) => f.ruleId);
}

/**
 * Which critical findings to announce after an audit (pure, like the daily sync's due decision): those open now
 * that were not open when the workspace was last told. Each is announced once; one that is resolved, accepted or
 * snoozed leaves the remembered set, so if it comes back it is new again and announced again.
 */
export function decideCriticalAlerts(
  result: AuditResult,
  notified: readonly string[],
): { announce: Finding[]; remember: string[] } {
  const told = new Set(notified);
  const open = openCriticalRuleIds(result);
  const announce = result.findings.filter((f) => open.includes(f.ruleId) && !told.has(f.ruleId));
  return { announce, remember: open };
}
