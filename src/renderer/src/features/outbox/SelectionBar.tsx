import { Alert, Autocomplete, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { InventoryRow } from '../../../../shared/contract/inventory';
import { type FlowStatus, type TaggableType } from '../../../../shared/contract/outbox';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { useBusyAction } from '../../app/live';
import { IconAlert, IconX } from '../../components/icons';
import { notify } from '../../components/notifications';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { FlowStatusChoice, GoingLiveNames, localStatus } from './FlowStatus';
import { useOutboxT } from './strings';

/** Inventory types whose items carry tags, as the outbox names them. */
export const TAGGABLE: Partial<Record<ResourceType, TaggableType>> = {
  flows: 'flow',
  campaigns: 'campaign',
  lists: 'list',
  segments: 'segment',
};

/**
 * What a strategist can do with the selected inventory rows: add or remove a tag, and (flows) change the status.
 * Every action queues through `outbox:queue`, the one road the CLI takes too; nothing here talks to Klaviyo.
 */
export function SelectionBar({
  workspaceId,
  type,
  selected,
  onClear,
}: {
  workspaceId: string;
  type: ResourceType;
  selected: InventoryRow[];
  onClear: () => void;
}) {
  const { ot } = useOutboxT();
  const [modal, setModal] = useState<'tag_add' | 'tag_remove' | 'status' | null>(null);
  const targetType = TAGGABLE[type];
  if (!targetType || !selected.length) return null;
  const done = () => {
    setModal(null);
    onClear();
  };
  return (
    <Group
      px="md"
      py="xs"
      gap="xs"
      data-testid="selection-bar"
      style={{
        background: 'var(--mantine-primary-color-light)',
        borderTop: '1px solid var(--mantine-color-default-border)',
      }}
    >
      <Text size="sm" fw={600} mr="xs" data-testid="selection-count">
        {ot('select.selected', { count: selected.length })}
      </Text>
      <Button size="xs" onClick={() => setModal('tag_add')} data-testid="selection-add-tag">
        {ot('select.addTag')}
      </Button>
      <Button size="xs" variant="default" onClick={() => setModal('tag_remove')} data-testid="selection-remove-tag">
        {ot('select.removeTag')}
      </Button>
      {type === 'flows' && (
        <Button size="xs" variant="default" onClick={() => setModal('status')} data-testid="selection-set-status">
          {ot('select.setStatus')}
        </Button>
      )}
      <Button
        size="xs"
        variant="subtle"
        color="gray"
        leftSection={<IconX size={14} />}
        onClick={onClear}
        ml="auto"
        data-testid="selection-clear"
      >
        {ot('select.clear')}
      </Button>
      {(modal === 'tag_add' || modal === 'tag_remove') && (
        <TagModal
          workspaceId={workspaceId}
          targetType={targetType}
          kind={modal}
          rows={selected}
          onClose={() => setModal(null)}
          onQueued={done}
        />
      )}
      {modal === 'status' && (
        <StatusModal workspaceId={workspaceId} rows={selected} onClose={() => setModal(null)} onQueued={done} />
      )}
    </Group>
  );
}

function useQueue(onQueued: () => void) {
  const { ot } = useOutboxT();
  const { busy, run } = useBusyAction<'queue'>();
  const queue = (input: Parameters<typeof rpc<'outbox:queue'>>[1]) =>
    run('queue', async () => {
      const r = await rpc('outbox:queue', input);
      notify({ kind: 'success', title: ot('queued', { count: r.items.length }) });
      onQueued();
    });
  return { busy: busy === 'queue', queue };
}

function TagModal({
  workspaceId,
  targetType,
  kind,
  rows,
  onClose,
  onQueued,
}: {
  workspaceId: string;
  targetType: TaggableType;
  kind: 'tag_add' | 'tag_remove';
  rows: InventoryRow[];
  onClose: () => void;
  onQueued: () => void;
}) {
  const { ot, t } = useOutboxT();
  const [tag, setTag] = useState('');
  const [group, setGroup] = useState('');
  const { busy, queue } = useQueue(onQueued);
  // the account's tags as last synced, for the suggestions
  const tags = useQuery(`${workspaceId}/tags`, () =>
    rpc('inventory:list', { workspaceId, type: 'tags', limit: 1000, sort: { field: 'name', direction: 'asc' } }),
  );
  const names = [...new Set((tags.data?.items ?? []).map((t) => t.name).filter((n): n is string => !!n))];
  const isNew = !!tag.trim() && !names.includes(tag.trim());
  const submit = () =>
    void queue({
      workspaceId,
      change: {
        kind,
        targetType,
        targetIds: rows.map((r) => r.id),
        tag: tag.trim(),
        ...(kind === 'tag_add' && isNew && group.trim() ? { tagGroup: group.trim() } : {}),
      },
    });
  return (
    <Modal
      opened
      onClose={onClose}
      centered
      title={
        <Text fw={600}>
          {ot(kind === 'tag_add' ? 'tagModal.addTitle' : 'tagModal.removeTitle', { count: rows.length })}
        </Text>
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <Autocomplete
            data-autofocus
            label={ot('tagModal.tag')}
            description={kind === 'tag_add' ? ot('tagModal.tagHint') : undefined}
            data={names}
            value={tag}
            onChange={setTag}
            maxLength={200}
            data-testid="tag-input"
            comboboxProps={{ withinPortal: true }}
          />
          {kind === 'tag_add' && isNew && (
            <TextInput
              label={ot('tagModal.group')}
              description={ot('tagModal.groupHint')}
              value={group}
              onChange={(e) => setGroup(e.currentTarget.value)}
              maxLength={200}
              data-testid="tag-group-input"
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy} disabled={!tag.trim()} data-testid="tag-submit">
              {ot('tagModal.queue')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function StatusModal({
  workspaceId,
  rows,
  onClose,
  onQueued,
}: {
  workspaceId: string;
  rows: InventoryRow[];
  onClose: () => void;
  onQueued: () => void;
}) {
  const { ot, t } = useOutboxT();
  const [status, setStatus] = useState<FlowStatus>('manual');
  const { busy, queue } = useQueue(onQueued);
  // what goes live: the selected flows that are not live now (as the strategist sees them, queued changes included)
  const goingLive = rows.filter((r) => localStatus(r) !== 'live');
  return (
    <Modal
      opened
      onClose={onClose}
      centered
      size="lg"
      title={<Text fw={600}>{ot('statusModal.title', { count: rows.length })}</Text>}
    >
      <Stack>
        <FlowStatusChoice label={ot('statusModal.status')} value={status} onChange={setStatus} testId="status-choice" />
        {status === 'live' && goingLive.length > 0 ? (
          <Alert color="orange" variant="light" icon={<IconAlert size={18} />} data-testid="status-go-live">
            <Text size="sm" fw={600}>
              {ot('statusModal.goLive', { count: goingLive.length })}
            </Text>
            <GoingLiveNames names={goingLive.map((r) => r.name ?? r.id)} />
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            {ot('statusModal.stop')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('app.cancel')}
          </Button>
          <Button
            color={status === 'live' ? 'orange' : undefined}
            loading={busy}
            onClick={() =>
              void queue({ workspaceId, change: { kind: 'flow_status', targetIds: rows.map((r) => r.id), status } })
            }
            data-testid="status-submit"
          >
            {status === 'live' ? ot('statusModal.confirmLive') : ot('statusModal.queue')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
