import { severities } from '../contract/audit';

/** A finding's severity; the contract lists them most urgent first, and that list is the one order. */
export type Severity = (typeof severities)[number];

/** Sorts most urgent first (critical … info), the order of every list, chart and report. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severities.indexOf(a) - severities.indexOf(b);
}

/**
 * The finding that needs attention first: failing, most urgent severity, earliest in the given order on a tie.
 * An `info` finding is a note for the reader, never the worst problem of an account.
 */
export function worstFailing<F extends { status: string; severity: Severity }>(findings: readonly F[]): F | null {
  let worst: F | null = null;
  for (const f of findings) {
    if (f.status !== 'fail' || f.severity === 'info') continue;
    if (!worst || compareSeverity(f.severity, worst.severity) < 0) worst = f;
  }
  return worst;
}
