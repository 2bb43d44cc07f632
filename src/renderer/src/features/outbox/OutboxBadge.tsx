import { Badge, Group, Tabs, Tooltip, UnstyledButton } from '@mantine/core';
import type { OutboxCounts } from '../../../../shared/contract/outbox';
import { IconSend } from '../../components/icons';
import { useOutboxT } from './strings';
import { problems, useOutboxCounts, waiting } from './useOutbox';

/** The workspace's "Outbox" tab, with how many changes wait and how many need a person. */
export function OutboxTabLabel({ workspaceId }: { workspaceId: string }) {
  const { ot, fmt } = useOutboxT();
  const counts = useOutboxCounts()[workspaceId];
  const open = waiting(counts);
  const attention = problems(counts);
  return (
    <Tabs.Tab
      value="outbox"
      leftSection={<IconSend size={16} />}
      data-testid="tab-outbox"
      rightSection={
        open || attention ? (
          <Group gap={4} wrap="nowrap">
            {open > 0 && (
              <Badge size="sm" circle={open < 10} color="brand" data-testid="outbox-badge" data-count={open}>
                {fmt.number(open)}
              </Badge>
            )}
            {attention > 0 && (
              <Badge size="sm" circle={attention < 10} color="orange" data-testid="outbox-badge-problems">
                {fmt.number(attention)}
              </Badge>
            )}
          </Group>
        ) : null
      }
    >
      {ot('tab')}
    </Tabs.Tab>
  );
}

/** The all-clients table's note under a client's status: changes waiting and changes needing a person. */
export function OutboxOverviewBadge({ counts, onOpen }: { counts: OutboxCounts | undefined; onOpen: () => void }) {
  const { ot } = useOutboxT();
  const open = waiting(counts);
  const attention = problems(counts);
  if (!open && !attention) return null;
  return (
    <Tooltip label={ot('tab')}>
      <UnstyledButton
        onClick={(e) => {
          e.stopPropagation();
          onOpen();
        }}
        data-testid="overview-outbox"
        data-count={open}
        mt={4}
      >
        <Group gap={4} wrap="nowrap">
          {open > 0 && (
            <Badge
              size="sm"
              variant="light"
              color="brand"
              leftSection={<IconSend size={11} />}
              style={{ textTransform: 'none' }}
            >
              {ot('badge', { count: open })}
            </Badge>
          )}
          {attention > 0 && (
            <Badge size="sm" variant="light" color="orange" style={{ textTransform: 'none' }}>
              {ot('badgeProblems', { count: attention })}
            </Badge>
          )}
        </Group>
      </UnstyledButton>
    </Tooltip>
  );
}
