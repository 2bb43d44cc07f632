import { Alert, Badge, Tooltip } from '@mantine/core';
import { staleBadge, staleKept, staleLine } from '../../../../shared/audit/stale';
import type { AuditStale } from '../../../../shared/contract/audit';
import { useAuditT } from './strings';

/**
 * The audit on show is of the last complete sync and the syncs since failed or stopped early: the same sentence
 * as the reports and the CLI, in the app's language, with the time in the person's own zone.
 */
function useStaleWords(stale: AuditStale) {
  const { fmt, locale } = useAuditT();
  return {
    line: staleLine(locale, stale, fmt.dateTime(stale.since)),
    kept: staleKept(locale),
    badge: staleBadge(locale),
  };
}

/** Above the audit's score. */
export function StaleNotice({ stale }: { stale: AuditStale }) {
  const w = useStaleWords(stale);
  return (
    <Alert color="orange" variant="light" title={w.line} data-testid="audit-stale">
      {w.kept}
    </Alert>
  );
}

/** Beside a score in the all-clients overview; the sentence on hover. */
export function StaleBadge({ stale }: { stale: AuditStale }) {
  const w = useStaleWords(stale);
  return (
    <Tooltip label={w.line} multiline w={320}>
      <Badge color="orange" variant="outline" data-testid="audit-stale-badge">
        {w.badge}
      </Badge>
    </Tooltip>
  );
}
