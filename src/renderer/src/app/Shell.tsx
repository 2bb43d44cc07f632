import {
  ActionIcon,
  AppShell,
  Box,
  Group,
  NavLink,
  ScrollArea,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { Name } from '../components/Name';
import { useHotkeys } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { statusColor, workspaceStatus } from '../components/StatusBadge';
import { IconBuilding, IconChart, IconHistory, IconMoon, IconSettings, IconSun } from '../components/icons';
import { useI18n } from '../i18n';
import { rpc } from '../lib/rpc';
import { useLive } from './live';
import { useRouter } from './router';

function Dot({ color }: { color: string }) {
  return (
    <Box
      component="span"
      w={8}
      h={8}
      style={{ borderRadius: 8, background: `var(--mantine-color-${color}-filled)`, flex: 'none' }}
    />
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { route, navigate } = useRouter();
  const { workspaces } = useLive();
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const toggleScheme = () => {
    const next = computed === 'dark' ? 'light' : 'dark';
    setColorScheme(next);
    // remembered by the service too, so the next start (and the Settings screen) agree
    rpc('settings:update', { theme: next }).catch(() => undefined);
  };
  // Ctrl/Cmd+J switches light/dark from anywhere, also while a drawer or modal is open
  useHotkeys([['mod+J', toggleScheme]], []);
  const active = workspaces?.filter((w) => !w.archived) ?? [];

  return (
    <AppShell navbar={{ width: 260, breakpoint: 0 }} padding={0}>
      <a href="#main" className="kad-skip">
        {t('app.skipToContent')}
      </a>
      <AppShell.Navbar p="md" component="nav" aria-label={t('nav.workspaces')}>
        <AppShell.Section>
          <Group gap="sm" mb="lg" px={4} wrap="nowrap">
            <ThemeIcon
              size={34}
              radius="md"
              variant="gradient"
              gradient={{ from: 'brand.5', to: 'violet.6', deg: 135 }}
            >
              <IconChart size={18} />
            </ThemeIcon>
            <Box style={{ minWidth: 0 }}>
              <Text fw={700} size="sm" lh={1.2}>
                {t('app.name')}
              </Text>
              <Text size="xs" c="dimmed" lh={1.2}>
                {t('app.tagline')}
              </Text>
            </Box>
          </Group>
          <NavLink
            component="button"
            data-testid="nav-workspaces"
            label={t('nav.allClients')}
            leftSection={<IconBuilding size={18} />}
            active={route.name === 'workspaces'}
            onClick={() => navigate({ name: 'workspaces' })}
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
          <NavLink
            component="button"
            data-testid="nav-history"
            label={t('nav.history')}
            leftSection={<IconHistory size={18} />}
            active={route.name === 'history'}
            onClick={() => navigate({ name: 'history' })}
            style={{ borderRadius: 'var(--mantine-radius-md)' }}
          />
        </AppShell.Section>
        <AppShell.Section grow component={ScrollArea} my="md">
          <Text className="kad-nav-section" mb={6}>
            {t('nav.clients')}
          </Text>
          {!workspaces && (
            <Stack gap={8} px="sm">
              <Skeleton h={14} />
              <Skeleton h={14} w="70%" />
            </Stack>
          )}
          {active.map((w) => (
            <NavLink
              key={w.id}
              component="button"
              data-testid="nav-client"
              label={<Name value={w.name} />}
              leftSection={<Dot color={statusColor[workspaceStatus(w)]} />}
              active={route.name === 'workspace' && route.workspaceId === w.id}
              onClick={() => navigate({ name: 'workspace', workspaceId: w.id, tab: 'overview' })}
              style={{ borderRadius: 'var(--mantine-radius-md)' }}
              styles={{ label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' } }}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Group justify="space-between" wrap="nowrap">
            <NavLink
              component="button"
              data-testid="nav-settings"
              label={t('nav.settings')}
              leftSection={<IconSettings size={18} />}
              active={route.name === 'settings'}
              onClick={() => navigate({ name: 'settings' })}
              style={{ borderRadius: 'var(--mantine-radius-md)', flex: 1 }}
            />
            <Tooltip label={`${t('nav.theme')} (Ctrl+J)`}>
              <ActionIcon
                variant="default"
                size="lg"
                aria-label={t('nav.theme')}
                data-testid="theme-toggle"
                onClick={toggleScheme}
              >
                {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
              </ActionIcon>
            </Tooltip>
          </Group>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" style={{ background: 'var(--kad-main-bg)' }}>
        {children}
      </AppShell.Main>
    </AppShell>
  );
}
