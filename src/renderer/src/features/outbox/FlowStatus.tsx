import { ActionIcon, Alert, Button, Group, Menu, Modal, SegmentedControl, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { FlowStep, InventoryRow } from '../../../../shared/contract/inventory';
import { flowStatuses, type FlowStatus, type PendingOverlay } from '../../../../shared/contract/outbox';
import { useBusyAction } from '../../app/live';
import { IconAlert, IconPencil } from '../../components/icons';
import { notify } from '../../components/notifications';
import { rpc } from '../../lib/rpc';
import { StatusPill } from '../inventory/columns';
import { stepTitle } from '../inventory/step-title';
import { PendingStatusMark } from './PendingMark';
import { useOutboxT } from './strings';

/** What a strategist sees as the status: the one the queue will set, else Klaviyo's as last synced. */
export const localStatus = (s: { status: string | null; pending?: PendingOverlay | null }) =>
  s.pending?.status?.local ?? s.status;

/** The noun a sending step is counted with ("2 emails"); a step that sends nothing is a "step". */
function sendNoun(type: string): 'email' | 'sms' | 'push' | 'other' {
  if (type === 'send-email') return 'email';
  if (type === 'send-sms') return 'sms';
  if (type === 'send-mobile-push' || type === 'send-push-notification') return 'push';
  return 'other';
}

const sends = (s: FlowStep) => s.type.startsWith('send-');

/** The status as shown (queued one first) and the pending clock with Klaviyo's value in its title. */
function LocalStatus({
  row,
  testId,
}: {
  row: { status: string | null; pending?: PendingOverlay | null };
  testId: string;
}) {
  const { label } = useOutboxT();
  return (
    <Group
      gap={4}
      wrap="nowrap"
      data-testid={testId}
      data-status={localStatus(row) ?? ''}
      data-pending={row.pending?.status ? row.pending.state : undefined}
    >
      <StatusPill status={localStatus(row)} label={label} />
      {row.pending?.status && <PendingStatusMark pending={row.pending} />}
    </Group>
  );
}

/** The menu of statuses; choosing one opens the confirmation. */
function StatusMenu({
  current,
  title,
  aria,
  testId,
  onPick,
  compact = false,
}: {
  current: string | null;
  title: string;
  aria: string;
  /** an icon (its words in the title), where a step's long title leaves no room for words */
  compact?: boolean;
  testId: string;
  onPick: (s: FlowStatus) => void;
}) {
  const { label } = useOutboxT();
  return (
    <Menu position="bottom-end" withinPortal shadow="md">
      <Menu.Target>
        {compact ? (
          <ActionIcon size="sm" variant="subtle" aria-label={aria} title={aria} data-testid={testId}>
            <IconPencil size={14} />
          </ActionIcon>
        ) : (
          <Button size="compact-xs" variant="subtle" aria-label={aria} data-testid={testId}>
            {title}
          </Button>
        )}
      </Menu.Target>
      <Menu.Dropdown>
        {flowStatuses.map((s) => (
          <Menu.Item key={s} disabled={s === current} onClick={() => onPick(s)} data-testid={`${testId}-${s}`}>
            {label('itemStatus', s)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * A flow's or a step's status and the menu that changes it, read from the same row: the menu never offers the status
 * already shown, queued changes included. Test ids: `testId` for the status, `<testId>-menu` for the menu.
 */
export function StatusControl({
  row,
  testId,
  aria,
  compact = false,
  onPick,
}: {
  row: { status: string | null; pending?: PendingOverlay | null };
  testId: string;
  /** the menu's accessible name, where "change status" alone would not say whose */
  aria?: string;
  compact?: boolean;
  onPick: (s: FlowStatus) => void;
}) {
  const { ot } = useOutboxT();
  return (
    <>
      <LocalStatus row={row} testId={testId} />
      <StatusMenu
        current={localStatus(row)}
        title={ot('flowStatus.change')}
        aria={aria ?? ot('flowStatus.change')}
        testId={`${testId}-menu`}
        compact={compact}
        onPick={onPick}
      />
    </>
  );
}

/** The flow statuses to choose from, under a label: the same choice in every confirmation that sets a status. */
export function FlowStatusChoice({
  label: title,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: FlowStatus;
  onChange: (s: FlowStatus) => void;
  testId: string;
}) {
  const { label } = useOutboxT();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {title}
      </Text>
      <SegmentedControl
        value={value}
        onChange={(v) => onChange(v as FlowStatus)}
        data={flowStatuses.map((s) => ({ value: s, label: label('itemStatus', s) }))}
        data-testid={testId}
      />
    </Stack>
  );
}

/** What goes live, by name: a confirmation lists the first eight, so a long selection cannot push its buttons away. */
export function GoingLiveNames({ names }: { names: string[] }) {
  if (!names.length) return null;
  return (
    <Text size="sm" component="ul" m={0} mt={4} pl="md">
      {names.slice(0, 8).map((n, i) => (
        <li key={`${n}-${i}`}>
          <bdi>{n}</bdi>
        </li>
      ))}
      {names.length > 8 && <li>…</li>}
    </Text>
  );
}

export type StatusTarget =
  | { kind: 'flow'; flow: InventoryRow; steps: FlowStep[] }
  | { kind: 'step'; flow: InventoryRow; step: FlowStep; stepName: string };

/**
 * The confirmation before a flow's or a step's status is queued: says in plain words what starts sending to real
 * profiles (the sending steps that are live, by kind and name) or that nothing will, and what stops.
 */
export function StatusConfirm({
  workspaceId,
  target,
  initial,
  onClose,
  onQueued,
}: {
  workspaceId: string;
  target: StatusTarget;
  initial: FlowStatus;
  onClose: () => void;
  onQueued: () => void;
}) {
  const { ot, t, label } = useOutboxT();
  const [status, setStatus] = useState<FlowStatus>(initial);
  const { busy, run } = useBusyAction<'queue'>();
  const flowName = target.flow.name ?? target.flow.id;
  const name = target.kind === 'flow' ? flowName : target.stepName;
  const current = localStatus(target.kind === 'flow' ? target.flow : target.step);
  const flowLive = localStatus(target.flow) === 'live';

  const counted = (steps: FlowStep[]) => {
    const by = new Map<string, number>();
    for (const s of steps) by.set(sendNoun(s.type), (by.get(sendNoun(s.type)) ?? 0) + 1);
    return [...by].map(([noun, count]) => ot(`flowStatus.${noun}`, { count })).join(', ');
  };

  let words: { live: boolean; text: string; names: string[] };
  if (status === current) words = { live: false, text: ot('flowStatus.same'), names: [] };
  else if (status !== 'live') words = { live: false, text: ot('flowStatus.stop', { name }), names: [] };
  else if (target.kind === 'flow') {
    const live = target.steps.filter((s) => sends(s) && localStatus(s) === 'live');
    words = live.length
      ? {
          live: true,
          text: ot('flowStatus.flowLive', { flow: flowName, what: counted(live) }),
          names: live.map((s) => stepTitle(s.label, t)),
        }
      : { live: false, text: ot('flowStatus.flowLiveNothing', { flow: flowName }), names: [] };
  } else
    words = flowLive
      ? { live: true, text: ot('flowStatus.stepLive', { flow: flowName, what: counted([target.step]) }), names: [] }
      : {
          live: false,
          text: ot('flowStatus.stepLiveFlowOff', {
            flow: flowName,
            status: label('itemStatus', localStatus(target.flow) ?? 'draft'),
          }),
          names: [],
        };

  const queue = () =>
    run('queue', async () => {
      await rpc('outbox:queue', {
        workspaceId,
        change:
          target.kind === 'flow'
            ? { kind: 'flow_status', targetIds: [target.flow.id], status }
            : { kind: 'flow_action_status', targetIds: [target.step.id], status },
      });
      notify({ kind: 'success', title: ot('flowStatus.queued') });
      onQueued();
    });

  return (
    <Modal
      opened
      onClose={onClose}
      centered
      size="lg"
      title={
        <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
          {ot(target.kind === 'flow' ? 'flowStatus.titleFlow' : 'flowStatus.titleStep', { name })}
        </Text>
      }
      data-testid="status-confirm"
    >
      <Stack>
        <Text size="sm" c="dimmed">
          {ot('flowStatus.now', { status: current ? label('itemStatus', current) : '—' })}
        </Text>
        <FlowStatusChoice
          label={ot('flowStatus.to')}
          value={status}
          onChange={setStatus}
          testId="status-confirm-choice"
        />
        {words.live ? (
          <Alert color="orange" variant="light" icon={<IconAlert size={18} />}>
            <Text size="sm" fw={600} data-testid="status-confirm-words">
              {words.text}
            </Text>
            <GoingLiveNames names={words.names} />
          </Alert>
        ) : (
          <Text size="sm" data-testid="status-confirm-words">
            {words.text}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.cancel')}
          </Button>
          <Button
            color={words.live ? 'orange' : undefined}
            loading={busy === 'queue'}
            disabled={status === current}
            onClick={() => void queue()}
            data-testid="status-confirm-submit"
          >
            {words.live ? ot('flowStatus.confirmLive') : ot('flowStatus.queue')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
