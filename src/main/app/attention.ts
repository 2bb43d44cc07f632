import type { SyncFinished } from '../../shared/contract/sync';
import type { Workspace } from '../../shared/contract/workspaces';
import { messages, type ShellMessages } from './messages';

/**
 * What deserves an OS notification (PRODUCT: "only when something needs attention"): a rejected key, a run that
 * did not complete, and a workspace whose daily sync is overdue. Successful and cancelled runs stay quiet.
 */
export type Attention = {
  kind: 'failed_auth' | 'partial' | 'overdue' | 'update';
  workspaceId: string | null;
  title: string;
  body: string;
};

export const OVERDUE_AFTER_MS = 48 * 3_600_000;

export function attentionForRun(
  run: SyncFinished,
  workspaceName: string,
  t: ShellMessages = messages.en,
): Attention | null {
  switch (run.status) {
    case 'failed_auth':
      return {
        kind: 'failed_auth',
        workspaceId: run.workspaceId,
        title: t.authTitle(workspaceName),
        body: t.authBody,
      };
    case 'partial_or_timeout':
      return {
        kind: 'partial',
        workspaceId: run.workspaceId,
        title: t.partialTitle(workspaceName),
        body: t.partialBody,
      };
    default:
      return null;
  }
}

/**
 * Workspaces whose last good sync is older than 48 h, each reported once per "last good sync" value (a later
 * good sync, or another overdue period after it, may notify again). `notified` is updated in place.
 */
export function overdueAttention(
  workspaces: readonly Workspace[],
  now: number,
  notified: Map<string, string>,
  dailyEnabled: boolean,
  t: ShellMessages = messages.en,
): Attention[] {
  if (!dailyEnabled) return [];
  const out: Attention[] = [];
  for (const w of workspaces) {
    if (w.archived || w.syncing) continue;
    const last = w.lastOkAt ?? w.createdAt;
    if (now - Date.parse(last) < OVERDUE_AFTER_MS) continue;
    const marker = w.lastOkAt ?? 'never';
    if (notified.get(w.id) === marker) continue;
    notified.set(w.id, marker);
    out.push({
      kind: 'overdue',
      workspaceId: w.id,
      title: t.overdueTitle(w.name),
      body: w.lastOkAt ? t.overdueBody : t.neverSyncedBody,
    });
  }
  return out;
}

/** Tray tooltip and state at a glance. */
export function trayStatus(
  workspaces: readonly Workspace[],
  t: ShellMessages = messages.en,
): {
  level: 'ok' | 'syncing' | 'attention' | 'empty';
  tooltip: string;
} {
  const active = workspaces.filter((w) => !w.archived);
  if (!active.length) return { level: 'empty', tooltip: t.trayEmpty };
  const syncing = active.filter((w) => w.syncing).length;
  const attention = active.filter(
    (w) => w.stale || (w.lastRun && (w.lastRun.status === 'failed_auth' || w.lastRun.status === 'partial_or_timeout')),
  ).length;
  const parts = [t.trayWorkspaces(active.length)];
  if (syncing) parts.push(t.traySyncing(syncing));
  if (attention) parts.push(t.trayAttention(attention));
  const level = syncing ? 'syncing' : attention ? 'attention' : 'ok';
  return { level, tooltip: `Klaviyo Audit Desk — ${parts.join(', ')}` };
}
