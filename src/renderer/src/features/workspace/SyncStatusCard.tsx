import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { Field } from '../../components/Field';
import type { LastRun } from '../../../../shared/contract/workspaces';
import { runStatus, StatusBadge, type DisplayStatus } from '../../components/StatusBadge';
import { IconAlert, IconKey, IconPlay, IconRefresh, IconUnplugged, IconX } from '../../components/icons';
import { CopyId } from '../../components/CopyId';
import { useI18n } from '../../i18n';

/**
 * What happened last and what to do about it. Failed runs get a plain-language explanation and a Retry;
 * the key itself is never shown, only the envelope's message and the requestId.
 */
export function SyncStatusCard({
  lastRun,
  isDemo,
  syncing,
  busy,
  onSync,
  onFullSync,
  onRetry,
  onUpdateKey,
}: {
  lastRun: LastRun | null;
  /** the demo client is served by the simulator inside the app: an unreachable server means something else */
  isDemo: boolean;
  syncing: boolean;
  busy: boolean;
  onSync: () => void;
  /** list everything again, not only what changed since the last sync */
  onFullSync: () => void;
  onRetry: () => void;
  onUpdateKey?: () => void;
}) {
  const { t, label, fmt } = useI18n();
  const status: DisplayStatus = syncing ? 'running' : lastRun ? runStatus(lastRun) : 'never';
  const duration =
    lastRun?.finishedAt != null ? new Date(lastRun.finishedAt).getTime() - new Date(lastRun.startedAt).getTime() : null;

  let explain: { title: string; body: string; color: string; icon: React.ReactNode } | null = null;
  if (!syncing && lastRun?.status === 'failed_auth')
    explain = {
      title: t('workspace.failedAuthTitle'),
      body: t('workspace.failedAuthBody'),
      color: 'red',
      icon: <IconKey size={18} />,
    };
  else if (!syncing && status === 'unreachable')
    explain = {
      title: t('workspace.unreachableTitle'),
      body: t(isDemo ? 'workspace.unreachableDemoBody' : 'workspace.unreachableBody'),
      color: 'red',
      icon: <IconUnplugged size={18} />,
    };
  else if (!syncing && lastRun?.status === 'partial_or_timeout')
    explain = {
      title: t('workspace.partialTitle'),
      body: t('workspace.partialBody'),
      color: 'orange',
      icon: <IconAlert size={18} />,
    };
  else if (!syncing && lastRun?.status === 'cancelled')
    explain = {
      title: t('workspace.cancelledTitle'),
      body: t('workspace.cancelledBody'),
      color: 'gray',
      icon: <IconX size={18} />,
    };

  const needsRetry = lastRun?.status === 'failed_auth' || lastRun?.status === 'partial_or_timeout';

  return (
    <Card data-testid="sync-status-card" data-status={status}>
      <Group justify="space-between" align="flex-start" mb="md">
        <Group gap="sm">
          <Title order={4}>{t('workspace.syncStatus')}</Title>
          <StatusBadge status={status} />
        </Group>
        <Group gap="sm">
          {needsRetry && !syncing && (
            <Button
              color={lastRun?.status === 'failed_auth' ? 'red' : 'orange'}
              leftSection={<IconRefresh size={16} />}
              onClick={onRetry}
              loading={busy}
              data-testid="retry-sync"
            >
              {t('workspace.retry')}
            </Button>
          )}
          {lastRun?.status === 'failed_auth' && onUpdateKey && !syncing && (
            <Button variant="default" leftSection={<IconKey size={16} />} onClick={onUpdateKey}>
              {t('workspace.keyUpdate')}
            </Button>
          )}
          {lastRun && (
            <Tooltip label={t('workspace.fullSyncHint')} multiline w={260}>
              <Button
                variant="default"
                leftSection={<IconRefresh size={16} />}
                onClick={onFullSync}
                disabled={syncing || busy}
                data-testid="full-sync"
              >
                {t('workspace.fullSync')}
              </Button>
            </Tooltip>
          )}
          {!needsRetry && (
            <Button
              leftSection={<IconPlay size={14} />}
              onClick={onSync}
              loading={busy}
              disabled={syncing}
              data-testid="sync-now"
            >
              {syncing ? t('workspace.syncing') : t('workspace.syncNow')}
            </Button>
          )}
        </Group>
      </Group>

      {!lastRun ? (
        <Stack gap={4}>
          <Text fw={500}>{t('workspace.neverSynced')}</Text>
          <Text size="sm" c="dimmed">
            {t('workspace.neverSyncedHint')}
          </Text>
        </Stack>
      ) : (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 2, md: 4 }} spacing="lg">
            <Field label={t('workspace.lastSync')}>
              <Text size="sm" fw={500}>
                {fmt.dateTime(lastRun.startedAt)}
              </Text>
              <Text size="xs" c="dimmed">
                {fmt.relative(lastRun.startedAt)}
              </Text>
            </Field>
            <Field label={t('workspace.duration')}>
              <Text size="sm" fw={500}>
                {duration != null ? fmt.durationShort(duration) : t('runs.inProgress')}
              </Text>
            </Field>
            <Field label={t('workspace.trigger')}>
              <Text size="sm" fw={500}>
                {label('trigger', lastRun.trigger)}
              </Text>
            </Field>
            <Field label={t('workspace.requestId')}>
              <CopyId value={lastRun.requestId} testId="last-request-id" />
            </Field>
          </SimpleGrid>
          {explain ? (
            <Alert
              color={explain.color}
              variant="light"
              icon={explain.icon}
              title={explain.title}
              data-testid="sync-explain"
            >
              <Text size="sm">{explain.body}</Text>
              {lastRun.error && (
                <Text size="sm" mt={6} c="dimmed" data-testid="sync-error-message">
                  {lastRun.error.message}
                </Text>
              )}
            </Alert>
          ) : (
            lastRun.status === 'ok' &&
            !syncing && (
              <Text size="sm" c="dimmed">
                {t('workspace.okBody')}
              </Text>
            )
          )}
        </Stack>
      )}
    </Card>
  );
}
