import {
  Alert,
  Badge,
  Button,
  Card,
  EmptyState,
  Group,
  Pagination,
  Progress,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import {
  outboxStates,
  type OutboxConflict,
  type OutboxCounts,
  type OutboxItem,
  type OutboxProgress,
  type OutboxState,
} from '../../../../shared/contract/outbox';
import { useBusyAction } from '../../app/live';
import { CopyId } from '../../components/CopyId';
import { IconAlert, IconBox, IconKey, IconRefresh, IconUnplugged } from '../../components/icons';
import { notify } from '../../components/notifications';
import { Name } from '../../components/Name';
import { on, rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { AudiencesWizard } from './AudiencesWizard';
import { ImportWizard } from './ImportWizard';
import { useOutboxT } from './strings';
import { isOffline, OPEN_STATES, PROBLEM_STATES, problems, useOutboxChanged, waiting } from './useOutbox';

type Filter = 'open' | 'problems' | 'done' | 'all';
const FILTER_STATES: Record<Filter, OutboxState[] | undefined> = {
  open: OPEN_STATES,
  problems: PROBLEM_STATES,
  done: ['done'],
  all: undefined,
};

/** The page sizes offered; the largest is what the view showed before it was paged. */
const PAGE_SIZES = ['100', '250', '500'];

/** How many items a filter holds, from the per-state counts the list answers with. */
export function filterTotal(counts: OutboxCounts, filter: Filter): number {
  return (FILTER_STATES[filter] ?? [...outboxStates]).reduce((n: number, s: OutboxState) => n + counts[s], 0);
}

export const stateColor: Record<OutboxState, string> = {
  pending: 'brand',
  sending: 'brand',
  done: 'teal',
  failed: 'red',
  conflict: 'orange',
  rejected: 'red',
};

/**
 * A workspace's outbox (PRODUCT D2–D4): every queued change with its state in words, retry and discard, the
 * paused queue with its reason, the progress of a flush under way, and the conflicts with both values and the
 * decision. Kept current by the outbox:changed and outbox:progress events.
 */
export function OutboxTab({ workspaceId, onReplaceKey }: { workspaceId: string; onReplaceKey?: () => void }) {
  const { ot, fmt } = useOutboxT();
  const [filter, setFilter] = useState<Filter>('all');
  const [progress, setProgress] = useState<OutboxProgress | null>(null);
  const { busy, run: act } = useBusyAction<string>();
  const [page, setPage] = useState(0);
  const [importing, setImporting] = useState(false);
  const [audiences, setAudiences] = useState(false);
  const [pageSize, setPageSize] = useState(Number(PAGE_SIZES.at(-1)));
  const list = useQuery(`${workspaceId}/${filter}/${page}/${pageSize}`, () =>
    rpc('outbox:list', { workspaceId, states: FILTER_STATES[filter], offset: page * pageSize, limit: pageSize }),
  );
  const { reload } = list;
  useOutboxChanged(
    useCallback(() => {
      setProgress(null);
      void reload();
    }, [reload]),
    workspaceId,
  );
  useEffect(
    () =>
      on('outbox:progress', (p) => {
        if (p.workspaceId === workspaceId) setProgress(p);
      }),
    [workspaceId],
  );

  const retry = (itemId?: string) =>
    act(`retry:${itemId ?? 'all'}`, async () => {
      const r = await rpc('outbox:retry', { workspaceId, ...(itemId ? { itemId } : {}) });
      notify({ kind: 'success', title: ot('retried', { count: r.retried }) });
    });
  const discard = (itemId: string) =>
    act(`discard:${itemId}`, async () => {
      await rpc('outbox:discard', { workspaceId, itemId });
      notify({ kind: 'info', title: ot('discarded') });
    });
  const sendNow = () =>
    act('flush', async () => {
      await rpc('outbox:flush', { workspaceId, trigger: 'manual' });
    });

  const data = list.data;
  if (!data) {
    return (
      <Stack>
        <Skeleton h={90} radius="md" />
        <Skeleton h={240} radius="md" />
      </Stack>
    );
  }
  const { counts, paused, conflicts } = data;
  const byId = new Map(data.items.map((i) => [i.id, i]));
  const offline = data.items.some(isOffline);
  const open = waiting(counts);
  const total = filterTotal(counts, filter);
  const pages = Math.max(1, Math.ceil(total / pageSize));

  return (
    <Stack gap="lg" data-testid="outbox" data-open={open}>
      <ImportWizard workspaceId={workspaceId} opened={importing} onClose={() => setImporting(false)} />
      <AudiencesWizard workspaceId={workspaceId} opened={audiences} onClose={() => setAudiences(false)} />
      {paused && (
        <Alert
          color="red"
          variant="light"
          icon={<IconKey size={18} />}
          title={ot('paused.title')}
          data-testid="outbox-paused"
        >
          <Stack gap="xs">
            <Text size="sm">
              {ot(paused.error.code === 'forbidden' ? 'paused.scope' : 'paused.auth', {
                reason: paused.error.message,
              })}
            </Text>
            <Text size="xs" c="dimmed">
              {ot('paused.since', { time: fmt.dateTime(paused.pausedAt) })}
            </Text>
            {onReplaceKey && (
              <Group>
                <Button size="xs" color="red" onClick={onReplaceKey} data-testid="outbox-replace-key">
                  {ot('paused.replaceKey')}
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {!paused && offline && (
        <Alert color="yellow" variant="light" icon={<IconUnplugged size={18} />} data-testid="outbox-offline">
          <Text size="sm">{ot('offlineBanner')}</Text>
        </Alert>
      )}

      <Card>
        <Group justify="space-between" align="flex-start" mb="md" wrap="wrap">
          <Stack gap={2} maw={640}>
            <Text fw={600}>{ot('title')}</Text>
            <Text size="sm" c="dimmed">
              {ot('subtitle')}
            </Text>
          </Stack>
          <Group gap="xs">
            <Button variant="default" onClick={() => setAudiences(true)} data-testid="outbox-audiences">
              {ot('audiences.open')}
            </Button>
            <Button variant="default" onClick={() => setImporting(true)} data-testid="outbox-import">
              {ot('importer.open')}
            </Button>
            {counts.failed > 0 && (
              <Button variant="default" loading={busy === 'retry:all'} onClick={() => void retry()}>
                {ot('retryAll')}
              </Button>
            )}
            <Button
              leftSection={<IconRefresh size={16} />}
              onClick={() => void sendNow()}
              loading={busy === 'flush'}
              disabled={!open || !!paused}
              data-testid="outbox-send-now"
            >
              {ot('sendNow')}
            </Button>
          </Group>
        </Group>
        {progress && progress.left > 0 && (
          <Stack gap={4} mb="md" data-testid="outbox-progress">
            <Text size="sm">{ot('progress', { settled: progress.settled, left: progress.left })}</Text>
            <Progress value={(100 * progress.settled) / Math.max(1, progress.settled + progress.left)} animated />
          </Stack>
        )}
        <SegmentedControl
          mb="md"
          value={filter}
          onChange={(v) => {
            setFilter(v as Filter);
            setPage(0);
          }}
          data-testid="outbox-filter"
          data={[
            { value: 'all', label: `${ot('filter.all')} (${fmt.number(sum(counts))})` },
            { value: 'open', label: `${ot('filter.open')} (${fmt.number(open)})` },
            { value: 'problems', label: `${ot('filter.problems')} (${fmt.number(problems(counts))})` },
            { value: 'done', label: `${ot('filter.done')} (${fmt.number(counts.done)})` },
          ]}
        />
        {data.items.length === 0 ? (
          <EmptyState
            py={40}
            icon={<IconBox size={24} />}
            withIndicatorBackground
            title={filter === 'all' ? ot('empty') : ot('emptyFilter')}
            data-testid="outbox-empty"
          />
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table verticalSpacing="sm" data-testid="outbox-items">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{ot('col.item')}</Table.Th>
                  <Table.Th>{ot('col.change')}</Table.Th>
                  <Table.Th>{ot('col.state')}</Table.Th>
                  <Table.Th>{ot('col.when')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((item) => (
                  <ItemRow
                    key={item.id}
                    item={item}
                    busy={busy}
                    onRetry={() => void retry(item.id)}
                    onDiscard={() => void discard(item.id)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {total > Number(PAGE_SIZES[0]) && (
          <Group pt="sm" justify="space-between" data-testid="outbox-paging">
            <Text size="xs" c="dimmed" data-testid="outbox-range">
              {ot('page.range', {
                from: fmt.number(Math.min(total, page * pageSize + 1)),
                to: fmt.number(page * pageSize + data.items.length),
                total: fmt.number(total),
              })}
            </Text>
            <Group gap="md">
              <Group gap={6}>
                <Text size="xs" c="dimmed">
                  {ot('page.size')}
                </Text>
                <Select
                  size="xs"
                  w={80}
                  data={PAGE_SIZES}
                  value={String(pageSize)}
                  onChange={(v) => {
                    setPageSize(Number(v ?? PAGE_SIZES.at(-1)));
                    setPage(0);
                  }}
                  allowDeselect={false}
                  aria-label={ot('page.size')}
                  data-testid="outbox-page-size"
                />
              </Group>
              <Pagination
                size="sm"
                total={pages}
                value={Math.min(page, pages - 1) + 1}
                onChange={(p) => setPage(p - 1)}
                data-testid="outbox-pagination"
              />
            </Group>
          </Group>
        )}
      </Card>

      {conflicts.length > 0 && (
        <Card data-testid="outbox-conflicts">
          <Group gap="xs" mb={4}>
            <IconAlert size={18} color="var(--mantine-color-orange-filled)" />
            <Text fw={600}>{ot('conflicts.title')}</Text>
          </Group>
          <Text size="sm" c="dimmed" mb="md">
            {ot('conflicts.help')}
          </Text>
          <Stack gap="sm">
            {conflicts.map((c) => (
              <ConflictRow
                key={c.id}
                conflict={c}
                item={byId.get(c.itemId)}
                busy={busy === `retry:${c.itemId}`}
                onApplyMine={() => void retry(c.itemId)}
              />
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);

const isImport = (kind: OutboxItem['kind']) => kind === 'profile_import' || kind === 'event_import';

/** "Add tag “VIP”", "Set status to Live", "Import 4 profiles from …": a queued change in the user's words. */
export function useChangeWords() {
  const { ot, label, fmt } = useOutboxT();
  return (item: Pick<OutboxItem, 'kind' | 'payload'>) => {
    const p = item.payload;
    if (isImport(item.kind))
      return ot(`kind.${item.kind}`, {
        count: Number(p.records ?? 0),
        file: String(p.fileName ?? ''),
        first: fmt.number(Number(p.firstLine ?? 0)),
        last: fmt.number(Number(p.lastLine ?? 0)),
      });
    if (item.kind === 'list_create' || item.kind === 'segment_create')
      return ot(`kind.${item.kind}`, { name: String(p.name) });
    return item.kind === 'flow_status' || item.kind === 'flow_action_status'
      ? ot(`kind.${item.kind}`, { status: label('itemStatus', String(p.status)) })
      : ot(`kind.${item.kind}`, { tag: String(p.tag) });
  };
}

function StateBadge({ item }: { item: OutboxItem }) {
  const { ot, fmt } = useOutboxT();
  const words = isOffline(item)
    ? ot('state.offline')
    : item.state === 'pending' && item.nextAttemptAt
      ? ot('state.retryAt', { time: fmt.time(item.nextAttemptAt) })
      : ot(`state.${item.state}`);
  return (
    <Badge
      variant="light"
      color={isOffline(item) ? 'yellow' : stateColor[item.state]}
      data-testid="outbox-state"
      data-state={item.state}
      style={{ textTransform: 'none' }}
    >
      {words}
    </Badge>
  );
}

function ItemRow({
  item,
  busy,
  onRetry,
  onDiscard,
}: {
  item: OutboxItem;
  busy: string | null;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const { ot, fmt, label } = useOutboxT();
  const words = useChangeWords();
  const canRetry = item.state === 'failed' || item.state === 'rejected' || item.state === 'conflict';
  const canDiscard = item.state !== 'sending' && item.state !== 'done';
  const showError = item.error && item.state !== 'done' && !isOffline(item);
  return (
    <Table.Tr data-testid="outbox-item" data-state={item.state} data-target={item.targetId}>
      <Table.Td maw={300}>
        <Text size="sm" fw={600} truncate>
          <Name
            value={
              isImport(item.kind)
                ? String(item.payload.fileName)
                : (item.targetName ?? (typeof item.payload.name === 'string' ? item.payload.name : item.targetId))
            }
          />
        </Text>
        <Text size="xs" c="dimmed">
          {isImport(item.kind)
            ? ot(`importTarget.${item.kind}`, { chunk: Number(item.payload.chunk), of: Number(item.payload.of) })
            : label('resources', `${item.targetType}s`)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{words(item)}</Text>
        {isImport(item.kind) && typeof item.result?.completed === 'number' && (
          <Text size="xs" c="dimmed" data-testid="outbox-import-result">
            {ot('importResult', { completed: Number(item.result.completed), failed: Number(item.result.failed ?? 0) })}
          </Text>
        )}
        {showError && (
          <Stack gap={2} mt={4}>
            <Text size="xs" c="red" data-testid="outbox-error">
              {item.error!.message}
            </Text>
            {item.error!.requestId && <CopyId value={item.error!.requestId} />}
          </Stack>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap', minWidth: 190 }}>
        <StateBadge item={item} />
        {item.attempts > 0 && (
          <Text size="xs" c="dimmed" mt={2}>
            {ot('attempts', { count: item.attempts })}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Tooltip label={fmt.dateTime(item.createdAt)}>
          <Text size="sm">{fmt.relative(item.createdAt)}</Text>
        </Tooltip>
      </Table.Td>
      <Table.Td>
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {canRetry && (
            <Button
              size="compact-sm"
              variant="light"
              loading={busy === `retry:${item.id}`}
              onClick={onRetry}
              data-testid="outbox-retry"
            >
              {item.state === 'conflict' ? ot('conflicts.applyMine') : ot('retry')}
            </Button>
          )}
          {canDiscard && (
            <Button
              size="compact-sm"
              variant="subtle"
              color="gray"
              loading={busy === `discard:${item.id}`}
              onClick={onDiscard}
              data-testid="outbox-discard"
            >
              {ot('discard')}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function ConflictRow({
  conflict,
  item,
  busy,
  onApplyMine,
}: {
  conflict: OutboxConflict;
  item: OutboxItem | undefined;
  busy: boolean;
  onApplyMine: () => void;
}) {
  const { ot, fmt, label } = useOutboxT();
  const words = useChangeWords();
  const value = (v: unknown) =>
    typeof v === 'string'
      ? label('itemStatus', v)
      : v === true
        ? ot('conflicts.tagged')
        : v === false
          ? ot('conflicts.untagged')
          : '—';
  const cell = (title: string, v: unknown, testId: string, strong = false) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {title}
      </Text>
      <Text size="sm" fw={strong ? 700 : 500} data-testid={testId}>
        {value(v)}
      </Text>
    </Stack>
  );
  return (
    <Card
      withBorder
      padding="sm"
      data-testid="outbox-conflict"
      data-decision={conflict.decision}
      data-item={conflict.itemId}
    >
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
        <Stack gap={2} miw={200}>
          <Text size="sm" fw={600}>
            <Name value={item?.targetName ?? item?.targetId ?? conflict.itemId} />
          </Text>
          {item && (
            <Text size="xs" c="dimmed">
              {words(item)}
            </Text>
          )}
        </Stack>
        <Group gap="lg" wrap="wrap">
          {cell(ot('conflicts.base'), conflict.base, 'conflict-base')}
          {cell(ot('conflicts.mine'), conflict.local, 'conflict-mine', conflict.decision === 'local')}
          {cell(ot('conflicts.theirs'), conflict.remote, 'conflict-theirs', conflict.decision === 'remote')}
        </Group>
        <Stack gap={2} maw={320}>
          <Text size="sm" fw={600} data-testid="conflict-decision">
            {ot(conflict.decision === 'remote' ? 'conflicts.keptTheirs' : 'conflicts.keptMine')}
          </Text>
          <Text size="xs" c="dimmed">
            {ot(conflict.clock === 'remote' ? 'conflicts.clockRemote' : 'conflicts.clockLocal')}
          </Text>
          <Text size="xs" c="dimmed">
            {ot('conflicts.at', { time: fmt.dateTime(conflict.at) })}
          </Text>
        </Stack>
        {conflict.decision === 'remote' && item?.state === 'conflict' && (
          <Button size="xs" variant="light" loading={busy} onClick={onApplyMine} data-testid="conflict-apply-mine">
            {ot('conflicts.applyMine')}
          </Button>
        )}
      </Group>
    </Card>
  );
}
