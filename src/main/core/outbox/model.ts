import {
  FlowStatusPayloadSchema,
  ListCreatePayloadSchema,
  SegmentCreatePayloadSchema,
  TagPayloadSchema,
  type SegmentDefinition,
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

/** The inventory's resource type of an outbox target type (taggable items and flow actions). */
export function resourceOfTarget(targetType: string): string | undefined {
  if (targetType === 'flow-action') return 'flow-actions';
  return RESOURCE_OF[targetType as TaggableType];
}

/** The value of the field a change sets, in one comparable shape: tag present or not, a flow's status. */
export type FieldValue = boolean | string | null;

export type ParsedItem =
  | { kind: 'tag_add' | 'tag_remove'; row: OutboxItemRow; tag: string; tagGroup?: string | undefined }
  | { kind: 'flow_status' | 'flow_action_status'; row: OutboxItemRow; status: string }
  | { kind: 'list_create'; row: OutboxItemRow; name: string }
  | { kind: 'segment_create'; row: OutboxItemRow; name: string; definition: SegmentDefinition }
  /** one bulk request of an import; its payload (up to 5 MB) is read only when it is sent */
  | { kind: 'profile_import' | 'event_import'; row: OutboxItemRow };

/** A stored row with its payload read back through the contract's schema. */
export function parseItem(row: OutboxItemRow): ParsedItem {
  const kind = row.kind as OutboxKind;
  if (kind === 'profile_import' || kind === 'event_import') return { kind, row };
  const payload: unknown = JSON.parse(row.payloadJson);
  if (kind === 'flow_status' || kind === 'flow_action_status')
    return { kind, row, status: FlowStatusPayloadSchema.parse(payload).status };
  if (kind === 'list_create') return { kind, row, name: ListCreatePayloadSchema.parse(payload).name };
  if (kind === 'segment_create') return { kind, row, ...SegmentCreatePayloadSchema.parse(payload) };
  const p = TagPayloadSchema.parse(payload);
  return { kind, row, tag: p.tag, tagGroup: p.tagGroup };
}

/** What the item's field is once this change is applied. */
export function desiredValue(item: ParsedItem): FieldValue {
  if (item.kind === 'flow_status' || item.kind === 'flow_action_status') return item.status;
  if (item.kind === 'tag_add' || item.kind === 'tag_remove') return item.kind === 'tag_add';
  return null;
}

/** Items whose batch key is equal go to Klaviyo in one request (a tag relationship takes up to 100 ids). */
export function batchKey(item: ParsedItem): string | null {
  if (item.kind !== 'tag_add' && item.kind !== 'tag_remove') return null;
  return `${item.kind}|${item.row.targetType}|${item.tag}|${item.tagGroup ?? ''}`;
}

export const MAX_BATCH = 100;
