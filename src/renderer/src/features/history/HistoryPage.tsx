import {
  Alert,
  Button,
  Card,
  EmptyState,
  Group,
  Pagination,
  Select,
  Skeleton,
  Table,
  Text,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import type { SyncRun } from '../../../../shared/contract/sync';
import { useErrorToast, useLive } from '../../app/live';
import { Name } from '../../components/Name';
import { notify } from '../../components/notifications';
import { Page } from '../../components/Page';
import { runStatus, StatusBadge } from '../../components/StatusBadge';
import { IconChevronDown, IconChevronUp, IconHistory, IconSelector } from '../../components/icons';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { deliverExport } from '../audit/exportReport';
import { HealthPanel } from './HealthPanel';
import { HistoryFilterBar } from './HistoryFilters';
import { RunDrawer } from './RunDrawer';
import {
  exportQuery,
  nextSort,
  NO_FILTERS,
  pageQuery,
  type HistoryFilters,
  type HistorySort,
  type RunSortField,
} from './query';
import { runTotals } from './totals';

const PAGE_SIZES = ['25', '50', '100', '200'];

/** A column header that sorts by its field; `aria-sort` tells assistive technology which way. */
function SortHeader({
  field,
  labelKey,
  sort,
  onSort,
  align,
}: {
  field: RunSortField;
  labelKey: string;
  sort: HistorySort;
  onSort: (f: RunSortField) => void;
  align?: 'right';
}) {
  const { t } = useI18n();
  const active = sort.by === field;
  const Icon = !active ? IconSelector : sort.dir === 'asc' ? IconChevronUp : IconChevronDown;
  return (
    <Table.Th
      className="kad-th"
      ta={align}
      aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <UnstyledButton
        onClick={() => onSort(field)}
        data-testid={`history-sort-${field}`}
        aria-label={t('history.sortBy', { column: t(labelKey) })}
        style={{
          font: 'inherit',
          color: 'inherit',
          textTransform: 'inherit',
          letterSpacing: 'inherit',
          display: 'inline-flex',
          alignItems: 'center',
          gap: 4,
        }}
      >
        {t(labelKey)}
        <Icon size={12} style={{ opacity: active ? 1 : 0.4 }} />
      </UnstyledButton>
    </Table.Th>
  );
}

function PlainHeader({ labelKey, align }: { labelKey: string; align?: 'right' }) {
  const { t } = useI18n();
  return (
    <Table.Th className="kad-th" ta={align}>
      {t(labelKey)}
    </Table.Th>
  );
}

function RunRow({ run, client, onOpen }: { run: SyncRun; client: string; onOpen: () => void }) {
  const { t, label, fmt } = useI18n();
  const totals = runTotals(run);
  return (
    <Table.Tr
      data-testid="history-row"
      data-run={run.id}
      data-outcome={run.outcome}
      data-workspace={run.workspaceId}
      className="kad-clickable-row"
      tabIndex={0}
      onClick={onOpen}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen();
        }
      }}
    >
      <Table.Td>
        <Text size="sm">{fmt.dateTime(run.startedAt)}</Text>
        <Text size="xs" c="dimmed">
          {fmt.relative(run.startedAt)}
        </Text>
      </Table.Td>
      <Table.Td data-testid="history-client" maw={220}>
        <Text size="sm" truncate>
          <Name value={client} />
        </Text>
      </Table.Td>
      <Table.Td>
        <StatusBadge status={runStatus(run)} size="sm" />
      </Table.Td>
      <Table.Td>
        <Text size="sm">{label('trigger', run.trigger)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{t(`history.directions.${run.direction}`)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{run.durationMs != null ? fmt.durationShort(run.durationMs) : t('runs.inProgress')}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{fmt.number(totals.requests)}</Text>
      </Table.Td>
      <Table.Td ta="right">
        <Text size="sm">{fmt.number(totals.changed)}</Text>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The history of syncs (PRODUCT C4): every client's runs, or one client's, filtered, sorted and paged by the
 * service; a run opens in a drawer; "Export CSV" writes the same selection in the same order.
 */
export function HistoryPage({ workspaceId }: { workspaceId?: string }) {
  const { t, fmt, locale } = useI18n();
  const { workspaces, finishedTick } = useLive();
  const showError = useErrorToast();
  const [filters, setFilters] = useState<HistoryFilters>({ ...NO_FILTERS, workspaceId: workspaceId ?? null });
  const [sort, setSort] = useState<HistorySort>({ by: 'started', dir: 'desc' });
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(50);
  const [open, setOpen] = useState<SyncRun | null>(null);
  const [exporting, setExporting] = useState(false);

  const names = useMemo(() => new Map((workspaces ?? []).map((w) => [w.id, w.name])), [workspaces]);
  const clientName = (id: string) => names.get(id) ?? id;
  const query = pageQuery(filters, sort, page, pageSize);
  const tick = Object.values(finishedTick).reduce((a, b) => a + b, 0);
  const runs = useQuery(`${JSON.stringify(query)}/${tick}`, () => rpc('sync:runs', query));

  const changeFilters = (next: HistoryFilters) => {
    setFilters(next);
    setPage(0);
  };
  const onSort = (field: RunSortField) => {
    setSort(nextSort(sort, field));
    setPage(0);
  };
  const exportCsv = async () => {
    setExporting(true);
    try {
      if (await deliverExport(await rpc('sync:runsExport', exportQuery(filters, sort, locale))))
        notify({ kind: 'success', title: t('history.exported') });
    } catch (err) {
      showError(err);
    } finally {
      setExporting(false);
    }
  };

  const total = runs.data?.total ?? 0;
  const items = runs.data?.items ?? [];
  const fixed = workspaceId !== undefined;
  const subtitle = fixed ? t('history.subtitleClient', { name: clientName(workspaceId) }) : t('history.subtitle');

  return (
    <Page
      title={t('history.title')}
      subtitle={subtitle}
      testId="history-page"
      actions={
        <Tooltip label={t('history.exportHint', { count: total })} disabled={!total}>
          <Button
            variant="default"
            onClick={() => void exportCsv()}
            loading={exporting}
            disabled={!total}
            data-testid="history-export"
          >
            {t('history.exportCsv')}
          </Button>
        </Tooltip>
      }
    >
      <HealthPanel workspaceId={filters.workspaceId} refreshKey={tick} />
      <HistoryFilterBar
        value={filters}
        onChange={changeFilters}
        clients={(workspaces ?? []).map((w) => ({ id: w.id, name: w.name }))}
        fixedWorkspace={fixed}
      />
      {runs.error ? (
        <Alert color="red" title={t('errors.title')}>
          {runs.error.message}
        </Alert>
      ) : runs.loading && !runs.data ? (
        <Card>
          {[0, 1, 2, 3, 4].map((i) => (
            <Skeleton key={i} h={20} mb="md" />
          ))}
        </Card>
      ) : !items.length ? (
        <Card py={48} data-testid="history-empty">
          <EmptyState
            icon={<IconHistory size={26} />}
            withIndicatorBackground
            title={
              Object.keys(query).some((k) => !['sortBy', 'sort', 'offset', 'limit'].includes(k))
                ? t('history.emptyFiltered')
                : t('history.empty')
            }
          />
        </Card>
      ) : (
        <Card p={0} data-testid="history-table">
          <Table.ScrollContainer minWidth={900}>
            <Table verticalSpacing="sm" horizontalSpacing="md" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <SortHeader field="started" labelKey="history.colStarted" sort={sort} onSort={onSort} />
                  <SortHeader field="workspace" labelKey="history.colClient" sort={sort} onSort={onSort} />
                  <SortHeader field="status" labelKey="history.colStatus" sort={sort} onSort={onSort} />
                  <PlainHeader labelKey="history.colTrigger" />
                  <PlainHeader labelKey="history.colDirection" />
                  <SortHeader
                    field="duration"
                    labelKey="history.colDuration"
                    sort={sort}
                    onSort={onSort}
                    align="right"
                  />
                  <SortHeader
                    field="requests"
                    labelKey="history.colRequests"
                    sort={sort}
                    onSort={onSort}
                    align="right"
                  />
                  <PlainHeader labelKey="history.colChanged" align="right" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((run) => (
                  <RunRow key={run.id} run={run} client={clientName(run.workspaceId)} onOpen={() => setOpen(run)} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group p="sm" justify="space-between" data-testid="history-paging">
            <Text size="xs" c="dimmed" data-testid="history-count">
              {t('history.count', { count: total })}
              {' · '}
              {t('history.range', {
                from: fmt.number(page * pageSize + 1),
                to: fmt.number(page * pageSize + items.length),
                total: fmt.number(total),
              })}
            </Text>
            <Group gap="md">
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  {t('history.pageSize')}
                </Text>
                <Select
                  size="xs"
                  w={80}
                  data={PAGE_SIZES}
                  value={String(pageSize)}
                  onChange={(v) => {
                    setPageSize(Number(v ?? 50));
                    setPage(0);
                  }}
                  allowDeselect={false}
                  aria-label={t('history.pageSize')}
                  data-testid="history-page-size"
                />
              </Group>
              <Pagination
                size="sm"
                total={Math.max(1, Math.ceil(total / pageSize))}
                value={page + 1}
                onChange={(p) => setPage(p - 1)}
                data-testid="history-pagination"
              />
            </Group>
          </Group>
        </Card>
      )}
      <RunDrawer run={open} clientName={open ? clientName(open.workspaceId) : ''} onClose={() => setOpen(null)} />
    </Page>
  );
}
