import { useEffect } from 'react';
import { on } from '../../lib/rpc';

/**
 * Reads a workspace's trend points again when new ones are recorded: after a run's audit, and again when its size
 * refresh ends (sizes are asked after the sync, so a chart opened in between would keep the older size).
 */
export function useTrendsReload(workspaceId: string, query: { reload: () => Promise<void> }): void {
  useEffect(
    () =>
      on('workspaces:changed', (p) => {
        if (p.workspaceId === workspaceId && (p.reason === 'trends' || p.reason === 'audited')) void query.reload();
      }),
    [workspaceId, query],
  );
}
