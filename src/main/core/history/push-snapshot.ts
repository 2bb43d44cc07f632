import type { Store } from '../store';
import { decodeSnapshot } from './snapshot-codec';
import { writeSnapshot } from './write-snapshot';

/** What a push run keeps of each item it sent: the change as queued and how it ended, with Klaviyo's answer. */
export type PushSnapshot = {
  kind: 'push';
  outboxItemId: number;
  change: string;
  target: { type: string; id: string };
  payload: unknown;
  /** the item's version the change was based on, when known */
  baseVersion: string | null;
  state: string;
  attempts: number;
  /** what Klaviyo answered (or what the read-back found), when the item was applied */
  answer: unknown;
  /** the error envelope the item ended this run with */
  error: unknown;
};

const parsed = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/**
 * Records, for every outbox item a push run handled, what was sent and what came back (PRODUCT C1). Each item is
 * one snapshot named by its Klaviyo id, so an item's history leads to the push runs that sent it. An item's
 * snapshot above the size limit is refused like a manifest; the others are still kept. Returns how many refused.
 */
export function recordPushSnapshots(
  store: Store,
  run: { workspaceId: string; runId: number; requestId: string; now: number },
): number {
  let refused = 0;
  // one item's payload at a time: an import's bulk request body is up to 5 MB
  for (const head of store.outbox.headsByRun(run.runId)) {
    const item = { ...head, payloadJson: store.outbox.payload(head.id) ?? head.payloadJson };
    const snapshot: PushSnapshot = {
      kind: 'push',
      outboxItemId: item.id,
      change: item.kind,
      target: { type: item.targetType, id: item.targetId },
      payload: parsed(item.payloadJson),
      baseVersion: item.baseVersion,
      state: item.state,
      attempts: item.attempts,
      answer: parsed(item.resultJson),
      error: parsed(item.errorJson),
    };
    const base = {
      runId: run.runId,
      workspaceId: run.workspaceId,
      resource: item.targetType,
      klaviyoId: item.targetId,
      versionHash: item.baseVersion,
      createdAt: run.now,
    };
    if (writeSnapshot(store, base, snapshot, run.requestId)) refused++;
  }
  return refused;
}

/** the items a push run sent, as recorded, checked on read */
export function pushSnapshotsOfRun(store: Store, runId: number, requestId = ''): PushSnapshot[] {
  return store.snapshots
    .snapshotsOfRun(runId)
    .filter((r) => r.resource !== 'manifest' && r.content !== null)
    .map((r) => decodeSnapshot(r, requestId) as PushSnapshot);
}
