import {
  FlowStatusPayloadSchema,
  TagPayloadSchema,
  type OutboxKind,
  type TaggableType,
} from '../../../shared/contract/outbox';
import type { OutboxItemRow } from '../store';

/** Klaviyo's type of a taggable item → the inventory's resource type (and the tag relationship's name). */
export const RESOURCE_OF: Record<TaggableType, 'flows' | 'campaigns' | 'lists' | 'segments'> = {
  flow: 'flows',
  campaign: 'campaigns',
  list: 'lists',
  segment: 'segments',
};

/** The value of the field a change sets, in one comparable shape: tag present or not, a flow's status. */
export type FieldValue = boolean | string | null;

export type ParsedItem =
  | { kind: 'tag_add' | 'tag_remove'; row: OutboxItemRow; tag: string; tagGroup?: string | undefined }
  | { kind: 'flow_status'; row: OutboxItemRow; status: string }
  /** one bulk request of an import; its payload (up to 5 MB) is read only when it is sent */
  | { kind: 'profile_import' | 'event_import'; row: OutboxItemRow };

/** A stored row with its payload read back through the contract's schema. */
export function parseItem(row: OutboxItemRow): ParsedItem {
  const kind = row.kind as OutboxKind;
  if (kind === 'profile_import' || kind === 'event_import') return { kind, row };
  const payload: unknown = JSON.parse(row.payloadJson);
  if (kind === 'flow_status') return { kind, row, status: FlowStatusPayloadSchema.parse(payload).status };
  const p = TagPayloadSchema.parse(payload);
  return { kind, row, tag: p.tag, tagGroup: p.tagGroup };
}

/** What the item's field is once this change is applied. */
export function desiredValue(item: ParsedItem): FieldValue {
  if (item.kind === 'profile_import' || item.kind === 'event_import') return null;
  return item.kind === 'flow_status' ? item.status : item.kind === 'tag_add';
}

/** Items whose batch key is equal go to Klaviyo in one request (a tag relationship takes up to 100 ids). */
export function batchKey(item: ParsedItem): string | null {
  if (item.kind !== 'tag_add' && item.kind !== 'tag_remove') return null;
  return `${item.kind}|${item.row.targetType}|${item.tag}|${item.tagGroup ?? ''}`;
}

export const MAX_BATCH = 100;
