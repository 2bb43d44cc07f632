import { randomUUID } from 'node:crypto';
import type { OutboxChange } from '../../../shared/contract/outbox';
import { AppError } from '../../../shared/errors';
import type { InventoryRow, OutboxItemRow, Store } from '../store';
import { creationCapsLeft, CREATION_CAPS } from './caps';
import { desiredValue, parseItem, resourceOfTarget, type FieldValue } from './model';

/** The ids of the tags an inventory item carries (relationships as the sync stored them). */
function tagIdsOf(item: InventoryRow): string[] | null {
  const rel = (item.relationships as { tags?: { data?: unknown } }).tags?.data;
  if (!Array.isArray(rel)) return null;
  return rel.map((r) => String((r as { id?: unknown }).id));
}

/** Whether the synced item carries the named tag; null when the inventory cannot tell. */
export function syncedTagPresence(store: Store, workspaceId: string, item: InventoryRow, tag: string): boolean | null {
  const ids = tagIdsOf(item);
  if (!ids) return null;
  const tags = store.inventory.list({ workspaceId, resourceType: 'tags', search: tag });
  const match = tags.find((t) => t.name === tag);
  return match ? ids.includes(match.klaviyoId) : false;
}

/**
 * The field's value as the strategist sees it: what the last sync stored, with the open outbox items of the same
 * target and field laid over it in order. A new change is based on this value (its conflict check compares it
 * with Klaviyo's before sending).
 */
export function localValue(
  store: Store,
  workspaceId: string,
  target: { type: string; id: string },
  field: { kind: 'tag'; tag: string } | { kind: 'status' },
): { value: FieldValue; synced: InventoryRow | undefined } {
  const resource = resourceOfTarget(target.type);
  const synced = resource ? store.inventory.get(workspaceId, resource, target.id) : undefined;
  let value: FieldValue = null;
  if (synced && !synced.removedAt) {
    value = field.kind === 'status' ? synced.status : syncedTagPresence(store, workspaceId, synced, field.tag);
  }
  for (const row of store.outbox.openForTarget(workspaceId, target.type, target.id)) {
    const item = parseItem(row);
    if (field.kind === 'status' && (item.kind === 'flow_status' || item.kind === 'flow_action_status'))
      value = desiredValue(item);
    if (field.kind === 'tag' && (item.kind === 'tag_add' || item.kind === 'tag_remove') && item.tag === field.tag)
      value = desiredValue(item);
  }
  return { value, synced };
}

/**
 * Queues a change: one outbox row per item, each with the version and value it was based on, all in ONE SQLite
 * transaction with the local change (the rows are the local change: reads lay them over the inventory), so a
 * crash leaves either every row or none. Returns once the rows are committed.
 */
export function queueChange(
  store: Store,
  workspaceId: string,
  change: OutboxChange,
  opts: { now: number; requestId?: string },
): OutboxItemRow[] {
  if (change.kind === 'list_create' || change.kind === 'segment_create')
    return queueCreations(store, workspaceId, [change], opts);
  const requestId = opts.requestId ?? randomUUID();
  const targetType =
    change.kind === 'flow_status' ? 'flow' : change.kind === 'flow_action_status' ? 'flow-action' : change.targetType;
  const ids = [...new Set(change.targetIds)];
  const isStatus = change.kind === 'flow_status' || change.kind === 'flow_action_status';
  return store.transaction(() =>
    ids.map((targetId) => {
      const field = isStatus ? { kind: 'status' as const } : { kind: 'tag' as const, tag: change.tag };
      const { value, synced } = localValue(store, workspaceId, { type: targetType, id: targetId }, field);
      if (synced?.removedAt) {
        throw new AppError('validation', `The ${targetType} ${targetId} no longer exists in Klaviyo (last sync).`, {
          details: { field: 'targetIds', targetId },
        });
      }
      if (change.kind === 'flow_action_status' && synced && synced.status === null) {
        throw new AppError(
          'validation',
          `The flow step ${targetId} has no status to set: only steps that send or update something have one.`,
          { details: { field: 'targetIds', targetId, actionType: synced.actionType ?? null } },
        );
      }
      const payload = isStatus
        ? { status: change.status }
        : { tag: change.tag, ...(change.tagGroup ? { tagGroup: change.tagGroup } : {}) };
      return store.outbox.insert({
        workspaceId,
        kind: change.kind,
        targetType,
        targetId,
        payloadJson: JSON.stringify(payload),
        baseVersion: synced?.versionHash ?? null,
        baseValueJson: JSON.stringify(value),
        baseUpdatedAt: synced?.updatedAt ?? null,
        state: 'pending',
        requestId,
        createdAt: opts.now,
        updatedAt: opts.now,
      });
    }),
  );
}

const BODY_KEY = ',"body":';

/**
 * An import item's payload as stored by `queueImport` (the bytes of its JSON text): its head (chunk, lines…)
 * parsed, its body kept as the bytes it is, to be sent as is (a view, not a copy). The body key is found by text:
 * in the head's JSON a quote inside a string is always escaped, so `,"body":` first occurs where the body starts.
 */
export function splitImportPayload<H>(payload: Buffer): { head: H; body: Buffer } {
  const at = payload.indexOf(BODY_KEY);
  if (at < 0 || payload.at(-1) !== 0x7d) throw new Error('An import item has no request body.');
  return {
    head: JSON.parse(`${payload.toString('utf8', 0, at)}}`) as H,
    body: payload.subarray(at + Buffer.byteLength(BODY_KEY), -1),
  };
}

/**
 * The columns of a new item that is based on nothing synced (a list or segment to create, an import's request):
 * no version to check for a conflict, waiting to be sent.
 */
function unbased(workspaceId: string, requestId: string, now: number) {
  return {
    workspaceId,
    baseVersion: null,
    baseValueJson: null,
    baseUpdatedAt: null,
    state: 'pending' as const,
    requestId,
    createdAt: now,
    updatedAt: now,
  };
}

type Creation = Extract<OutboxChange, { kind: 'list_create' | 'segment_create' }>;

/**
 * Queues new lists and segments in ONE transaction, never past what is left of the account's daily creation caps
 * (counted in the same transaction, so two windows cannot both take the last one). The target id is a local
 * reference: Klaviyo gives the id when it creates the item, and the flush finds an earlier success by name.
 */
export function queueCreations(
  store: Store,
  workspaceId: string,
  creations: Creation[],
  opts: { now: number; requestId?: string },
): OutboxItemRow[] {
  const requestId = opts.requestId ?? randomUUID();
  return store.transaction(() => {
    const left = creationCapsLeft(store, workspaceId, opts.now);
    for (const kind of ['list_create', 'segment_create'] as const) {
      const asked = creations.filter((c) => c.kind === kind).length;
      if (asked > left[kind]) {
        const what = kind === 'list_create' ? 'lists' : 'segments';
        throw new AppError(
          'validation',
          `Klaviyo lets an account create ${CREATION_CAPS[kind]} ${what} a day; ${left[kind]} ${left[kind] === 1 ? 'is' : 'are'} left ` +
            `for the next 24 hours and ${asked} ${asked === 1 ? 'was' : 'were'} asked. Nothing was queued.`,
          { details: { field: 'kind', kind, cap: CREATION_CAPS[kind], left: left[kind], asked } },
        );
      }
    }
    return creations.map((c) => {
      const targetType = c.kind === 'list_create' ? 'list' : 'segment';
      const payload = c.kind === 'list_create' ? { name: c.name } : { name: c.name, definition: c.definition };
      return store.outbox.insert({
        ...unbased(workspaceId, requestId, opts.now),
        kind: c.kind,
        targetType,
        targetId: `new-${randomUUID()}`,
        payloadJson: JSON.stringify(payload),
      });
    });
  });
}

/**
 * One bulk request of an import as the outbox keeps it: its body (JSON text, as UTF-8 bytes: the import worker hands
 * them over without a copy) and the file lines of its records.
 */
export type ImportChunk = { records: number; lines: number[]; body: Uint8Array };

/**
 * Queues an import: one outbox item per Klaviyo request (a profile import job, an event bulk create job), every
 * item in ONE transaction, so a crash leaves the whole file queued or none of it. The body is spliced into the
 * payload by the store as the JSON text it already is (a 4 MB request is neither parsed nor turned into a string).
 */
export function queueImport(
  store: Store,
  workspaceId: string,
  imp: { kind: 'profile_import' | 'event_import'; importId: string; fileName: string; chunks: ImportChunk[] },
  opts: { now: number; requestId?: string },
): OutboxItemRow[] {
  const requestId = opts.requestId ?? randomUUID();
  const targetType = imp.kind === 'profile_import' ? 'profile-bulk-import-job' : 'event-bulk-create-job';
  return store.transaction(() =>
    imp.chunks.map((c, i) => {
      const head = JSON.stringify({
        importId: imp.importId,
        fileName: imp.fileName,
        chunk: i + 1,
        of: imp.chunks.length,
        records: c.records,
        lines: c.lines,
      });
      return store.outbox.insertSpliced(
        {
          ...unbased(workspaceId, requestId, opts.now),
          kind: imp.kind,
          targetType,
          targetId: `${imp.importId}-${i + 1}`,
        },
        { before: `${head.slice(0, -1)}${BODY_KEY}`, utf8: c.body, after: '}' },
      );
    }),
  );
}
