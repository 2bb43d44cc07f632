import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Divider,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import {
  StandardThresholdsSchema,
  type AudienceWords,
  type StandardAudience,
  type StandardAudienceKey,
  type StandardThresholds,
} from '../../../../shared/contract/audiences';
import { useBusyAction } from '../../app/live';
import { IconAlert } from '../../components/icons';
import { notify } from '../../components/notifications';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { useOutboxT } from './strings';
import { useOutboxChanged } from './useOutbox';

const DEFAULTS = StandardThresholdsSchema.parse({});
const THRESHOLDS: { key: keyof StandardThresholds; min: number; max: number }[] = [
  { key: 'vipOrders', min: 1, max: 1000 },
  { key: 'vipRevenue', min: 1, max: 100_000_000 },
  { key: 'activeDays', min: 1, max: 365 },
  { key: 'newSubscriberDays', min: 1, max: 365 },
];

/** One condition in the person's words: the service sends a key and values, the words are the screen's. */
function useConditionWords() {
  const { ot, fmt } = useOutboxT();
  return (w: AudienceWords) => {
    const p = w.params;
    switch (w.key) {
      case 'ordersAtLeastEver':
        return ot('audiences.words.ordersAtLeastEver', { count: Number(p.count), metric: String(p.metric) });
      case 'revenueAtLeastEver':
        return ot('audiences.words.revenueAtLeastEver', {
          amount: fmt.number(Number(p.amount)),
          metric: String(p.metric),
        });
      case 'metricInLast':
        return ot('audiences.words.metricInLast', { count: Number(p.days), metric: String(p.metric) });
      case 'emailSubscribedInLast':
        return ot('audiences.words.emailSubscribedInLast', { count: Number(p.days) });
    }
  };
}

/**
 * The audiences wizard (PRODUCT D1): the standard segments with their thresholds editable, each definition in
 * words, what is left of today's creation caps, and the queueing of the chosen ones; and a plain new list. The
 * service plans (what exists, what is queued, the caps); the screen never offers more than is left.
 */
export function AudiencesWizard({
  workspaceId,
  opened,
  onClose,
}: {
  workspaceId: string;
  opened: boolean;
  onClose: () => void;
}) {
  const { ot } = useOutboxT();
  const [thresholds, setThresholds] = useState<StandardThresholds>(DEFAULTS);
  const [chosen, setChosen] = useState<Set<StandardAudienceKey> | null>(null);
  const [listName, setListName] = useState('');
  const { busy, run } = useBusyAction<'segments' | 'list'>();
  const plan = useQuery(opened ? `${workspaceId}/${JSON.stringify(thresholds)}` : 'closed', () =>
    opened ? rpc('audiences:standard', { workspaceId, thresholds }) : Promise.resolve(null),
  );
  const { reload } = plan;
  useOutboxChanged(
    useCallback(() => void reload(), [reload]),
    workspaceId,
  );
  const data = plan.data;
  // every ready segment is chosen at first; a choice made by hand is kept while thresholds change
  useEffect(() => {
    if (data && chosen === null)
      setChosen(new Set(data.audiences.filter((a) => a.state === 'ready').map((a) => a.key)));
  }, [data, chosen]);

  const ready = (data?.audiences ?? []).filter((a) => a.state === 'ready' && chosen?.has(a.key));
  const segmentsLeft = data?.caps.segments.left ?? 0;
  const listsLeft = data?.caps.lists.left ?? 0;
  const overCap = ready.length > segmentsLeft;

  const close = () => {
    setChosen(null);
    setListName('');
    setThresholds(DEFAULTS);
    onClose();
  };
  const queueSegments = () =>
    run('segments', async () => {
      const r = await rpc('audiences:queueStandard', { workspaceId, keys: ready.map((a) => a.key), thresholds });
      if (r.items.length) notify({ kind: 'success', title: ot('audiences.queued', { count: r.items.length }) });
      for (const s of r.skipped) notify({ kind: 'info', title: ot(`audiences.skipped.${s.reason}`, { name: s.name }) });
      close();
    });
  const queueList = () =>
    run('list', async () => {
      const name = listName.trim();
      await rpc('outbox:queue', { workspaceId, change: { kind: 'list_create', name } });
      notify({ kind: 'success', title: ot('audiences.listQueued', { name }) });
      setListName('');
    });

  return (
    <Modal opened={opened} onClose={close} title={ot('audiences.title')} size="xl" data-testid="audiences-wizard">
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {ot('audiences.help')}
        </Text>
        {!data ? (
          <Stack>
            <Skeleton h={60} />
            <Skeleton h={200} />
          </Stack>
        ) : (
          <>
            <Card withBorder padding="sm" data-testid="audiences-caps">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text size="sm" fw={600}>
                  {ot('audiences.capsTitle')}
                </Text>
                <Group gap="xs">
                  <CapBadge
                    left={segmentsLeft}
                    text={ot('audiences.capSegments', { left: segmentsLeft, cap: data.caps.segments.cap })}
                    testId="caps-segments"
                  />
                  <CapBadge
                    left={listsLeft}
                    text={ot('audiences.capLists', { left: listsLeft, cap: data.caps.lists.cap })}
                    testId="caps-lists"
                  />
                </Group>
              </Group>
              <Text size="xs" c="dimmed" mt={4}>
                {ot('audiences.capsHelp', { segments: data.caps.segments.cap, lists: data.caps.lists.cap })}
              </Text>
            </Card>

            <Stack gap={6}>
              <Text fw={600} size="sm">
                {ot('audiences.thresholds')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
                {THRESHOLDS.map(({ key, min, max }) => (
                  <NumberInput
                    key={key}
                    size="xs"
                    label={ot(`audiences.${key}`)}
                    min={min}
                    max={max}
                    allowDecimal={key === 'vipRevenue'}
                    allowNegative={false}
                    clampBehavior="strict"
                    value={thresholds[key]}
                    // an emptied field keeps the last valid value: the preview always shows what would be sent
                    onChange={(v) => {
                      const n = typeof v === 'number' ? v : Number(v);
                      if (v !== '' && Number.isFinite(n) && n >= min && n <= max)
                        setThresholds((t) => ({ ...t, [key]: n }));
                    }}
                    data-testid={`threshold-${key}`}
                  />
                ))}
              </SimpleGrid>
            </Stack>

            <Stack gap="xs">
              <Text fw={600} size="sm">
                {ot('audiences.standard')}
              </Text>
              {data.audiences.map((a) => (
                <AudienceRow
                  key={a.key}
                  audience={a}
                  checked={a.state === 'ready' && !!chosen?.has(a.key)}
                  onToggle={(on) =>
                    setChosen((c) => {
                      const next = new Set(c ?? []);
                      if (on) next.add(a.key);
                      else next.delete(a.key);
                      return next;
                    })
                  }
                />
              ))}
            </Stack>

            {segmentsLeft === 0 ? (
              <Alert color="red" variant="light" icon={<IconAlert size={18} />} data-testid="audiences-over-cap">
                {ot('audiences.noneLeftSegments', { cap: data.caps.segments.cap })}
              </Alert>
            ) : overCap ? (
              <Alert color="red" variant="light" icon={<IconAlert size={18} />} data-testid="audiences-over-cap">
                {ot('audiences.overCap', { count: segmentsLeft })}
              </Alert>
            ) : (
              <Text size="sm" data-testid="audiences-preview">
                {ready.length
                  ? ot('audiences.preview', { names: ready.map((a) => a.name).join(', ') })
                  : ot('audiences.nothingChosen')}
              </Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {ot('audiences.close')}
              </Button>
              <Button
                onClick={() => void queueSegments()}
                disabled={!ready.length || overCap}
                loading={busy === 'segments'}
                data-testid="audiences-queue"
              >
                {ready.length ? ot('audiences.queue', { count: ready.length }) : ot('audiences.queueNone')}
              </Button>
            </Group>

            <Divider />
            <Stack gap="xs" data-testid="audiences-list">
              <Text fw={600} size="sm">
                {ot('audiences.list')}
              </Text>
              {listsLeft === 0 && (
                <Alert color="red" variant="light" icon={<IconAlert size={18} />} data-testid="lists-over-cap">
                  {ot('audiences.noneLeftLists', { cap: data.caps.lists.cap })}
                </Alert>
              )}
              <Group align="flex-end" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  label={ot('audiences.listName')}
                  value={listName}
                  maxLength={200}
                  onChange={(e) => setListName(e.currentTarget.value)}
                  disabled={listsLeft === 0}
                  data-testid="list-name"
                />
                <Button
                  variant="light"
                  onClick={() => void queueList()}
                  disabled={!listName.trim() || listsLeft === 0}
                  loading={busy === 'list'}
                  data-testid="list-queue"
                >
                  {ot('audiences.listQueue')}
                </Button>
              </Group>
            </Stack>
          </>
        )}
      </Stack>
    </Modal>
  );
}

function CapBadge({ left, text, testId }: { left: number; text: string; testId: string }) {
  return (
    <Badge
      variant="light"
      color={left === 0 ? 'red' : left < 10 ? 'orange' : 'teal'}
      style={{ textTransform: 'none' }}
      data-testid={testId}
      data-left={left}
    >
      {text}
    </Badge>
  );
}

const STATE_COLOR: Record<StandardAudience['state'], string> = {
  ready: 'brand',
  exists: 'gray',
  queued: 'teal',
  missing_metric: 'orange',
};

/** A standard segment: its choice, its state, and its definition in words (groups joined by "and", conditions by "or"). */
function AudienceRow({
  audience: a,
  checked,
  onToggle,
}: {
  audience: StandardAudience;
  checked: boolean;
  onToggle: (on: boolean) => void;
}) {
  const { ot } = useOutboxT();
  const words = useConditionWords();
  return (
    <Card withBorder padding="sm" data-testid="audience-row" data-key={a.key} data-state={a.state}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Checkbox
          checked={checked}
          disabled={a.state !== 'ready'}
          onChange={(e) => onToggle(e.currentTarget.checked)}
          label={<Text fw={600}>{a.name}</Text>}
          description={
            <span data-testid="audience-words">
              {a.words.map((group, i) => (
                <span key={i}>
                  {i > 0 && ` ${ot('audiences.and')} `}
                  {group.map((w) => words(w)).join(` ${ot('audiences.or')} `)}
                </span>
              ))}
            </span>
          }
          data-testid={`audience-check-${a.key}`}
        />
        <Badge variant="light" color={STATE_COLOR[a.state]} style={{ textTransform: 'none', flexShrink: 0 }}>
          {ot(`audiences.state.${a.state}`, { metric: a.missingMetric ?? '' })}
        </Badge>
      </Group>
    </Card>
  );
}
