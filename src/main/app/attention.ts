import { ruleText, ruleTitles } from '../../shared/audit/rule-titles';
import type { FindingsCritical } from '../../shared/contract/findings';
import type { SyncFinished } from '../../shared/contract/sync';
import type { Workspace } from '../../shared/contract/workspaces';
import { messages, type ShellMessages } from './messages';

/**
 * What deserves an OS notification (PRODUCT: "only when something needs attention"): a rejected key, a run that
 * did not complete, and a workspace whose daily sync is overdue. Successful and cancelled runs stay quiet.
 */
export type Attention = {
  kind: 'failed_auth' | 'partial' | 'overdue' | 'update' | 'critical';
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

/**
 * One notification for the critical findings an audit announced (the core decides which are new, once each):
 * their titles in the shell's language.
 */
export function attentionForCritical(
  event: FindingsCritical,
  t: ShellMessages = messages.en,
  language: 'en' | 'pl' = 'en',
): Attention {
  return {
    kind: 'critical',
    workspaceId: event.workspaceId,
    title: t.criticalTitle(event.workspaceName, event.findings.length),
    body: event.findings.map((f) => `${f.ruleId}: ${ruleText(ruleTitles, language, f.ruleId, f.title)}`).join('\n'),
  };
}

/** The app's badge: open critical findings over the workspaces that are not archived (0 clears it). */
export function criticalBadge(
  overview: readonly { workspaceId: string; criticalCount: number }[],
  workspaces: readonly Workspace[],
): number {
  const active = new Set(workspaces.filter((w) => !w.archived).map((w) => w.id));
  return overview.filter((o) => active.has(o.workspaceId)).reduce((n, o) => n + o.criticalCount, 0);
}

/** Tray tooltip and state at a glance; open critical findings put the tray in its attention state too. */
export function trayStatus(
  workspaces: readonly Workspace[],
  t: ShellMessages = messages.en,
  critical = 0,
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
  if (critical) parts.push(t.trayCritical(critical));
  const level = syncing ? 'syncing' : attention || critical ? 'attention' : 'ok';
  return { level, tooltip: `Klaviyo Audit Desk — ${parts.join(', ')}` };
}
