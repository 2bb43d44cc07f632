import type { Store } from '../store';

export type DailyStarter = {
  start(input: { workspaceId: string; trigger: 'daily' | 'tray' }): Promise<unknown>;
};

/**
 * The day's run: every active workspace, except those that already synced successfully since the slot (a manual
 * sync at 10:00 covers a 09:00 slot the laptop slept through). Starts are sequential calls but the syncs run side
 * by side, each within its own account's limits. Returns the workspaces started.
 */
export async function startDailySyncs(
  store: Store,
  sync: DailyStarter,
  slot: Date,
  trigger: 'daily' | 'tray' = 'daily',
) {
  const started: string[] = [];
  for (const w of store.workspaces.list({ includeArchived: false })) {
    if (trigger === 'daily') {
      const lastOk = store.runs.list({ workspaceId: w.id, status: ['ok'], limit: 1 })[0];
      if (lastOk && lastOk.startedAt >= slot.getTime()) continue;
    }
    try {
      await sync.start({ workspaceId: w.id, trigger });
      started.push(w.id);
    } catch {
      // one workspace that cannot start (busy in another process, removed meanwhile) must not stop the others
    }
  }
  return started;
}
