import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Workspace } from '../../../../shared/contract/workspaces';
import { notify } from '../../components/notifications';
import { useBusyAction } from '../../app/live';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';

export function RenameModal({ workspace, onClose }: { workspace: Workspace | null; onClose: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const { busy, run } = useBusyAction<'rename'>();
  useEffect(() => setName(workspace?.name ?? ''), [workspace]);
  const submit = async () => {
    if (!workspace || !name.trim()) return;
    await run('rename', async () => {
      const w = await rpc('workspaces:rename', { workspaceId: workspace.id, name: name.trim() });
      notify({ kind: 'success', title: t('workspaces.renamed', { name: w.name }) });
      onClose();
    });
  };
  return (
    <Modal opened={!!workspace} onClose={onClose} title={<Text fw={600}>{t('workspaces.renameTitle')}</Text>} centered>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <TextInput
            data-autofocus
            data-testid="rename-input"
            label={t('workspaces.renameLabel')}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button type="submit" loading={busy === 'rename'} disabled={!name.trim()} data-testid="rename-save">
              {t('app.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function RemoveModal({
  workspace,
  onClose,
  onRemoved,
}: {
  workspace: Workspace | null;
  onClose: () => void;
  onRemoved?: () => void;
}) {
  const { t } = useI18n();
  const [typed, setTyped] = useState('');
  const { busy, run } = useBusyAction<'remove'>();
  useEffect(() => setTyped(''), [workspace]);
  const matches = !!workspace && typed.trim() === workspace.name.trim();
  const submit = async () => {
    if (!workspace || !matches) return;
    await run('remove', async () => {
      await rpc('workspaces:remove', { workspaceId: workspace.id });
      notify({ kind: 'success', title: t('workspaces.removed', { name: workspace.name }) });
      onClose();
      onRemoved?.();
    });
  };
  return (
    <Modal
      opened={!!workspace}
      onClose={onClose}
      title={<Text fw={600}>{t('workspaces.removeTitle', { name: workspace?.name ?? '' })}</Text>}
      centered
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Stack>
          <Text size="sm">{t('workspaces.removeBody')}</Text>
          <TextInput
            data-autofocus
            data-testid="remove-confirm-input"
            label={t('workspaces.removeConfirmLabel')}
            placeholder={workspace?.name}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('app.cancel')}
            </Button>
            <Button
              type="submit"
              color="red"
              loading={busy === 'remove'}
              disabled={!matches}
              data-testid="remove-confirm"
            >
              {t('workspaces.removeConfirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
