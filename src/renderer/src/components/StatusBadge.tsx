import { Badge, Tooltip } from '@mantine/core';
import type { ResourceRunStatus } from '../../../shared/contract/primitives';
import type { Workspace } from '../../../shared/contract/workspaces';
import type { ErrorEnvelope } from '../../../shared/errors';
import { useI18n } from '../i18n';
import { IconAlert, IconCheck, IconClock, IconKey, IconRefresh, IconUnplugged, IconX } from './icons';

export type DisplayStatus =
  'ok' | 'failed_auth' | 'partial_or_timeout' | 'unreachable' | 'cancelled' | 'running' | 'never';

export const statusColor: Record<DisplayStatus, string> = {
  ok: 'teal',
  failed_auth: 'red',
  partial_or_timeout: 'orange',
  unreachable: 'red',
  cancelled: 'gray',
  running: 'brand',
  never: 'gray',
};

const statusIcon: Record<DisplayStatus, typeof IconCheck> = {
  ok: IconCheck,
  failed_auth: IconKey,
  partial_or_timeout: IconAlert,
  unreachable: IconUnplugged,
  cancelled: IconX,
  running: IconRefresh,
  never: IconClock,
};

/**
 * How a finished run reads: a partial run that reached no server fetched nothing (`details.reason` 'unreachable'),
 * so it is not shown as one that fetched part.
 */
export function runStatus(run: { status: string; error: ErrorEnvelope | null }): DisplayStatus {
  if (run.status === 'partial_or_timeout' && run.error?.details.reason === 'unreachable') return 'unreachable';
  return run.status as DisplayStatus;
}

export function workspaceStatus(w: Pick<Workspace, 'syncing' | 'lastRun'>): DisplayStatus {
  if (w.syncing) return 'running';
  if (!w.lastRun) return 'never';
  return runStatus(w.lastRun);
}

/** Severity order for sorting: what needs attention first. */
export const statusRank: Record<DisplayStatus, number> = {
  failed_auth: 0,
  unreachable: 1,
  partial_or_timeout: 1,
  cancelled: 2,
  never: 3,
  running: 4,
  ok: 5,
};

export function StatusBadge({ status, size = 'md' }: { status: DisplayStatus; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useI18n();
  const Icon = statusIcon[status];
  return (
    <Badge
      data-testid="status-badge"
      data-status={status}
      color={statusColor[status]}
      variant="light"
      size={size}
      // a table column is at least as wide as its badge: the status is never cut to "Not rea…"
      miw="max-content"
      leftSection={<Icon size={12} className={status === 'running' ? 'kad-spin' : undefined} />}
    >
      {t(`status.${status}`)}
    </Badge>
  );
}

export function StaleBadge() {
  const { t } = useI18n();
  return (
    <Tooltip label={t('workspaces.staleWarning')}>
      <Badge data-testid="stale-badge" color="yellow" variant="outline" size="sm" leftSection={<IconClock size={11} />}>
        {t('status.stale')}
      </Badge>
    </Tooltip>
  );
}

const resourceStatusColor: Record<ResourceRunStatus, string> = {
  pending: 'gray',
  running: 'brand',
  ok: 'teal',
  partial: 'orange',
  failed: 'red',
  forbidden: 'red',
  cancelled: 'gray',
  skipped: 'gray',
};

/** How one resource fared in a sync run, live in the progress card and afterwards in the run's detail. */
export function ResourceStatusBadge({ status, size }: { status: ResourceRunStatus; size: 'xs' | 'sm' }) {
  const { label } = useI18n();
  return (
    <Badge size={size} variant="light" color={resourceStatusColor[status]} data-status={status} miw="max-content">
      {label('resourceStatus', status)}
    </Badge>
  );
}
