import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  MultiSelect,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { InventoryRow } from '../../../../shared/contract/inventory';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { useLive } from '../../app/live';
import { CopyId } from '../../components/CopyId';
import { IconBox, IconFilterOff, IconSearch } from '../../components/icons';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { columnsFor, filtersFor, type SortField } from './columns';
import { DetailDrawer } from './DetailDrawer';
import { useInventoryRows } from './useInventoryRows';
import { SelectionBar, TAGGABLE } from '../outbox/SelectionBar';
import { useOutboxT } from '../outbox/strings';
import { useOutboxChanged } from '../outbox/useOutbox';
import { VirtualTable } from './VirtualTable';

const browsable: ResourceType[] = ['flows', 'campaigns', 'templates', 'forms', 'lists', 'segments', 'metrics', 'tags'];

/** A tab per resource type; each tab is a searchable, filterable, sortable virtual table with a detail drawer. */
export function InventoryBrowser({
  workspaceId,
  type,
  onTypeChange,
  counts,
}: {
  workspaceId: string;
  type: ResourceType;
  onTypeChange: (t: ResourceType) => void;
  counts: Partial<Record<ResourceType, number>>;
}) {
  const { label, fmt } = useI18n();
  return (
    <Tabs value={type} onChange={(v) => v && onTypeChange(v as ResourceType)} variant="pills" radius="md">
      <Tabs.List mb="md">
        {browsable.map((rt) => (
          <Tabs.Tab
            key={rt}
            value={rt}
            data-testid={`inv-tab-${rt}`}
            rightSection={
              <Badge
                size="xs"
                variant={rt === type ? 'white' : 'light'}
                color={rt === type ? 'brand' : 'gray'}
                circle={false}
              >
                {fmt.number(counts[rt] ?? 0)}
              </Badge>
            }
          >
            {label('resources', rt)}
          </Tabs.Tab>
        ))}
      </Tabs.List>
      <InventoryTable key={`${workspaceId}/${type}`} workspaceId={workspaceId} type={type} />
    </Tabs>
  );
}

function InventoryTable({ workspaceId, type }: { workspaceId: string; type: ResourceType }) {
  const { t, label, ot } = useOutboxT();
  const { finishedTick } = useLive();
  const [search, setSearch] = useState('');
  const [debouncedSearch] = useDebouncedValue(search, 200);
  const [status, setStatus] = useState<string[]>([]);
  const [channel, setChannel] = useState<string[]>([]);
  const [trigger, setTrigger] = useState<string[]>([]);
  const [includeArchived, setIncludeArchived] = useState(false);
  const [sort, setSort] = useState<{ field: SortField; direction: 'asc' | 'desc' } | null>({
    field: 'name',
    direction: 'asc',
  });
  const [open, setOpen] = useState<InventoryRow | null>(null);
  const [selected, setSelected] = useState<Map<string, InventoryRow>>(new Map());
  const taggable = !!TAGGABLE[type];
  const allow = filtersFor(type);
  const columns = useMemo(() => columnsFor(type), [type]);

  const facets = useQuery(`${workspaceId}/${type}/${finishedTick[workspaceId] ?? 0}`, () =>
    rpc('inventory:facets', { workspaceId, type }),
  );

  const query = useMemo(
    () => ({
      workspaceId,
      type,
      search: debouncedSearch.trim() || undefined,
      filters: {
        status: allow.status && status.length ? status : undefined,
        channel: allow.channel && channel.length ? (channel as ('email' | 'sms' | 'mobile_push')[]) : undefined,
        triggerType: allow.triggerType && trigger.length ? trigger : undefined,
        // archived items are hidden unless asked for
        archived: allow.archived && !includeArchived ? false : undefined,
      },
      sort: sort ?? undefined,
    }),
    [
      workspaceId,
      type,
      debouncedSearch,
      status,
      channel,
      trigger,
      includeArchived,
      sort,
      allow.status,
      allow.channel,
      allow.triggerType,
      allow.archived,
    ],
  );
  const rows = useInventoryRows(query);
  const { refresh } = rows;
  const tick = finishedTick[workspaceId] ?? 0;
  useEffect(() => {
    if (tick) refresh();
  }, [tick, refresh]);

  const onSort = useCallback(
    (field: SortField) =>
      setSort((s) =>
        s?.field === field ? { field, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { field, direction: 'asc' },
      ),
    [],
  );
  const onOpen = useCallback((r: InventoryRow) => setOpen(r), []);
  // queued changes show as pending marks: the rows are read again whenever the outbox changes
  useOutboxChanged(refresh, workspaceId);
  const toggle = useCallback(
    (r: InventoryRow) =>
      setSelected((prev) => {
        const next = new Map(prev);
        if (next.has(r.id)) next.delete(r.id);
        else next.set(r.id, r);
        return next;
      }),
    [],
  );
  const selection = useMemo(
    () =>
      taggable
        ? {
            selected: new Set(selected.keys()),
            toggle,
            label: (r: InventoryRow) => ot('select.row', { name: r.name ?? r.id }),
          }
        : undefined,
    [taggable, selected, toggle, ot],
  );
  const filtered = !!(search || status.length || channel.length || trigger.length || includeArchived);
  const clear = () => {
    setSearch('');
    setStatus([]);
    setChannel([]);
    setTrigger([]);
    setIncludeArchived(false);
  };
  const facetTotal = facets.data ? facets.data.archived.true + facets.data.archived.false : null;

  return (
    <Card p={0} data-testid="inventory-table" data-type={type}>
      <Group p="md" gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          placeholder={t('inventory.search')}
          aria-label={t('inventory.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
          data-testid="inventory-search"
        />
        {allow.status && (
          <FacetSelect
            label={t('inventory.filterStatus')}
            facets={facets.data?.status}
            toLabel={(v) => label('itemStatus', v)}
            value={status}
            onChange={setStatus}
            width={200}
            testId="filter-status"
          />
        )}
        {allow.channel && (
          <FacetSelect
            label={t('inventory.filterChannel')}
            facets={facets.data?.channel}
            toLabel={(v) => label('channels', v)}
            value={channel}
            onChange={setChannel}
            width={200}
            testId="filter-channel"
          />
        )}
        {allow.triggerType && (
          <FacetSelect
            label={t('inventory.filterTrigger')}
            facets={facets.data?.triggerType}
            toLabel={(v) => label('triggerTypes', v)}
            value={trigger}
            onChange={setTrigger}
            width={220}
            testId="filter-trigger"
          />
        )}
        {allow.archived && (
          <Switch
            data-testid="filter-archived"
            label={t('inventory.archivedToggle')}
            checked={includeArchived}
            onChange={(e) => setIncludeArchived(e.currentTarget.checked)}
            mb={8}
          />
        )}
        {filtered && (
          <Button variant="subtle" color="gray" leftSection={<IconFilterOff size={14} />} onClick={clear}>
            {t('inventory.clearFilters')}
          </Button>
        )}
        <Text size="sm" c="dimmed" ml="auto" mb={8} data-testid="inventory-count">
          {rows.total === null
            ? rows.error
              ? t('app.none')
              : t('app.loading')
            : facetTotal !== null && facetTotal !== rows.total
              ? t('inventory.shownOf', { shown: rows.total, total: facetTotal })
              : t('inventory.rows', { count: rows.total })}
        </Text>
      </Group>
      {rows.error && (
        <Alert color="red" mx="md" mb="md" title={t('errors.title')} data-testid="inventory-error">
          <Stack gap="xs">
            <Text size="sm">{rows.error.message}</Text>
            {rows.error.requestId && (
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {t('app.requestId')}
                </Text>
                <CopyId value={rows.error.requestId} />
              </Group>
            )}
            <Group>
              <Button size="xs" variant="default" onClick={rows.refresh}>
                {t('app.retry')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {/* no skeleton that can never fill: when the first rows failed, the error above is the whole answer */}
      {rows.total === null && rows.error ? null : rows.total === 0 ? (
        <EmptyState
          py={56}
          icon={<IconBox size={26} />}
          withIndicatorBackground
          title={filtered ? t('inventory.noMatch') : t('inventory.emptyTitle')}
          description={filtered ? undefined : t('inventory.emptyBody')}
        >
          {filtered && (
            <EmptyState.Actions>
              <Button variant="default" onClick={clear}>
                {t('inventory.clearFilters')}
              </Button>
            </EmptyState.Actions>
          )}
        </EmptyState>
      ) : (
        <VirtualTable
          columns={columns}
          total={rows.total ?? 12}
          rowAt={rows.rowAt}
          ensure={rows.ensure}
          version={rows.version}
          sort={sort}
          onSort={onSort}
          onOpen={onOpen}
          activeId={open?.id ?? null}
          height="max(360px, calc(100vh - 372px))"
          selection={selection}
        />
      )}
      <SelectionBar
        workspaceId={workspaceId}
        type={type}
        selected={[...selected.values()]}
        onClear={() => setSelected(new Map())}
      />
      <DetailDrawer workspaceId={workspaceId} type={type} row={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

/** A multi-value filter over one column's facets, each value shown with how many items have it. */
function FacetSelect({
  label,
  facets,
  toLabel = (v) => v,
  value,
  onChange,
  width,
  testId,
}: {
  label: string;
  facets: { value: string; count: number }[] | undefined;
  toLabel?: (value: string) => string;
  value: string[];
  onChange: (value: string[]) => void;
  width: number;
  testId: string;
}) {
  return (
    <MultiSelect
      placeholder={label}
      aria-label={label}
      data={(facets ?? []).map((f) => ({ value: f.value, label: `${toLabel(f.value)} (${f.count})` }))}
      value={value}
      onChange={onChange}
      clearable
      w={width}
      data-testid={testId}
    />
  );
}
