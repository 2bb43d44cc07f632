import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { SyncFinished, SyncProgress } from '../../../shared/contract/sync';
import type { Workspace } from '../../../shared/contract/workspaces';
import type { ErrorEnvelope } from '../../../shared/errors';
import { notify } from '../components/notifications';
import { useI18n } from '../i18n';
import { toEnvelope } from '../lib/errors';
import { on, rpc } from '../lib/rpc';

/**
 * App-wide live state: the workspace list (for the sidebar and the overview) and each running sync's progress,
 * kept current from the service's events so every screen shows the same thing.
 */
interface LiveValue {
  workspaces: Workspace[] | undefined;
  workspacesError: ErrorEnvelope | null;
  reloadWorkspaces: () => Promise<void>;
  progress: Record<string, SyncProgress>;
  /** bumps whenever a run of that workspace finishes, so pages refetch */
  finishedTick: Record<string, number>;
  lastFinished: SyncFinished | null;
}

const LiveContext = createContext<LiveValue | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [workspaces, setWorkspaces] = useState<Workspace[] | undefined>(undefined);
  const [workspacesError, setWorkspacesError] = useState<ErrorEnvelope | null>(null);
  const [progress, setProgress] = useState<Record<string, SyncProgress>>({});
  const [finishedTick, setFinishedTick] = useState<Record<string, number>>({});
  const [lastFinished, setLastFinished] = useState<SyncFinished | null>(null);
  const seq = useRef(0);
  const tRef = useRef(t);
  tRef.current = t;
  const namesRef = useRef<Record<string, string>>({});

  const reloadWorkspaces = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const list = await rpc('workspaces:list', { includeArchived: true });
      if (mine !== seq.current) return;
      namesRef.current = Object.fromEntries(list.map((w) => [w.id, w.name]));
      setWorkspaces(list);
      setWorkspacesError(null);
    } catch (err) {
      if (mine === seq.current) setWorkspacesError(toEnvelope(err));
    }
  }, []);

  useEffect(() => {
    void reloadWorkspaces();
    const offChanged = on('workspaces:changed', () => void reloadWorkspaces());
    const offProgress = on('sync:progress', (p) => setProgress((prev) => ({ ...prev, [p.workspaceId]: p })));
    const offFinished = on('sync:finished', (f) => {
      setProgress((prev) => {
        const next = { ...prev };
        delete next[f.workspaceId];
        return next;
      });
      setFinishedTick((prev) => ({ ...prev, [f.workspaceId]: (prev[f.workspaceId] ?? 0) + 1 }));
      setLastFinished(f);
      void reloadWorkspaces();
      const name = namesRef.current[f.workspaceId] ?? f.workspaceId;
      const tr = tRef.current;
      if (f.status === 'ok') notify({ kind: 'success', title: tr('workspace.syncFinishedOk', { name }) });
      else
        notify({
          kind: f.status === 'cancelled' ? 'info' : 'error',
          title: tr('workspace.syncFinishedBad', { name, status: tr(`status.${f.status}`) }),
          message: f.error?.message,
          requestId: f.requestId,
          requestIdLabel: tr('app.requestId'),
        });
    });
    return () => {
      offChanged();
      offProgress();
      offFinished();
    };
  }, [reloadWorkspaces]);

  const value = useMemo(
    () => ({ workspaces, workspacesError, reloadWorkspaces, progress, finishedTick, lastFinished }),
    [workspaces, workspacesError, reloadWorkspaces, progress, finishedTick, lastFinished],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveValue {
  const ctx = useContext(LiveContext);
  if (!ctx) throw new Error('useLive outside LiveProvider');
  return ctx;
}

/** Shows an error toast with the envelope's message and requestId. */
export function useErrorToast() {
  const { t } = useI18n();
  return useCallback(
    (err: unknown, title?: string) => {
      const env = toEnvelope(err);
      notify({
        kind: 'error',
        title: title ?? t('errors.title'),
        message: env.message,
        requestId: env.requestId || undefined,
        requestIdLabel: t('app.requestId'),
      });
    },
    [t],
  );
}

/**
 * A screen's actions that call the service: `busy` names the one under way (for its button's spinner), and a
 * failure ends as the error toast, so no action can leave a button spinning or fail without a word.
 */
export function useBusyAction<K extends string>() {
  const showError = useErrorToast();
  const [busy, setBusy] = useState<K | null>(null);
  const run = useCallback(
    async (what: K, fn: () => Promise<void>) => {
      setBusy(what);
      try {
        await fn();
      } catch (err) {
        showError(err);
      } finally {
        setBusy(null);
      }
    },
    [showError],
  );
  return { busy, run };
}
