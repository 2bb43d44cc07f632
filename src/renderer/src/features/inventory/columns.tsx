import type { InventoryRow } from '../../../../shared/contract/inventory';
import { Name } from '../../components/Name';
import type { ResourceType } from '../../../../shared/contract/primitives';
import type { I18n } from '../../i18n';
import { valueKey } from '../../i18n/catalogue';
import { PendingStatusMark, PendingTags } from '../outbox/PendingMark';

export type SortField = 'name' | 'status' | 'channel' | 'triggerType' | 'createdAt' | 'updatedAt';

export interface Column {
  key: string;
  labelKey: string;
  /** CSS flex shorthand: grow factor and basis */
  flex: string;
  sortField?: SortField;
  render: (row: InventoryRow, i18n: I18n) => React.ReactNode;
}

// keyed by valueKey(): Klaviyo writes campaign statuses capitalised ("Sent", "Cancelled: No Recipients")
const statusColors: Record<string, string> = {
  live: 'teal',
  sent: 'teal',
  variations_sent: 'teal',
  active: 'teal',
  manual: 'blue',
  draft: 'gray',
  disabled: 'gray',
  scheduled: 'brand',
  sending: 'brand',
  sending_segments: 'brand',
  adding_recipients: 'brand',
  preparing_to_schedule: 'brand',
  preparing_to_send: 'brand',
  queued_without_recipients: 'yellow',
  paused: 'yellow',
  archived: 'gray',
};

function statusColor(status: string): string {
  const key = valueKey(status);
  return statusColors[key] ?? (key.startsWith('cancel') ? 'orange' : 'gray');
}

/**
 * Table cells are plain elements with CSS classes, not Mantine components: a fast scroll through 20,000 rows
 * mounts a few hundred cells per second, and each themed component costs far more than a span.
 */
export function StatusPill({ status, label }: { status: string | null; label: I18n['label'] }) {
  if (!status) return <span className="kad-dim">—</span>;
  const color = statusColor(status);
  return (
    <span
      className="kad-pill"
      data-status={status}
      style={{ background: `var(--mantine-color-${color}-light)`, color: `var(--mantine-color-${color}-light-color)` }}
    >
      {label('itemStatus', status)}
    </span>
  );
}

const nameCol: Column = {
  key: 'name',
  labelKey: 'inventory.colName',
  flex: '3 1 260px',
  sortField: 'name',
  render: (r) => (
    <>
      <Name className="kad-strong" value={r.name ?? r.id} />
      {r.pending?.tags.length ? <PendingTags pending={r.pending} /> : null}
    </>
  ),
};
const statusCol: Column = {
  key: 'status',
  labelKey: 'inventory.colStatus',
  flex: '0 0 130px',
  sortField: 'status',
  // a status the queue will set is shown as the item's status, marked as not yet in Klaviyo
  render: (r, { label }) =>
    r.pending?.status ? (
      <>
        <StatusPill status={r.pending.status.local} label={label} />
        <PendingStatusMark pending={r.pending} />
      </>
    ) : (
      <StatusPill status={r.status} label={label} />
    ),
};
const channelCol: Column = {
  key: 'channel',
  labelKey: 'inventory.colChannel',
  flex: '0 0 120px',
  sortField: 'channel',
  render: (r, { label }) => (r.channel ? label('channels', r.channel) : '—'),
};
const triggerCol: Column = {
  key: 'triggerType',
  labelKey: 'inventory.colTrigger',
  flex: '1 1 160px',
  sortField: 'triggerType',
  render: (r, { label }) => (r.triggerType ? label('triggerTypes', r.triggerType) : '—'),
};
const archivedCol: Column = {
  key: 'archived',
  labelKey: 'inventory.colArchived',
  flex: '0 0 100px',
  render: (r, { t }) => (r.archived ? <span className="kad-pill kad-pill-outline">{t('inventory.yes')}</span> : null),
};
const updatedCol: Column = {
  key: 'updatedAt',
  labelKey: 'inventory.colUpdated',
  flex: '0 0 210px',
  sortField: 'updatedAt',
  render: (r, { fmt }) => <span className="kad-dim">{r.updatedAt ? fmt.dateTime(r.updatedAt) : '—'}</span>,
};
const createdCol: Column = {
  key: 'createdAt',
  labelKey: 'inventory.colCreated',
  flex: '0 0 210px',
  sortField: 'createdAt',
  render: (r, { fmt }) => <span className="kad-dim">{r.createdAt ? fmt.dateTime(r.createdAt) : '—'}</span>,
};
const idCol: Column = {
  key: 'id',
  labelKey: 'inventory.colId',
  flex: '0 0 170px',
  render: (r) => <span className="kad-dim kad-mono">{r.id}</span>,
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
