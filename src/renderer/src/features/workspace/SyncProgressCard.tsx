import { Button, Card, Group, Loader, Progress, Table, Text, Title } from '@mantine/core';
import type { SyncProgress } from '../../../../shared/contract/sync';
import { IconCheck, IconClock, IconHourglass, IconX } from '../../components/icons';
import { ResourceStatusBadge } from '../../components/StatusBadge';
import { useI18n } from '../../i18n';

const doneStates = new Set(['ok', 'partial', 'failed', 'forbidden', 'cancelled', 'skipped']);

/** Live progress of a running sync (E7): per resource, with ETA and Cancel. */
export function SyncProgressCard({
  progress,
  onCancel,
  cancelling,
}: {
  progress: SyncProgress;
  onCancel: () => void;
  cancelling: boolean;
}) {
  const { t, label, fmt } = useI18n();
  const total = progress.resources.length || 1;
  const done = progress.resources.filter((r) => doneStates.has(r.status)).length;
  const running = progress.resources.find((r) => r.status === 'running');
  // a resource in flight counts as half done, so the bar moves while a big resource pages through
  const runningShare =
    running && running.expectedItems
      ? Math.min(1, running.items / Math.max(1, running.expectedItems))
      : running
        ? 0.5
        : 0;
  const pct = Math.min(100, ((done + runningShare) / total) * 100);

  return (
    <Card data-testid="sync-progress" style={{ borderColor: 'var(--mantine-primary-color-light-color)' }}>
      <Group justify="space-between" mb="sm">
        <Group gap="sm">
          <Loader size="sm" />
          <Title order={4}>{t('workspace.progressTitle')}</Title>
        </Group>
        <Group gap="md">
          <Group gap={6}>
            <IconClock size={16} />
            <Text size="sm" data-testid="sync-eta">
              {progress.phase === 'merging'
                ? t('workspace.saving')
                : progress.etaMs != null
                  ? t('workspace.eta', { time: fmt.duration(progress.etaMs) })
                  : t('workspace.etaUnknown')}
            </Text>
          </Group>
          <Button
            color="red"
            variant="light"
            leftSection={<IconX size={14} />}
            onClick={onCancel}
            loading={cancelling}
            data-testid="cancel-sync"
          >
            {t('workspace.cancel')}
          </Button>
        </Group>
      </Group>
      <Progress value={pct} size="lg" radius="xl" animated striped mb={6} aria-label={t('workspace.progressTitle')} />
      <Group justify="space-between" mb="md">
        <Text size="xs" c="dimmed">
          {progress.current ? label('resources', progress.current) : ''}
        </Text>
        <Text size="xs" c="dimmed">
          {t('workspace.requests', { count: progress.requests })}
          {progress.throttledWaits > 0 && ` · ${t('workspace.rateLimitWaits', { count: progress.throttledWaits })}`}
        </Text>
      </Group>
      <Table verticalSpacing={6} data-testid="sync-progress-resources">
        <Table.Tbody>
          {progress.resources.map((r) => {
            const share = r.expectedItems ? Math.min(100, (r.items / Math.max(1, r.expectedItems)) * 100) : null;
            return (
              <Table.Tr key={r.resource} data-resource={r.resource} data-status={r.status}>
                <Table.Td w={28}>
                  {r.status === 'running' ? (
                    <Loader size={14} />
                  ) : r.status === 'ok' ? (
                    <IconCheck size={16} color="var(--mantine-color-teal-filled)" />
                  ) : r.status === 'pending' ? (
                    <IconHourglass size={16} color="var(--mantine-color-dimmed)" />
                  ) : (
                    <IconX size={16} color="var(--mantine-color-orange-filled)" />
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" fw={r.status === 'running' ? 600 : 400}>
                    {label('resources', r.resource)}
                  </Text>
                </Table.Td>
                <Table.Td w="35%">
                  {r.status === 'running' && (
                    <Progress value={share ?? 100} animated={share == null} striped={share == null} size="sm" />
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm" c="dimmed">
                    {r.status === 'pending'
                      ? t('workspace.resourcePending')
                      : t('workspace.records', { count: r.items })}
                  </Text>
                </Table.Td>
                <Table.Td ta="right" w={110}>
                  <ResourceStatusBadge status={r.status} size="sm" />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
