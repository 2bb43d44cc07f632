import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Group,
  Modal,
  PasswordInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Tabs,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { Name } from '../../components/Name';
import { useState } from 'react';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { useErrorToast, useLive } from '../../app/live';
import { useRouter, type WorkspaceTab } from '../../app/router';
import { auditModule } from '../../app/slots';
import { notify } from '../../components/notifications';
import { Page } from '../../components/Page';
import { StaleBadge } from '../../components/StatusBadge';
import { IconBox, IconChart, IconHistory, IconKey, IconList, IconRefresh } from '../../components/icons';
import { useI18n } from '../../i18n';
import { toEnvelope } from '../../lib/errors';
import { rpc } from '../../lib/rpc';
import { ChangesTab } from '../changes';
import { OutboxTab, OutboxTabLabel } from '../outbox';
import { TrendsTab } from '../trends';
import { InventoryBrowser } from '../inventory/InventoryBrowser';
import { RunsTab } from '../runs/RunsTab';
import { SyncProgressCard } from './SyncProgressCard';
import { SyncStatusCard } from './SyncStatusCard';

/** Inventory types shown as tabs and tiles; children (actions, messages, versions) open from their parents. */
export const browsableTypes: ResourceType[] = [
  'flows',
  'campaigns',
  'templates',
  'forms',
  'lists',
  'segments',
  'metrics',
  'tags',
];

export function WorkspacePage({ workspaceId, tab }: { workspaceId: string; tab: WorkspaceTab }) {
  const { t, label, fmt } = useI18n();
  const { navigate } = useRouter();
  const { workspaces, progress } = useLive();
  const showError = useErrorToast();
  const [busy, setBusy] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [keyModal, setKeyModal] = useState(false);
  const [inventoryType, setInventoryType] = useState<ResourceType>('flows');
  const workspace = workspaces?.find((w) => w.id === workspaceId);
  const live = progress[workspaceId];

  if (!workspaces) {
    return (
      <Page title={<Skeleton h={28} w={260} />}>
        <Skeleton h={180} radius="md" />
        <Skeleton h={240} radius="md" />
      </Page>
    );
  }
  if (!workspace) {
    return (
      <Page title={t('workspace.notFound')}>
        <Button variant="default" onClick={() => navigate({ name: 'workspaces' })}>
          {t('workspace.backToAll')}
        </Button>
      </Page>
    );
  }

  const start = async (trigger: 'manual' | 'retry', full = false) => {
    setBusy(true);
    try {
      await rpc('sync:start', { workspaceId, trigger, full });
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    setCancelling(true);
    try {
      await rpc('sync:cancel', { workspaceId });
    } catch (err) {
      showError(err);
    } finally {
      setCancelling(false);
    }
  };
  const setTab = (next: WorkspaceTab) => navigate({ name: 'workspace', workspaceId, tab: next });
  const AuditTab = auditModule.AuditTab;
  const syncing = workspace.syncing || !!live;

  return (
    <Page
      testId="workspace-page"
      above={
        <Breadcrumbs separatorMargin={6}>
          <Anchor size="sm" component="button" onClick={() => navigate({ name: 'workspaces' })}>
            {t('nav.allClients')}
          </Anchor>
          <Text size="sm" c="dimmed">
            <Name value={workspace.name} />
          </Text>
        </Breadcrumbs>
      }
      title={
        <span data-testid="workspace-title">
          <Name value={workspace.name} />
        </span>
      }
      subtitle={
        <Group gap={8}>
          {workspace.accountName && <bdi>{t('workspace.account', { name: workspace.accountName })}</bdi>}
          {workspace.isDemo && (
            <Badge size="sm" color="violet" variant="light">
              {t('trigger.demo')}
            </Badge>
          )}
          {workspace.stale && workspace.lastRun && !syncing && <StaleBadge />}
        </Group>
      }
    >
      <Tabs value={tab} onChange={(v) => v && setTab(v as WorkspaceTab)} keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="overview" leftSection={<IconBox size={16} />} data-testid="tab-overview">
            {t('nav.overview')}
          </Tabs.Tab>
          <Tabs.Tab value="inventory" leftSection={<IconList size={16} />} data-testid="tab-inventory">
            {t('nav.inventory')}
          </Tabs.Tab>
          <Tabs.Tab value="changes" leftSection={<IconRefresh size={16} />} data-testid="tab-changes">
            {t('changes.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="trends" leftSection={<IconChart size={16} />} data-testid="tab-trends">
            {t('trends.tab')}
          </Tabs.Tab>
          <Tabs.Tab value="runs" leftSection={<IconHistory size={16} />} data-testid="tab-runs">
            {t('nav.runs')}
          </Tabs.Tab>
          <Tabs.Tab value="audit" leftSection={<IconChart size={16} />} data-testid="tab-audit">
            {t('nav.audit')}
          </Tabs.Tab>
          <OutboxTabLabel workspaceId={workspaceId} />
        </Tabs.List>

        <Tabs.Panel value="overview">
          <Stack gap="lg">
            <SyncStatusCard
              lastRun={workspace.lastRun}
              isDemo={workspace.isDemo}
              syncing={syncing}
              busy={busy}
              onSync={() => void start('manual')}
              onFullSync={() => void start('manual', true)}
              onRetry={() => void start('retry')}
              onUpdateKey={workspace.isDemo ? undefined : () => setKeyModal(true)}
            />
            {live && <SyncProgressCard progress={live} onCancel={() => void cancel()} cancelling={cancelling} />}
            {(workspace.lastRun || workspace.totalItems > 0) && (
              <Card>
                <Group justify="space-between" mb="md">
                  <Text fw={600}>{t('workspace.itemsTotal')}</Text>
                  <Text fw={600} style={{ fontVariantNumeric: 'tabular-nums' }}>
                    {fmt.number(workspace.totalItems)}
                  </Text>
                </Group>
                <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
                  {browsableTypes.map((type) => (
                    <UnstyledButton
                      key={type}
                      data-testid={`tile-${type}`}
                      onClick={() => {
                        setInventoryType(type);
                        setTab('inventory');
                      }}
                      style={{
                        border: '1px solid var(--mantine-color-default-border)',
                        borderRadius: 'var(--mantine-radius-md)',
                        padding: '12px 14px',
                      }}
                    >
                      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
                        {label('resources', type)}
                      </Text>
                      <Text size="xl" fw={700} mt={2}>
                        {fmt.number(workspace.itemCounts[type] ?? 0)}
                      </Text>
                    </UnstyledButton>
                  ))}
                </SimpleGrid>
              </Card>
            )}
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="inventory">
          <InventoryBrowser
            workspaceId={workspaceId}
            type={inventoryType}
            onTypeChange={setInventoryType}
            counts={workspace.itemCounts}
          />
        </Tabs.Panel>
        <Tabs.Panel value="changes">
          <ChangesTab workspaceId={workspaceId} />
        </Tabs.Panel>
        <Tabs.Panel value="trends">
          <TrendsTab workspaceId={workspaceId} />
        </Tabs.Panel>
        <Tabs.Panel value="runs">
          <RunsTab workspaceId={workspaceId} />
        </Tabs.Panel>
        <Tabs.Panel value="outbox">
          <OutboxTab workspaceId={workspaceId} onReplaceKey={workspace.isDemo ? undefined : () => setKeyModal(true)} />
        </Tabs.Panel>
        <Tabs.Panel value="audit">
          {AuditTab ? (
            <AuditTab workspaceId={workspaceId} />
          ) : (
            <Card py="xl">
              <Text fw={600}>{t('audit.placeholderTitle')}</Text>
              <Text c="dimmed" size="sm">
                {t('audit.placeholderBody')}
              </Text>
            </Card>
          )}
        </Tabs.Panel>
      </Tabs>
      <UpdateKeyModal opened={keyModal} workspaceId={workspaceId} onClose={() => setKeyModal(false)} />
    </Page>
  );
}

function UpdateKeyModal({
  opened,
  workspaceId,
  onClose,
}: {
  opened: boolean;
  workspaceId: string;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ReturnType<typeof toEnvelope> | null>(null);
  const close = () => {
    setKey('');
    setError(null);
    onClose();
  };
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await rpc('workspaces:setKey', { workspaceId, apiKey: key.trim() });
      notify({ kind: 'success', title: t('addWorkspace.keyOk') });
      close();
    } catch (err) {
      setError(toEnvelope(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={600}>{t('workspace.keyUpdate')}</Text>} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <PasswordInput
            data-autofocus
            label={t('addWorkspace.keyLabel')}
            description={t('addWorkspace.keyDescription')}
            leftSection={<IconKey size={16} />}
            value={key}
            onChange={(e) => setKey(e.currentTarget.value)}
            autoComplete="off"
          />
          {error && (
            <Alert color="red" variant="light" title={t('addWorkspace.rejected')}>
              <Text size="sm">{error.message}</Text>
              {error.requestId && (
                <Text size="xs" ff="monospace" c="dimmed">
                  {t('errors.requestIdLine', { requestId: error.requestId })}
                </Text>
              )}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!key.trim().startsWith('pk_')}>
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
