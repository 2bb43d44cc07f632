import {
  Alert,
  Badge,
  Box,
  Code,
  Drawer,
  Group,
  ScrollArea,
  Skeleton,
  Stack,
  Tabs,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { Name } from '../../components/Name';
import type { FlowStep, InventoryDetail, InventoryRow } from '../../../../shared/contract/inventory';
import type { ResourceType } from '../../../../shared/contract/primitives';
import {
  IconBell,
  IconBolt,
  IconHourglass,
  IconMail,
  IconMessage,
  IconSplit,
  IconUser,
  IconWebhook,
} from '../../components/icons';
import { CopyId } from '../../components/CopyId';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery, type Query } from '../../lib/useRpc';
import { ErrorBoundary } from '../../components/ErrorBoundary';
import { showInvisible } from '../../lib/text';
import { StatusPill } from './columns';
import { describeDetails } from './step-details';
import { stepTitle, triggerSources } from './step-title';
import { VersionHistory } from '../changes';
import { hasItemTrend, ItemTrend } from '../trends';
import { ItemFacts, OpenInKlaviyo } from './ItemFacts';
import { StatusConfirm, StatusControl, type StatusTarget } from '../outbox/FlowStatus';
import { useOutboxT } from '../outbox/strings';
import { useOutboxChanged } from '../outbox/useOutbox';
import type { FlowStatus } from '../../../../shared/contract/outbox';
import { useCallback, useState } from 'react';

function stepVisual(type: string): { icon: React.ReactNode; color: string } {
  const t = type.toLowerCase();
  if (t === 'trigger') return { icon: <IconBolt size={14} />, color: 'violet' };
  if (t.includes('delay') || t === 'target-date') return { icon: <IconHourglass size={14} />, color: 'gray' };
  if (t.includes('email')) return { icon: <IconMail size={14} />, color: 'brand' };
  if (t.includes('sms')) return { icon: <IconMessage size={14} />, color: 'teal' };
  if (t.includes('push')) return { icon: <IconBell size={14} />, color: 'cyan' };
  if (t.includes('split') || t.includes('ab-test') || t.includes('ab_test'))
    return { icon: <IconSplit size={14} />, color: 'orange' };
  if (t.includes('webhook')) return { icon: <IconWebhook size={14} />, color: 'grape' };
  if (t.includes('profile') || t.includes('update')) return { icon: <IconUser size={14} />, color: 'lime' };
  return { icon: <IconBolt size={14} />, color: 'gray' };
}

/** "Triggered by metric “Placed Order”" instead of a metric id: the source is looked up in the local inventory. */
function TriggerTitle({ step, workspaceId }: { step: FlowStep; workspaceId: string }) {
  const { t } = useI18n();
  const source = triggerSources[step.label.key];
  const id = String(step.label.params.id ?? '');
  const found = useQuery(`${workspaceId}/${source?.type ?? ''}/${id}`, () =>
    source && id
      ? rpc('inventory:get', { workspaceId, type: source.type, id }).catch(() => null)
      : Promise.resolve(null),
  );
  return <bdi>{stepTitle(step.label, t, found.data?.item.name)}</bdi>;
}

/** The flow's definition as a readable, indented list: trigger, waits, messages (with status), splits. */
export function FlowSteps({
  steps,
  workspaceId,
  onStatus,
}: {
  steps: FlowStep[];
  workspaceId: string;
  /** a step's status was picked: the drawer confirms and queues it */
  onStatus?: (step: FlowStep, status: FlowStatus) => void;
}) {
  const { t, label, locale } = useI18n();
  const { ot } = useOutboxT();
  if (!steps.length)
    return (
      <Text c="dimmed" size="sm">
        {t('flowSteps.noSteps')}
      </Text>
    );
  return (
    <Stack gap={0} data-testid="flow-steps" role="list">
      {steps.map((s, i) => {
        const v = stepVisual(s.type);
        const { lines, flags } = s.type === 'trigger' ? { lines: [], flags: [] } : describeDetails(s, t, locale);
        return (
          <Group
            key={`${s.id}-${i}`}
            role="listitem"
            data-testid="flow-step"
            data-step-type={s.type}
            data-step-id={s.id}
            gap="sm"
            align="flex-start"
            wrap="nowrap"
            style={{ paddingLeft: s.depth * 28, position: 'relative' }}
          >
            <Stack gap={0} align="center" style={{ alignSelf: 'stretch' }}>
              <ThemeIcon size={28} radius="xl" variant="light" color={v.color}>
                {v.icon}
              </ThemeIcon>
              {i < steps.length - 1 && (
                <Box style={{ flex: 1, width: 2, minHeight: 14, background: 'var(--mantine-color-default-border)' }} />
              )}
            </Stack>
            <Box pb="md" style={{ minWidth: 0, flex: 1 }}>
              <Group gap={6} wrap="nowrap" align="baseline">
                {s.branch && (
                  <Badge
                    size="xs"
                    variant="outline"
                    color={s.branch === 'yes' ? 'teal' : s.branch === 'no' ? 'red' : 'gray'}
                  >
                    {label('flowSteps.branch', s.branch)}
                  </Badge>
                )}
                {/* wraps rather than truncates: the drawer's scroll area grows to fit unbreakable text, so a long
                    title (Polish runs longer) would push the status off the edge instead of being cut */}
                <Text size="sm" fw={600} style={{ minWidth: 0, overflowWrap: 'anywhere' }} lineClamp={4}>
                  {triggerSources[s.label.key] ? (
                    <TriggerTitle step={s} workspaceId={workspaceId} />
                  ) : (
                    <bdi>{stepTitle(s.label, t)}</bdi>
                  )}
                </Text>
                {s.status && onStatus ? (
                  <StatusControl
                    row={s}
                    testId="step-status"
                    aria={ot('flowStatus.changeStep')}
                    compact
                    onPick={(st) => onStatus(s, st)}
                  />
                ) : (
                  s.status && <StatusPill status={s.status} label={label} />
                )}
              </Group>
              {lines.map((line) => (
                <Text key={line} size="xs" c="dimmed" mt={2} lineClamp={2}>
                  {line}
                </Text>
              ))}
              {flags.length > 0 && (
                <Group gap={4} mt={4}>
                  {flags.map((f) => (
                    <Badge key={f} size="xs" variant="dot" color="gray" tt="none">
                      {f}
                    </Badge>
                  ))}
                </Group>
              )}
            </Box>
          </Group>
        );
      })}
    </Stack>
  );
}

export function DetailDrawer({
  workspaceId,
  type,
  row,
  onClose,
  zIndex,
}: {
  workspaceId: string;
  type: ResourceType;
  /** the row clicked in the table, or just the id of an item opened from elsewhere (a finding's evidence) */
  row: (Pick<InventoryRow, 'id'> & Partial<Pick<InventoryRow, 'name' | 'status'>>) | null;
  onClose: () => void;
  /** above another drawer it was opened from (a finding's) */
  zIndex?: number;
}) {
  const { label, t } = useI18n();
  const detail = useQuery(`${workspaceId}/${type}/${row?.id ?? ''}`, () =>
    row ? rpc('inventory:get', { workspaceId, type, id: row.id }) : Promise.resolve(null),
  );
  // a queued, sent or discarded change moves the pending marks of the flow and its steps
  const { reload } = detail;
  useOutboxChanged(
    useCallback(() => void reload(), [reload]),
    workspaceId,
  );
  const [confirm, setConfirm] = useState<{ target: StatusTarget; status: FlowStatus } | null>(null);
  const item = detail.data?.item;
  const flow = type === 'flows' && item && item.id === row?.id ? item : null;
  const onStepStatus = flow
    ? (step: FlowStep, status: FlowStatus) =>
        setConfirm({
          target: { kind: 'step', flow, step, stepName: stepTitle(step.label, t) },
          status,
        })
    : undefined;

  return (
    <Drawer
      opened={!!row}
      onClose={onClose}
      position="right"
      size={560}
      {...(zIndex ? { zIndex } : {})}
      title={
        <Stack gap={2}>
          <Title order={4} data-testid="drawer-title" lineClamp={3} style={{ wordBreak: 'break-word' }}>
            <Name value={row?.name ?? detail.data?.item.name ?? row?.id} />
          </Title>
          <Group gap={6}>
            <Text size="xs" c="dimmed">
              {label('resources', type)}
            </Text>
            {flow ? (
              <StatusControl
                row={flow}
                testId="flow-status"
                onPick={(status) =>
                  setConfirm({ target: { kind: 'flow', flow, steps: detail.data?.flowSteps ?? [] }, status })
                }
              />
            ) : (
              (row?.status ?? detail.data?.item.status) && (
                <StatusPill status={row?.status ?? detail.data?.item.status ?? null} label={label} />
              )
            )}
            {row && <OpenInKlaviyo type={type} id={row.id} />}
          </Group>
        </Stack>
      }
      scrollAreaComponent={ScrollArea.Autosize}
      data-testid="detail-drawer"
    >
      <ErrorBoundary kind="drawer" resetKey={`${type}/${row?.id ?? ''}`} onBack={onClose}>
        <DetailBody detail={detail} workspaceId={workspaceId} onStepStatus={onStepStatus} />
      </ErrorBoundary>
      {confirm && (
        <StatusConfirm
          workspaceId={workspaceId}
          target={confirm.target}
          initial={confirm.status}
          onClose={() => setConfirm(null)}
          onQueued={() => {
            setConfirm(null);
            void reload();
          }}
        />
      )}
    </Drawer>
  );
}

/** The drawer's content: loading, the error of the call, or the item's steps, attributes and raw JSON. */
function DetailBody({
  detail,
  workspaceId,
  onStepStatus,
}: {
  detail: Query<InventoryDetail | null>;
  workspaceId: string;
  onStepStatus?: ((step: FlowStep, status: FlowStatus) => void) | undefined;
}) {
  const { t, label } = useI18n();
  const d = detail.data;
  return (
    <>
      {detail.loading && (
        <Stack>
          <Skeleton h={14} />
          <Skeleton h={14} w="80%" />
          <Skeleton h={120} />
        </Stack>
      )}
      {detail.error && (
        <Alert color="red" title={t('errors.title')}>
          {detail.error.message}
        </Alert>
      )}
      {d && (
        <Tabs defaultValue={d.flowSteps ? 'steps' : 'attributes'}>
          <Tabs.List mb="md">
            {d.flowSteps && <Tabs.Tab value="steps">{t('inventory.drawerSteps')}</Tabs.Tab>}
            <Tabs.Tab value="attributes">{t('inventory.drawerAttributes')}</Tabs.Tab>
            <Tabs.Tab value="raw">{t('inventory.drawerRaw')}</Tabs.Tab>
            <Tabs.Tab value="versions" data-testid="drawer-tab-versions">
              {t('changes.history')}
            </Tabs.Tab>
            {hasItemTrend(d.item.type) && (
              <Tabs.Tab value="trend" data-testid="drawer-tab-trend">
                {t('trends.tab')}
              </Tabs.Tab>
            )}
          </Tabs.List>
          {d.flowSteps && (
            <Tabs.Panel value="steps">
              <FlowSteps
                steps={d.flowSteps}
                workspaceId={workspaceId}
                {...(onStepStatus ? { onStatus: onStepStatus } : {})}
              />
            </Tabs.Panel>
          )}
          <Tabs.Panel value="attributes">
            <Stack gap="sm">
              <Group gap="xs">
                <Text size="sm" c="dimmed" w={110}>
                  {t('inventory.id')}
                </Text>
                <CopyId value={d.item.id} />
              </Group>
              <ItemFacts detail={d} />
              {d.children.length > 0 && (
                <Stack gap={4} mt="md">
                  {d.children.slice(0, 50).map((c) => (
                    <Group key={`${c.type}-${c.id}`} gap="xs" wrap="nowrap">
                      <Badge size="xs" variant="light" color="gray" tt="none">
                        {label('resources', c.type)}
                      </Badge>
                      <Text size="sm" truncate>
                        <Name value={c.name ?? c.id} />
                      </Text>
                      {c.status && <StatusPill status={c.status} label={label} />}
                    </Group>
                  ))}
                </Stack>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="raw">
            <Text size="xs" c="dimmed" mb="xs">
              {t('rawJson.controls')}
            </Text>
            <Code block dir="ltr" className="kad-raw" style={{ fontSize: 11 }} data-testid="drawer-raw">
              {showInvisible(JSON.stringify({ attributes: d.attributes, relationships: d.relationships }, null, 2))}
            </Code>
          </Tabs.Panel>
          <Tabs.Panel value="versions">
            <VersionHistory workspaceId={workspaceId} type={d.item.type} id={d.item.id} />
          </Tabs.Panel>
          {hasItemTrend(d.item.type) && (
            <Tabs.Panel value="trend">
              <ItemTrend workspaceId={workspaceId} type={d.item.type} id={d.item.id} />
            </Tabs.Panel>
          )}
        </Tabs>
      )}
    </>
  );
}
