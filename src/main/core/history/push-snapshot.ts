import type { OutboxItemRow, Store } from '../store';
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

/**
 * Where an import's payload goes in the snapshot's JSON: the first occurrence is the key itself, since a quote
 * inside a JSON string is always escaped (the fields before it are numbers and strings).
 */
const PAYLOAD_SLOT = '"payload":null';

const parsed = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

/**
 * Records, for every outbox item a push run handled, what was sent and what came back (PRODUCT C1). Each item is
 * one snapshot named by its Klaviyo id, so an item's history leads to the push runs that sent it. An item's
 * snapshot above the size limit is refused like a manifest; the others are still kept. Returns how many refused.
 */
export function recordPushSnapshots(
  store: Store,
  run: { workspaceId: string; runId: number; requestId: string; now: number },
  /** the items to record (heads: an import's payload is read here, one at a time); all of the run's by default */
  items: OutboxItemRow[] = store.outbox.headsByRun(run.runId),
): number {
  let refused = 0;
  for (const item of items) {
    const isImport = item.kind === 'profile_import' || item.kind === 'event_import';
    const snapshot: PushSnapshot = {
      kind: 'push',
      outboxItemId: item.id,
      change: item.kind,
      target: { type: item.targetType, id: item.targetId },
      payload: isImport ? null : parsed(item.payloadJson),
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
    if (!isImport) {
      if (writeSnapshot(store, base, snapshot, run.requestId)) refused++;
      continue;
    }
    // an import's payload (its bulk request body, up to 5 MB, read one item at a time) goes into the snapshot as
    // the JSON text it was sent as: parsing it only to write it again would cost a second per flush
    const json = JSON.stringify(snapshot);
    const at = json.indexOf(PAYLOAD_SLOT);
    const payload = store.outbox.payloadBytes(item.id) ?? Buffer.from('null');
    const bytes = Buffer.concat([
      Buffer.from(`${json.slice(0, at)}"payload":`),
      payload,
      Buffer.from(json.slice(at + PAYLOAD_SLOT.length)),
    ]);
    if (writeSnapshot(store, base, bytes, run.requestId, 'json')) refused++;
  }
  return refused;
}

/**
 * the items a push run sent, as recorded, checked on read; oldest item first (a flush records its done items as
 * they settle, the others at its end)
 */
export function pushSnapshotsOfRun(store: Store, runId: number, requestId = ''): PushSnapshot[] {
  return store.snapshots
    .snapshotsOfRun(runId)
    .filter((r) => r.resource !== 'manifest' && r.content !== null)
    .map((r) => decodeSnapshot(r, requestId) as PushSnapshot)
    .sort((a, b) => a.outboxItemId - b.outboxItemId);
}
