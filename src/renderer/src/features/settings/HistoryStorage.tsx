import { Button, Card, Group, NumberInput, Stack, Switch, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../../shared/contract/settings';
import { useErrorToast } from '../../app/live';
import { notify } from '../../components/notifications';
import { useI18n } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';
import { SettingRow } from './SettingRow';

const DEFAULT_DAYS = 180;

/**
 * The sync history's footprint and how long its snapshots are kept: the data folder's size, the snapshots kept
 * and the oldest of them, the retention setting, and a prune on demand.
 */
export function HistoryStorage({
  settings,
  save,
}: {
  settings: Settings;
  save: (patch: SettingsPatch) => Promise<void>;
}) {
  const { t, fmt } = useI18n();
  const showError = useErrorToast();
  const [tick, setTick] = useState(0);
  const storage = useQuery(`storage/${tick}`, () => rpc('history:storage', {}));
  const days = settings.snapshotRetention.days;
  const [draft, setDraft] = useState<number | string>(days ?? DEFAULT_DAYS);
  const [pruning, setPruning] = useState(false);
  useEffect(() => setDraft(days ?? DEFAULT_DAYS), [days]);
  const valid = typeof draft === 'number' && Number.isInteger(draft) && draft >= 1 && draft <= 36_500;

  const prune = async () => {
    setPruning(true);
    try {
      const r = await rpc('history:prune', {});
      notify({ kind: 'success', title: t('settings.pruned', { count: r.deleted }) });
      setTick((n) => n + 1);
    } catch (err) {
      showError(err);
    } finally {
      setPruning(false);
    }
  };

  const s = storage.data;
  return (
    <Card data-testid="settings-history">
      <Title order={5} mb="md">
        {t('settings.historySection')}
      </Title>
      <Stack gap="sm">
        <SettingRow label={t('settings.folderSize')} hint={t('settings.folderSizeHint')}>
          <Text size="sm" fw={500} data-testid="settings-folder-size" data-bytes={s?.dataFolderBytes}>
            {s ? fmt.bytes(s.dataFolderBytes) : '…'}
          </Text>
        </SettingRow>
        <SettingRow label={t('settings.snapshotsKept')} hint={t('settings.snapshotsKeptHint')}>
          <Text size="sm" data-testid="settings-snapshots">
            {s ? t('settings.snapshotsKeptValue', { count: s.snapshots, size: fmt.bytes(s.snapshotBytes) }) : '…'}
          </Text>
        </SettingRow>
        <SettingRow label={t('settings.oldestSnapshot')}>
          <Text size="sm" data-testid="settings-oldest-snapshot" data-at={s?.oldestSnapshotAt ?? ''}>
            {s ? (s.oldestSnapshotAt ? fmt.dateTime(s.oldestSnapshotAt) : t('settings.noSnapshots')) : '…'}
          </Text>
        </SettingRow>
        <SettingRow label={t('settings.retention')} hint={t('settings.retentionHint')}>
          <Group gap="sm" wrap="nowrap">
            <Switch
              label={t('settings.retentionForever')}
              checked={days === null}
              data-testid="retention-forever"
              onChange={(e) =>
                void save({
                  snapshotRetention: { days: e.currentTarget.checked ? null : valid ? draft : DEFAULT_DAYS },
                })
              }
            />
            <NumberInput
              aria-label={t('settings.retentionDays')}
              data-testid="retention-days"
              w={110}
              min={1}
              max={36_500}
              allowDecimal={false}
              allowNegative={false}
              disabled={days === null}
              value={draft}
              onChange={setDraft}
              rightSection={
                <Text size="xs" c="dimmed" pr={6}>
                  {t('settings.retentionDays')}
                </Text>
              }
              rightSectionWidth={40}
              error={!valid && days !== null}
            />
            <Button
              size="sm"
              data-testid="retention-save"
              disabled={days === null || !valid || draft === days}
              onClick={() => void save({ snapshotRetention: { days: draft as number } })}
            >
              {t('app.save')}
            </Button>
          </Group>
        </SettingRow>
        <Group justify="flex-end">
          <Button variant="default" size="xs" loading={pruning} onClick={() => void prune()} data-testid="prune-now">
            {t('settings.pruneNow')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
