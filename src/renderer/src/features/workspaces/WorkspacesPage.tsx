import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Menu,
  SimpleGrid,
  Skeleton,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { Name } from '../../components/Name';
import { useMemo, useState } from 'react';
import type { Workspace } from '../../../../shared/contract/workspaces';
import { useErrorToast, useLive } from '../../app/live';
import { OutboxOverviewBadge, useOutboxCounts } from '../outbox';
import { useRouter } from '../../app/router';
import { auditModule } from '../../app/slots';
import { notify } from '../../components/notifications';
import { Page } from '../../components/Page';
import { StaleBadge, StatusBadge, statusRank, workspaceStatus } from '../../components/StatusBadge';
import {
  IconAlert,
  IconArchive,
  IconBox,
  IconClock,
  IconBuilding,
  IconChevronDown,
  IconChevronUp,
  IconDots,
  IconPencil,
  IconPlus,
  IconRefresh,
  IconSearch,
  IconSelector,
  IconSparkles,
  IconTrash,
} from '../../components/icons';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { AddWorkspaceModal } from './AddWorkspaceModal';
import { RemoveModal, RenameModal } from './ManageModals';

type SortKey = 'name' | 'lastSync' | 'status' | 'items';

function compare(a: Workspace, b: Workspace, key: SortKey): number {
  switch (key) {
    case 'name':
      return a.name.localeCompare(b.name);
    case 'lastSync':
      return (a.lastRun?.startedAt ?? '').localeCompare(b.lastRun?.startedAt ?? '');
    case 'status':
      return statusRank[workspaceStatus(a)] - statusRank[workspaceStatus(b)] || Number(b.stale) - Number(a.stale);
    case 'items':
      return a.totalItems - b.totalItems;
  }
}

function SortHeader({
  label,
  k,
  sort,
  onSort,
}: {
  label: string;
  k: SortKey;
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  onSort: (k: SortKey) => void;
}) {
  const active = sort.key === k;
  const Icon = !active ? IconSelector : sort.dir === 'asc' ? IconChevronUp : IconChevronDown;
  return (
    <Table.Th aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <UnstyledButton onClick={() => onSort(k)} data-testid={`sort-${k}`}>
        <Group gap={4} wrap="nowrap" style={{ whiteSpace: 'nowrap' }}>
          <Text fw={600} size="xs" tt="uppercase" c={active ? undefined : 'dimmed'} style={{ letterSpacing: '0.03em' }}>
            {label}
          </Text>
          <Icon size={14} />
        </Group>
      </UnstyledButton>
    </Table.Th>
  );
}

function Stat({
  label,
  value,
  hint,
  icon,
  color,
}: {
  label: string;
  value: string;
  hint?: string;
  icon: React.ReactNode;
  color: string;
}) {
  return (
    <Card padding="md">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
            {label}
          </Text>
          <Text fz={26} fw={700} lh={1.2} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {value}
          </Text>
          {hint && (
            <Text size="xs" c="dimmed">
              {hint}
            </Text>
          )}
        </Stack>
        <ThemeIcon variant="light" color={color} size={36} radius="md">
          {icon}
        </ThemeIcon>
      </Group>
    </Card>
  );
}

export function WorkspacesPage() {
  const { t, label, fmt } = useI18n();
  const { navigate } = useRouter();
  const { workspaces, workspacesError, reloadWorkspaces, progress } = useLive();
  const outboxCounts = useOutboxCounts();
  const showError = useErrorToast();
  const [query, setQuery] = useState('');
  const [showArchived, setShowArchived] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; dir: 'asc' | 'desc' }>({ key: 'name', dir: 'asc' });
  const [adding, setAdding] = useState(false);
  const [demoBusy, setDemoBusy] = useState(false);
  const [syncAllBusy, setSyncAllBusy] = useState(false);
  const [renaming, setRenaming] = useState<Workspace | null>(null);
  const [removing, setRemoving] = useState<Workspace | null>(null);
  const AuditCell = auditModule.AuditOverviewCell;

  const onSort = (key: SortKey) =>
    setSort((s) => (s.key === key ? { key, dir: s.dir === 'asc' ? 'desc' : 'asc' } : { key, dir: 'asc' }));

  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = (workspaces ?? []).filter(
      (w) =>
        (showArchived || !w.archived) &&
        (!q || w.name.toLowerCase().includes(q) || (w.accountName ?? '').toLowerCase().includes(q)),
    );
    list.sort((a, b) => compare(a, b, sort.key) * (sort.dir === 'asc' ? 1 : -1));
    return list;
  }, [workspaces, query, showArchived, sort]);

  const visible = (workspaces ?? []).filter((w) => !w.archived);
  const attention = visible.filter((w) =>
    ['failed_auth', 'partial_or_timeout', 'unreachable'].includes(workspaceStatus(w)),
  ).length;
  const stale = visible.filter((w) => w.stale && w.lastRun).length;

  const addDemo = async () => {
    setDemoBusy(true);
    try {
      const res = await rpc('demo:create', {});
      notify({ kind: 'success', title: t('workspaces.demoAdded') });
      await reloadWorkspaces();
      navigate({ name: 'workspace', workspaceId: res.workspace.id, tab: 'overview' });
    } catch (err) {
      showError(err);
    } finally {
      setDemoBusy(false);
    }
  };

  const syncOne = async (w: Workspace) => {
    try {
      await rpc('sync:start', { workspaceId: w.id, trigger: 'manual' });
      notify({ kind: 'info', title: t('workspace.syncStarted') });
      void reloadWorkspaces();
    } catch (err) {
      showError(err);
    }
  };

  const syncAll = async () => {
    setSyncAllBusy(true);
    try {
      await rpc('sync:startAll', {});
      notify({ kind: 'info', title: t('workspace.syncStarted') });
      void reloadWorkspaces();
    } catch (err) {
      showError(err);
    } finally {
      setSyncAllBusy(false);
    }
  };

  const archive = async (w: Workspace, archived: boolean) => {
    try {
      await rpc('workspaces:archive', { workspaceId: w.id, archived });
      notify({
        kind: 'success',
        title: t(archived ? 'workspaces.archivedToast' : 'workspaces.restoredToast', { name: w.name }),
      });
    } catch (err) {
      showError(err);
    }
  };

  const isEmpty = workspaces !== undefined && workspaces.length === 0;

  return (
    <Page
      testId="workspaces-page"
      title={t('workspaces.title')}
      subtitle={t('workspaces.subtitle')}
      actions={
        !isEmpty && (
          <>
            <Button
              variant="default"
              leftSection={<IconRefresh size={16} />}
              onClick={() => void syncAll()}
              loading={syncAllBusy}
              disabled={!visible.length}
              data-testid="sync-all"
            >
              {t('workspaces.syncAll')}
            </Button>
            <Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)} data-testid="add-workspace">
              {t('workspaces.add')}
            </Button>
          </>
        )
      }
    >
      {workspacesError && (
        <Alert color="red" title={t('errors.title')}>
          {workspacesError.message}
          {workspacesError.requestId && (
            <Text size="xs" ff="monospace" c="dimmed">
              {t('errors.requestIdLine', { requestId: workspacesError.requestId })}
            </Text>
          )}
        </Alert>
      )}

      {isEmpty ? (
        <Card py={64} data-testid="workspaces-empty">
          <EmptyState
            icon={<IconBuilding size={30} />}
            variant="light"
            size="lg"
            title={t('workspaces.emptyTitle')}
            description={<span style={{ maxWidth: 520, display: 'inline-block' }}>{t('workspaces.emptyBody')}</span>}
          >
            <EmptyState.Actions mt="md">
              <Button
                size="md"
                leftSection={<IconSparkles size={18} />}
                onClick={() => void addDemo()}
                loading={demoBusy}
                data-testid="add-demo"
              >
                {t('workspaces.addDemo')}
              </Button>
              <Button
                size="md"
                variant="default"
                leftSection={<IconPlus size={18} />}
                onClick={() => setAdding(true)}
                data-testid="add-workspace"
              >
                {t('workspaces.add')}
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        </Card>
      ) : (
        <>
          {workspaces && (
            <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" data-testid="overview-stats">
              <Stat
                label={t('workspaces.statClients')}
                value={fmt.number(visible.length)}
                icon={<IconBuilding size={18} />}
                color="brand"
              />
              <Stat
                label={t('workspaces.statAttention')}
                value={fmt.number(attention)}
                hint={attention ? t('workspaces.statAttentionHint') : t('workspaces.statAllGood')}
                icon={<IconAlert size={18} />}
                color={attention ? 'red' : 'teal'}
              />
              <Stat
                label={t('workspaces.statStale')}
                value={fmt.number(stale)}
                icon={<IconClock size={18} />}
                color={stale ? 'yellow' : 'teal'}
              />
              <Stat
                label={t('workspaces.statItems')}
                value={fmt.number(visible.reduce((s, w) => s + w.totalItems, 0))}
                icon={<IconBox size={18} />}
                color="violet"
              />
            </SimpleGrid>
          )}
          <Card p={0}>
            <Group justify="space-between" p="md" gap="md">
              <TextInput
                placeholder={t('workspaces.search')}
                aria-label={t('workspaces.search')}
                leftSection={<IconSearch size={16} />}
                value={query}
                onChange={(e) => setQuery(e.currentTarget.value)}
                w={320}
                data-testid="workspaces-search"
              />
              <Switch
                data-testid="show-archived"
                label={t('workspaces.showArchived')}
                checked={showArchived}
                onChange={(e) => setShowArchived(e.currentTarget.checked)}
              />
            </Group>
            <Table.ScrollContainer minWidth={760}>
              <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover data-testid="workspaces-table">
                <Table.Thead>
                  <Table.Tr>
                    <SortHeader label={t('workspaces.colName')} k="name" sort={sort} onSort={onSort} />
                    <SortHeader label={t('workspaces.colStatus')} k="status" sort={sort} onSort={onSort} />
                    <SortHeader label={t('workspaces.colLastSync')} k="lastSync" sort={sort} onSort={onSort} />
                    <SortHeader label={t('workspaces.colItems')} k="items" sort={sort} onSort={onSort} />
                    {AuditCell && (
                      <Table.Th>
                        <Text fw={600} size="xs" tt="uppercase" c="dimmed">
                          {t(auditModule.auditOverviewColumnKey ?? 'nav.audit')}
                        </Text>
                      </Table.Th>
                    )}
                    <Table.Th w={100}>
                      <Text fw={600} size="xs" tt="uppercase" c="dimmed" ta="right">
                        <span className="sr-only">{t('workspaces.colActions')}</span>
                      </Text>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {!workspaces &&
                    [0, 1, 2].map((i) => (
                      <Table.Tr key={i}>
                        {[0, 1, 2, 3, 4].map((j) => (
                          <Table.Td key={j}>
                            <Skeleton h={16} w={j === 0 ? 180 : 90} />
                          </Table.Td>
                        ))}
                      </Table.Tr>
                    ))}
                  {workspaces && rows.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Text c="dimmed" ta="center" py="lg">
                          {t('workspaces.noResults', { query })}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  {rows.map((w) => {
                    const st = workspaceStatus(w);
                    const p = progress[w.id];
                    const open = () => navigate({ name: 'workspace', workspaceId: w.id, tab: 'overview' });
                    return (
                      <Table.Tr
                        key={w.id}
                        data-testid="workspace-row"
                        data-workspace-id={w.id}
                        className="kad-clickable-row"
                        tabIndex={0}
                        onClick={open}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' && e.target === e.currentTarget) open();
                        }}
                        style={{ opacity: w.archived ? 0.6 : 1 }}
                      >
                        <Table.Td miw={240}>
                          <Group gap="xs" wrap="nowrap">
                            <Stack gap={0} style={{ minWidth: 0 }}>
                              <Text fw={600} size="sm" truncate>
                                <Name value={w.name} />
                              </Text>
                              <Text size="xs" c="dimmed" truncate>
                                <Name value={w.accountName ?? '—'} />
                              </Text>
                            </Stack>
                            {w.isDemo && (
                              <Badge size="xs" variant="light" color="violet">
                                {t('trigger.demo')}
                              </Badge>
                            )}
                            {w.archived && (
                              <Badge size="xs" variant="light" color="gray">
                                {t('workspaces.archived')}
                              </Badge>
                            )}
                          </Group>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Group gap={6} wrap="nowrap">
                            <StatusBadge status={st} size="sm" />
                            {w.stale && w.lastRun && st !== 'running' && <StaleBadge />}
                          </Group>
                          {p && (
                            <Text size="xs" c="dimmed" mt={2}>
                              {p.current ? label('resources', p.current) : ''}
                            </Text>
                          )}
                          <OutboxOverviewBadge
                            counts={outboxCounts[w.id]}
                            onOpen={() => navigate({ name: 'workspace', workspaceId: w.id, tab: 'outbox' })}
                          />
                        </Table.Td>
                        <Table.Td>
                          {w.lastRun ? (
                            <Tooltip label={fmt.dateTime(w.lastRun.startedAt)}>
                              <Text size="sm">{fmt.relative(w.lastRun.finishedAt ?? w.lastRun.startedAt)}</Text>
                            </Tooltip>
                          ) : (
                            <Text size="sm" c="dimmed">
                              {t('app.never')}
                            </Text>
                          )}
                          {w.changesSinceLastSync != null && (
                            <Text size="xs" c="dimmed" data-testid="changes-since-last-sync">
                              {t('changes.sinceLastSync', { count: w.changesSinceLastSync })}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm" style={{ fontVariantNumeric: 'tabular-nums' }}>
                            {fmt.number(w.totalItems)}
                          </Text>
                        </Table.Td>
                        {AuditCell && (
                          <Table.Td maw={380}>
                            <AuditCell workspace={w} />
                          </Table.Td>
                        )}
                        <Table.Td onClick={(e) => e.stopPropagation()}>
                          <Group gap={4} justify="flex-end" wrap="nowrap">
                            <Tooltip label={t('workspaces.syncNow')}>
                              <ActionIcon
                                variant="subtle"
                                color="gray"
                                aria-label={`${t('workspaces.syncNow')}: ${w.name}`}
                                onClick={() => void syncOne(w)}
                                disabled={w.syncing || w.archived}
                              >
                                <IconRefresh size={16} className={w.syncing ? 'kad-spin' : undefined} />
                              </ActionIcon>
                            </Tooltip>
                            <Menu position="bottom-end" withinPortal shadow="md" width={200}>
                              <Menu.Target>
                                <ActionIcon
                                  variant="subtle"
                                  color="gray"
                                  aria-label={`${t('workspaces.colActions')}: ${w.name}`}
                                  data-testid="workspace-menu"
                                >
                                  <IconDots size={16} />
                                </ActionIcon>
                              </Menu.Target>
                              <Menu.Dropdown>
                                <Menu.Item
                                  leftSection={<IconPencil size={14} />}
                                  onClick={() => setRenaming(w)}
                                  data-testid="menu-rename"
                                >
                                  {t('workspaces.rename')}
                                </Menu.Item>
                                <Menu.Item
                                  data-testid="menu-archive"
                                  leftSection={<IconArchive size={14} />}
                                  onClick={() => void archive(w, !w.archived)}
                                >
                                  {t(w.archived ? 'workspaces.unarchive' : 'workspaces.archive')}
                                </Menu.Item>
                                <Menu.Divider />
                                <Menu.Item
                                  color="red"
                                  leftSection={<IconTrash size={14} />}
                                  onClick={() => setRemoving(w)}
                                  data-testid="menu-remove"
                                >
                                  {t('workspaces.remove')}
                                </Menu.Item>
                              </Menu.Dropdown>
                            </Menu>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          </Card>
        </>
      )}

      <AddWorkspaceModal
        opened={adding}
        onClose={() => setAdding(false)}
        onAdded={(id) => {
          setAdding(false);
          void reloadWorkspaces();
          navigate({ name: 'workspace', workspaceId: id, tab: 'overview' });
        }}
      />
      <RenameModal workspace={renaming} onClose={() => setRenaming(null)} />
      <RemoveModal workspace={removing} onClose={() => setRemoving(null)} />
    </Page>
  );
}
