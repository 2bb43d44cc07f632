import { Badge, Text } from '@mantine/core';
import type { InventoryRow } from '../../../../shared/contract/inventory';
import type { ResourceType } from '../../../../shared/contract/primitives';
import type { I18n } from '../../i18n';

export type SortField = 'name' | 'status' | 'channel' | 'triggerType' | 'createdAt' | 'updatedAt';

export interface Column {
  key: string;
  labelKey: string;
  /** CSS flex shorthand: grow factor and basis */
  flex: string;
  sortField?: SortField;
  render: (row: InventoryRow, i18n: I18n) => React.ReactNode;
}

const statusColors: Record<string, string> = {
  live: 'teal',
  sent: 'teal',
  active: 'teal',
  manual: 'blue',
  draft: 'gray',
  scheduled: 'brand',
  sending: 'brand',
  cancelled: 'orange',
  canceled: 'orange',
  paused: 'yellow',
  archived: 'gray',
};

export function StatusPill({ status }: { status: string | null }) {
  if (!status)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const color = statusColors[status.toLowerCase()] ?? 'gray';
  return (
    <Badge size="sm" variant="light" color={color} tt="none">
      {status}
    </Badge>
  );
}

const nameCol: Column = {
  key: 'name',
  labelKey: 'inventory.colName',
  flex: '3 1 260px',
  sortField: 'name',
  render: (r) => (
    <Text size="sm" fw={500} truncate component="span">
      {r.name ?? r.id}
    </Text>
  ),
};
const statusCol: Column = {
  key: 'status',
  labelKey: 'inventory.colStatus',
  flex: '0 0 130px',
  sortField: 'status',
  render: (r) => <StatusPill status={r.status} />,
};
const channelCol: Column = {
  key: 'channel',
  labelKey: 'inventory.colChannel',
  flex: '0 0 120px',
  sortField: 'channel',
  render: (r, { t }) => <Text size="sm">{r.channel ? t(`channels.${r.channel}`) : '—'}</Text>,
};
const triggerCol: Column = {
  key: 'triggerType',
  labelKey: 'inventory.colTrigger',
  flex: '1 1 160px',
  sortField: 'triggerType',
  render: (r) => (
    <Text size="sm" truncate component="span">
      {r.triggerType ?? '—'}
    </Text>
  ),
};
const archivedCol: Column = {
  key: 'archived',
  labelKey: 'inventory.colArchived',
  flex: '0 0 100px',
  render: (r, { t }) =>
    r.archived ? (
      <Badge size="xs" color="gray" variant="outline">
        {t('inventory.yes')}
      </Badge>
    ) : null,
};
const updatedCol: Column = {
  key: 'updatedAt',
  labelKey: 'inventory.colUpdated',
  flex: '0 0 210px',
  sortField: 'updatedAt',
  render: (r, { fmt }) => (
    <Text size="sm" c="dimmed">
      {r.updatedAt ? fmt.dateTime(r.updatedAt) : '—'}
    </Text>
  ),
};
const createdCol: Column = {
  key: 'createdAt',
  labelKey: 'inventory.colCreated',
  flex: '0 0 210px',
  sortField: 'createdAt',
  render: (r, { fmt }) => (
    <Text size="sm" c="dimmed">
      {r.createdAt ? fmt.dateTime(r.createdAt) : '—'}
    </Text>
  ),
};
const idCol: Column = {
  key: 'id',
  labelKey: 'inventory.colId',
  flex: '0 0 170px',
  render: (r) => (
    <Text size="xs" ff="monospace" c="dimmed" truncate component="span">
      {r.id}
    </Text>
  ),
};

export function columnsFor(type: ResourceType): Column[] {
  switch (type) {
    case 'flows':
      return [nameCol, statusCol, triggerCol, archivedCol, updatedCol];
    case 'campaigns':
      return [nameCol, statusCol, channelCol, archivedCol, updatedCol];
    case 'forms':
    case 'segments':
      return [nameCol, statusCol, updatedCol, createdCol];
    case 'metrics':
      return [nameCol, idCol, updatedCol, createdCol];
    default:
      return [nameCol, idCol, updatedCol, createdCol];
  }
}

/** Which filters make sense for a type (the contract accepts all; the data only varies for some). */
export function filtersFor(type: ResourceType) {
  return {
    status: ['flows', 'campaigns', 'forms', 'segments'].includes(type),
    channel: type === 'campaigns',
    triggerType: type === 'flows',
    archived: type === 'flows' || type === 'campaigns',
  };
}
