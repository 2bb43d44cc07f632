import {
  Alert,
  Button,
  Card,
  Code,
  Group,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Switch,
  TextInput,
  Title,
  useMantineColorScheme,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../../shared/contract/settings';
import { useErrorToast } from '../../app/live';
import { notify } from '../../components/notifications';
import { Page } from '../../components/Page';
import { IconFolder } from '../../components/icons';
import { localeNames, locales, useI18n, type Locale } from '../../i18n';
import { rpc } from '../../lib/rpc';
import { BrandingCard } from './BrandingCard';
import { useQuery } from '../../lib/useRpc';
import { HistoryStorage } from './HistoryStorage';
import { SettingRow as Row } from './SettingRow';

export function SettingsPage() {
  const { t, locale, setLocale } = useI18n();
  const { setColorScheme } = useMantineColorScheme();
  const showError = useErrorToast();
  const loaded = useQuery('settings', () => rpc('settings:get', {}));
  const [s, setS] = useState<Settings | null>(null);
  const [time, setTime] = useState('');
  const [folderDraft, setFolderDraft] = useState<string | null>(null);
  useEffect(() => {
    if (loaded.data) {
      setS(loaded.data);
      setTime(loaded.data.dailySync.time);
    }
  }, [loaded.data]);

  const save = async (patch: SettingsPatch) => {
    try {
      const next = await rpc('settings:update', patch);
      setS(next);
      notify({ kind: 'success', title: t('settings.saved') });
    } catch (err) {
      showError(err);
    }
  };

  return (
    <Page testId="settings-page" title={t('settings.title')} subtitle={t('settings.subtitle')}>
      {loaded.error && <Alert color="red">{loaded.error.message}</Alert>}
      {!s ? (
        <Stack>
          <Skeleton h={140} radius="md" />
          <Skeleton h={180} radius="md" />
        </Stack>
      ) : (
        <Stack gap="lg" maw={820}>
          <Card>
            <Title order={5} mb="md">
              {t('settings.syncSection')}
            </Title>
            <Stack gap="md">
              <Row label={t('settings.dailyEnabled')} hint={t('settings.dailyEnabledHint')}>
                <Switch
                  data-testid="setting-daily"
                  aria-label={t('settings.dailyEnabled')}
                  checked={s.dailySync.enabled}
                  onChange={(e) => void save({ dailySync: { enabled: e.currentTarget.checked } })}
                />
              </Row>
              <Row label={t('settings.dailyTime')}>
                <TextInput
                  type="time"
                  aria-label={t('settings.dailyTime')}
                  data-testid="setting-time"
                  value={time}
                  disabled={!s.dailySync.enabled}
                  onChange={(e) => setTime(e.currentTarget.value)}
                  onBlur={() => {
                    if (/^\d{2}:\d{2}$/.test(time) && time !== s.dailySync.time) void save({ dailySync: { time } });
                  }}
                  w={130}
                />
              </Row>
            </Stack>
          </Card>
          <Card>
            <Title order={5} mb="md">
              {t('settings.systemSection')}
            </Title>
            <Stack gap="md">
              <Row label={t('settings.startAtLogin')} hint={t('settings.startAtLoginHint')}>
                <Switch
                  aria-label={t('settings.startAtLogin')}
                  checked={s.startAtLogin}
                  onChange={(e) => void save({ startAtLogin: e.currentTarget.checked })}
                />
              </Row>
              <Row label={t('settings.notifications')} hint={t('settings.notificationsHint')}>
                <Switch
                  aria-label={t('settings.notifications')}
                  checked={s.notifications}
                  onChange={(e) => void save({ notifications: e.currentTarget.checked })}
                />
              </Row>
              <Row label={t('settings.dataFolder')} hint={t('settings.dataFolderHint')}>
                <Group gap={6} wrap="nowrap">
                  <IconFolder size={16} />
                  <Code data-testid="setting-datadir">{s.dataDir}</Code>
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    onClick={() => setFolderDraft(s.dataDir)}
                    data-testid="datadir-change"
                  >
                    {t('settings.dataFolderChange')}
                  </Button>
                </Group>
              </Row>
              {folderDraft !== null && (
                <Group align="flex-end" gap="sm">
                  <TextInput
                    data-autofocus
                    data-testid="datadir-input"
                    label={t('settings.dataFolderNew')}
                    description={t('settings.dataFolderNewHint')}
                    value={folderDraft}
                    onChange={(e) => setFolderDraft(e.currentTarget.value)}
                    style={{ flex: 1 }}
                    spellCheck={false}
                  />
                  <Button variant="default" onClick={() => setFolderDraft(null)}>
                    {t('app.cancel')}
                  </Button>
                  <Button
                    data-testid="datadir-save"
                    disabled={!folderDraft.trim() || folderDraft.trim() === s.dataDir}
                    onClick={() => void save({ dataDir: folderDraft.trim() }).then(() => setFolderDraft(null))}
                  >
                    {t('app.save')}
                  </Button>
                </Group>
              )}
              {s.restartRequired && (
                <Alert color="yellow" variant="light" data-testid="restart-required">
                  {t('settings.restartRequired')}
                </Alert>
              )}
            </Stack>
          </Card>
          <HistoryStorage settings={s} save={save} />
          <Card>
            <Title order={5} mb="md">
              {t('settings.appearance')}
            </Title>
            <Stack gap="md">
              <Row label={t('settings.theme')}>
                <SegmentedControl
                  data-testid="setting-theme"
                  value={s.theme}
                  onChange={(v) => {
                    const theme = v as Settings['theme'];
                    setColorScheme(theme === 'system' ? 'auto' : theme);
                    void save({ theme });
                  }}
                  data={[
                    { value: 'light', label: t('settings.themeLight') },
                    { value: 'dark', label: t('settings.themeDark') },
                    { value: 'system', label: t('settings.themeAuto') },
                  ]}
                />
              </Row>
              <Row label={t('settings.language')}>
                <Select
                  aria-label={t('settings.language')}
                  data-testid="setting-language"
                  value={locale}
                  allowDeselect={false}
                  onChange={(v) => {
                    if (!v) return;
                    setLocale(v as Locale);
                    void save({ locale: v as Locale });
                  }}
                  data={locales.map((l) => ({ value: l, label: localeNames[l] }))}
                  w={180}
                />
              </Row>
            </Stack>
          </Card>
          <BrandingCard />
        </Stack>
      )}
    </Page>
  );
}
