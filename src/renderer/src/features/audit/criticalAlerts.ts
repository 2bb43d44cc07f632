import { useSyncExternalStore } from 'react';
import type { FindingsCritical } from '../../../../shared/contract/findings';
import { on } from '../../lib/rpc';

/**
 * The critical findings the core announced (`findings:critical`), kept per workspace until the strategist
 * dismisses them. The core decides once what is new (the same decision drives the desktop's OS notification);
 * the page only shows what it was told, so the two can never disagree.
 */
let announced: Record<string, FindingsCritical['findings']> = {};
const listeners = new Set<() => void>();
let watching = false;
/** how the page words a toast for an announcement; set by the screens, which know the language */
let toast: ((event: FindingsCritical) => void) | null = null;

export function setCriticalToast(fn: (event: FindingsCritical) => void): void {
  toast = fn;
}

function changed(next: typeof announced) {
  announced = next;
  listeners.forEach((l) => l());
}

/**
 * Starts listening (once, for the page's lifetime, from the moment the audit feature loads): announcements made
 * while no audit tab is open are kept for it.
 */
export function watchCriticalAlerts(): void {
  if (watching) return;
  watching = true;
  on('findings:critical', (event) => {
    const before = announced[event.workspaceId] ?? [];
    const fresh = event.findings.filter((f) => !before.some((b) => b.ruleId === f.ruleId));
    changed({ ...announced, [event.workspaceId]: [...before, ...fresh] });
    toast?.(event);
  });
}

export function dismissCriticalAlerts(workspaceId: string): void {
  const next = { ...announced };
  delete next[workspaceId];
  changed(next);
}

const subscribe = (cb: () => void) => {
  listeners.add(cb);
  return () => void listeners.delete(cb);
};

export function useCriticalAlerts(workspaceId: string): FindingsCritical['findings'] {
  const all = useSyncExternalStore(
    subscribe,
    () => announced,
    () => announced,
  );
  return all[workspaceId] ?? [];
}
