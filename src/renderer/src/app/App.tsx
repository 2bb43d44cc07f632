import { useEffect } from 'react';
import { useMantineColorScheme } from '@mantine/core';
import { ErrorBoundary } from '../components/ErrorBoundary';
import { NotificationsHost } from '../components/notifications';
import { WorkspacePage } from '../features/workspace/WorkspacePage';
import { WorkspacesPage } from '../features/workspaces/WorkspacesPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { HistoryPage } from '../features/history/HistoryPage';
import { useI18n, type Locale } from '../i18n';
import { rpc } from '../lib/rpc';
import { LiveProvider } from './live';
import { RouterProvider, useRouter } from './router';
import { Shell } from './Shell';

function Screens() {
  const { route, navigate } = useRouter();
  const key =
    route.name === 'workspace'
      ? `${route.name}/${route.workspaceId}/${route.tab}`
      : route.name === 'history'
        ? `history/${route.workspaceId ?? ''}`
        : route.name;
  return (
    <ErrorBoundary kind="screen" resetKey={key} onBack={() => navigate({ name: 'workspaces' })}>
      <Screen />
    </ErrorBoundary>
  );
}

function Screen() {
  const { route } = useRouter();
  switch (route.name) {
    case 'workspaces':
      return <WorkspacesPage />;
    case 'workspace':
      return <WorkspacePage key={route.workspaceId} workspaceId={route.workspaceId} tab={route.tab} />;
    case 'settings':
      return <SettingsPage />;
    case 'history':
      return <HistoryPage key={route.workspaceId ?? 'all'} workspaceId={route.workspaceId} />;
  }
}

/** Applies the stored theme and language once at start (the settings screen changes them live). */
function ApplyStoredPreferences() {
  const { setLocale } = useI18n();
  const { setColorScheme } = useMantineColorScheme();
  useEffect(() => {
    rpc('settings:get', {})
      .then((s) => {
        if (s.locale !== 'system') setLocale(s.locale as Locale);
        setColorScheme(s.theme === 'system' ? 'auto' : s.theme);
      })
      .catch(() => undefined);
    // once, at start
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return null;
}

export function App() {
  const { t } = useI18n();
  return (
    <RouterProvider>
      <LiveProvider>
        <ApplyStoredPreferences />
        <Shell>
          <Screens />
        </Shell>
        <NotificationsHost closeLabel={t('app.close')} />
      </LiveProvider>
    </RouterProvider>
  );
}
