import type { SyncFinished } from '../../shared/contract/sync';
import type { Workspace } from '../../shared/contract/workspaces';

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

export function attentionForRun(run: SyncFinished, workspaceName: string): Attention | null {
  switch (run.status) {
    case 'failed_auth':
      return {
        kind: 'failed_auth',
        workspaceId: run.workspaceId,
        title: `${workspaceName}: the Klaviyo key was rejected`,
        body: 'The key is invalid, revoked or expired. Open the workspace to enter a new key; nothing was changed.',
      };
    case 'partial_or_timeout':
      return {
        kind: 'partial',
        workspaceId: run.workspaceId,
        title: `${workspaceName}: sync incomplete`,
        body: 'Some resources did not finish. Your data is intact; open the workspace to see why and retry.',
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
      title: `${w.name}: sync overdue`,
      body: w.lastOkAt
        ? 'No successful sync for more than two days. Open the app to sync now or check the last error.'
        : 'This workspace has never synced successfully. Open the app to sync it.',
    });
  }
  return out;
}

/** Tray tooltip and state at a glance. */
export function trayStatus(workspaces: readonly Workspace[]): {
  level: 'ok' | 'syncing' | 'attention' | 'empty';
  tooltip: string;
} {
  const active = workspaces.filter((w) => !w.archived);
  if (!active.length) return { level: 'empty', tooltip: 'Klaviyo Audit Desk — no workspaces yet' };
  const syncing = active.filter((w) => w.syncing).length;
  const attention = active.filter(
    (w) => w.stale || (w.lastRun && (w.lastRun.status === 'failed_auth' || w.lastRun.status === 'partial_or_timeout')),
  ).length;
  const parts = [`${active.length} workspace${active.length === 1 ? '' : 's'}`];
  if (syncing) parts.push(`${syncing} syncing`);
  if (attention) parts.push(`${attention} need${attention === 1 ? 's' : ''} attention`);
  const level = syncing ? 'syncing' : attention ? 'attention' : 'ok';
  return { level, tooltip: `Klaviyo Audit Desk — ${parts.join(', ')}` };
}
