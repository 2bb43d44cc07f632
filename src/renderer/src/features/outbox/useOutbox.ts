import { useCallback, useEffect, useMemo } from 'react';
import type { OutboxCounts, OutboxItem, OutboxState } from '../../../../shared/contract/outbox';
import { on, rpc } from '../../lib/rpc';
import { useQuery } from '../../lib/useRpc';

/** States of a change that has not reached Klaviyo yet and will be tried again without anyone asking. */
export const OPEN_STATES: OutboxState[] = ['pending', 'sending', 'failed'];
/** States a person has to look at: nothing more happens to them until someone retries or discards them. */
export const PROBLEM_STATES: OutboxState[] = ['failed', 'conflict', 'rejected'];

export const waiting = (c: OutboxCounts | undefined) => (c ? c.pending + c.sending + c.failed : 0);
export const problems = (c: OutboxCounts | undefined) => (c ? c.failed + c.conflict + c.rejected : 0);

/** Runs `cb` whenever a workspace's outbox changes (any workspace when `workspaceId` is omitted). */
export function useOutboxChanged(cb: () => void, workspaceId?: string): void {
  useEffect(
    () =>
      on('outbox:changed', (e) => {
        if (!workspaceId || e.workspaceId === workspaceId) cb();
      }),
    [cb, workspaceId],
  );
}

/** Every workspace's outbox counts (the badges), kept current by the outbox:changed event. */
export function useOutboxCounts(): Record<string, OutboxCounts> {
  const q = useQuery('outbox-counts', () => rpc('outbox:counts', {}));
  const { reload } = q;
  useOutboxChanged(useCallback(() => void reload(), [reload]));
  return useMemo(() => Object.fromEntries((q.data?.workspaces ?? []).map((w) => [w.workspaceId, w.counts])), [q.data]);
}

/** The server's words for a network failure: the item waits for the connection rather than for a retry. */
export function isOffline(item: Pick<OutboxItem, 'state' | 'error'>): boolean {
  return item.state === 'pending' && item.error?.code === 'network';
}
