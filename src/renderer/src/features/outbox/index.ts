export { OutboxTab } from './OutboxTab';
export { OutboxTabLabel, OutboxOverviewBadge } from './OutboxBadge';
export { useOutboxCounts } from './useOutbox';
