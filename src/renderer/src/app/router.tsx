import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/**
 * In-memory routing: the web page's URL fragment carries the bridge token, and the desktop app has no address
 * bar, so screens are state rather than URLs.
 */
export type WorkspaceTab = 'overview' | 'inventory' | 'changes' | 'trends' | 'runs' | 'audit' | 'outbox';
export type Route =
  | { name: 'workspaces' }
  | { name: 'workspace'; workspaceId: string; tab: WorkspaceTab }
  | { name: 'settings' }
  /** every client's runs, or one client's when `workspaceId` is set */
  | { name: 'history'; workspaceId?: string };

interface RouterValue {
  route: Route;
  navigate: (r: Route) => void;
}

const RouterContext = createContext<RouterValue | null>(null);

export function RouterProvider({ children, initial }: { children: ReactNode; initial?: Route }) {
  const [route, setRoute] = useState<Route>(initial ?? { name: 'workspaces' });
  const navigate = useCallback((r: Route) => {
    setRoute(r);
    // keep the scroll position sane when switching screens
    if (typeof window !== 'undefined') window.scrollTo({ top: 0 });
  }, []);
  const value = useMemo(() => ({ route, navigate }), [route, navigate]);
  return <RouterContext.Provider value={value}>{children}</RouterContext.Provider>;
}

export function useRouter(): RouterValue {
  const ctx = useContext(RouterContext);
  if (!ctx) throw new Error('useRouter outside RouterProvider');
  return ctx;
}
