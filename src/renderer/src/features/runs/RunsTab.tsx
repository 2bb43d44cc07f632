import { ActionIcon, Alert, Button, Card, EmptyState, Group, Skeleton, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { SyncRun } from '../../../../shared/contract/sync';
import { useLive } from '../../app/live';
import { useRouter } from '../../app/router';
import { ResourceStatusBadge, runStatus, StatusBadge } from '../../components/StatusBadge';
import { IconChevronDown, IconChevronRight, IconHistory } from '../../components/icons';
import { CopyId } from '../../components/CopyId';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';

/** Column headers from their i18n keys; numeric columns align right. */
function HeaderCells({ columns }: { columns: [key: string, align?: 'right'][] }) {
  const { t } = useI18n();
  return columns.map(([key, align]) => (
    <Table.Th key={key} className="kad-th" ta={align}>
      {t(key)}
    </Table.Th>
  ));
}

/** A run's figures per resource: items, requests, the Klaviyo calls behind them (the request plan), errors. */
export function RunResources({ run }: { run: SyncRun }) {
  const { t, label, fmt } = useI18n();
  return (
    <>
      <Table verticalSpacing={4} fz="sm" data-testid="run-resources">
        <Table.Thead>
          <Table.Tr>
            <HeaderCells
              columns={[
                ['runs.resource'],
                ['runs.resStatus'],
                ['runs.fetched', 'right'],
                ['runs.upserted', 'right'],
                ['runs.deleted', 'right'],
                ['runs.requests', 'right'],
                ['runs.calls'],
                ['runs.colDuration', 'right'],
                ['runs.error'],
              ]}
            />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {run.resources.map((r) => (
            <Table.Tr key={r.resource}>
              <Table.Td>{label('resources', r.resource)}</Table.Td>
              <Table.Td>
                <ResourceStatusBadge status={r.status} size="xs" />
              </Table.Td>
              <Table.Td ta="right">{fmt.number(r.itemsAdded + r.itemsChanged + r.itemsUnchanged)}</Table.Td>
              <Table.Td ta="right">{fmt.number(r.itemsAdded + r.itemsChanged)}</Table.Td>
              <Table.Td ta="right">{fmt.number(r.itemsRemoved)}</Table.Td>
              <Table.Td ta="right">{fmt.number(r.requests)}</Table.Td>
              <Table.Td data-testid="run-resource-calls">
                <Text size="xs" c="dimmed">
                  {Object.keys(r.requestsByOperation).length
                    ? Object.entries(r.requestsByOperation)
                        .map(([op, n]) => `${op} × ${fmt.number(n)}`)
                        .join(' · ')
                    : t('runs.noCalls')}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{r.durationMs != null ? fmt.durationShort(r.durationMs) : '—'}</Table.Td>
              <Table.Td data-testid="run-resource-error-cell">
                <Text size="xs" c="dimmed" lineClamp={2}>
                  {r.error
                    ? // the code in words; the message only when it says more than the bare code
                      [t(`errorCodes.${r.error.code}.title`), r.error.message !== r.error.code ? r.error.message : null]
                        .filter(Boolean)
                        .join(': ')
                    : r.missingScopes.join(', ')}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <RunSizes run={run} />
    </>
  );
}

/** What the size refresh after the run did: sizes are asked apart from the sync, on their own stricter limit. */
function RunSizes({ run }: { run: SyncRun }) {
  const { t, fmt } = useI18n();
  const s = run.sizes;
  if (!s) return null;
  const error = s.error ? t(`errorCodes.${s.error.code}.title`) : '';
  const text =
    s.status === 'running'
      ? t('runs.sizesRunning')
      : s.status === 'failed'
        ? t('runs.sizesFailed', { error })
        : t('runs.sizesLine', {
            asked: fmt.number(s.asked),
            carried: fmt.number(s.carried),
            remaining: fmt.number(s.remaining),
          }) + (error ? ` (${error})` : '');
  return (
    <Text size="xs" c="dimmed" mt={6} data-testid="run-sizes">
      {text}
    </Text>
  );
}

/** The workspace's sync history: time, trigger, status, duration and, on expand, per-resource figures. */
export function RunsTab({ workspaceId }: { workspaceId: string }) {
  const { t, label, fmt } = useI18n();
  const { finishedTick } = useLive();
  const { navigate } = useRouter();
  const runs = useQuery(`${workspaceId}/${finishedTick[workspaceId] ?? 0}`, () =>
    rpc('sync:runs', { workspaceId, limit: 100, sort: 'desc' }),
  );
  const [expanded, setExpanded] = useState<string | null>(null);

  if (runs.loading)
    return (
      <Card>
        {[0, 1, 2, 3].map((i) => (
          <Skeleton key={i} h={20} mb="md" />
        ))}
      </Card>
    );
  if (runs.error)
    return (
      <Alert color="red" title={t('errors.title')}>
        {runs.error.message}
      </Alert>
    );
  const items = runs.data?.items ?? [];
  if (!items.length)
    return (
      <Card py={48} data-testid="runs-empty">
        <EmptyState icon={<IconHistory size={26} />} withIndicatorBackground title={t('runs.empty')} />
      </Card>
    );

  return (
    <Card p={0} data-testid="runs-table">
      <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40} />
            <HeaderCells
              columns={[
                ['runs.colStarted'],
                ['runs.colTrigger'],
                ['runs.colStatus'],
                ['runs.colDuration', 'right'],
                ['runs.colItems', 'right'],
                ['runs.colRequests', 'right'],
                ['runs.colRequestId'],
              ]}
            />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((run) => {
            const isOpen = expanded === run.id;
            const fetched = run.resources.reduce((s, r) => s + r.itemsAdded + r.itemsChanged + r.itemsUnchanged, 0);
            const requests = run.resources.reduce((s, r) => s + r.requests, 0);
            const toggle = () => setExpanded(isOpen ? null : run.id);
            return (
              <Fragment key={run.id}>
                <Table.Tr
                  data-testid="run-row"
                  data-status={run.status}
                  className="kad-clickable-row"
                  onClick={toggle}
                  tabIndex={0}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      toggle();
                    }
                  }}
                  aria-expanded={isOpen}
                >
                  <Table.Td>
                    <ActionIcon variant="subtle" color="gray" size="sm" tabIndex={-1} aria-label={t('runs.details')}>
                      {isOpen ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{fmt.dateTime(run.startedAt)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{label('trigger', run.trigger)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={runStatus(run)} size="sm" />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">
                      {run.durationMs != null ? fmt.durationShort(run.durationMs) : t('runs.inProgress')}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{fmt.number(fetched)}</Text>
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">{fmt.number(requests)}</Text>
                  </Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    <CopyId value={run.requestId} />
                  </Table.Td>
                </Table.Tr>
                {isOpen && (
                  <Table.Tr>
                    <Table.Td colSpan={8} bg="var(--mantine-color-default-hover)" p="md">
                      <div>
                        {run.error && (
                          <Alert
                            color="red"
                            variant="light"
                            mb="sm"
                            title={runStatus(run) === 'unreachable' ? t('runs.unreachable') : run.error.code}
                            data-testid="run-error"
                          >
                            <Text size="sm">{run.error.message}</Text>
                          </Alert>
                        )}
                        <RunResources run={run} />
                      </div>
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
      <Group p="sm" justify="space-between">
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconHistory size={14} />}
          onClick={() => navigate({ name: 'history', workspaceId })}
          data-testid="runs-open-history"
        >
          {t('history.open')}
        </Button>
        <Text size="xs" c="dimmed">
          {t('runs.count', { count: runs.data?.total ?? 0 })}
        </Text>
      </Group>
    </Card>
  );
}
