import { z } from 'zod';
import { ErrorEnvelopeSchema } from '../errors';
import { IdSchema, IsoDateSchema, ItemIdSchema, OffsetSchema, SyncTriggerSchema } from './primitives';

/**
 * The outbox (PRODUCT D): changes queued for Klaviyo, sent when the connection allows, and what became of them.
 * The change schemas here are the domain's own vocabulary too (core/outbox derives its types from them).
 */

/** Items that can carry tags, as the CLI's `--type` spells them. */
export const taggableTypes = ['flow', 'campaign', 'list', 'segment'] as const;
export const TaggableTypeSchema = z.enum(taggableTypes);
export type TaggableType = z.infer<typeof TaggableTypeSchema>;

export const flowStatuses = ['draft', 'manual', 'live'] as const;
export const FlowStatusSchema = z.enum(flowStatuses);
export type FlowStatus = z.infer<typeof FlowStatusSchema>;

/**
 * profile_import / event_import: one Klaviyo bulk request of a store export (imports:file queues them);
 * flow_action_status: the status of one step of a flow (its send goes live or stops); list_create / segment_create:
 * a new list or segment (found by name before it is posted again, within the account's daily creation caps)
 */
export const outboxKinds = [
  'tag_add',
  'tag_remove',
  'flow_status',
  'profile_import',
  'event_import',
  'flow_action_status',
  'list_create',
  'segment_create',
] as const;
export const OutboxKindSchema = z.enum(outboxKinds);
export type OutboxKind = z.infer<typeof OutboxKindSchema>;

export const outboxStates = ['pending', 'sending', 'done', 'failed', 'conflict', 'rejected'] as const;
export const OutboxStateSchema = z.enum(outboxStates);
export type OutboxState = z.infer<typeof OutboxStateSchema>;

/** A tag name as Klaviyo takes it: one line, not empty. */
export const TagNameSchema = z
  .string()
  .trim()
  .min(1, 'The tag name is empty.')
  .max(200, 'The tag name is longer than 200 characters.')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'The tag name contains control characters.');

/** What one queued tag change carries: the tag by name, and the group a new tag goes into (default group if none). */
export const TagPayloadSchema = z.object({ tag: TagNameSchema, tagGroup: TagNameSchema.optional() });
export type TagPayload = z.infer<typeof TagPayloadSchema>;
export const FlowStatusPayloadSchema = z.object({ status: FlowStatusSchema });
export type FlowStatusPayload = z.infer<typeof FlowStatusPayloadSchema>;

/** A list's or segment's name as Klaviyo takes it: one line, not empty. */
export const AudienceNameSchema = z
  .string()
  .trim()
  .min(1, 'The name is empty.')
  .max(200, 'The name is longer than 200 characters.')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'The name contains control characters.');

/**
 * A segment's definition in the spec's shape (SegmentDefinition): condition groups that must all hold, each a
 * list of conditions of which one must hold. The conditions themselves are checked by Klaviyo against its schema.
 */
export const SegmentDefinitionSchema = z.object({
  condition_groups: z
    .array(
      z.object({
        conditions: z
          .array(z.object({ type: z.string().min(1) }).passthrough())
          .min(1)
          .max(20),
      }),
    )
    .min(1)
    .max(20),
});
export type SegmentDefinition = z.infer<typeof SegmentDefinitionSchema>;

export const ListCreatePayloadSchema = z.object({ name: AudienceNameSchema });
export const SegmentCreatePayloadSchema = z.object({ name: AudienceNameSchema, definition: SegmentDefinitionSchema });

/** A change as the screens and the CLI ask for it; tag changes may name many items (multi-select) at once. */
export const OutboxChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.enum(['tag_add', 'tag_remove']),
    targetType: TaggableTypeSchema,
    targetIds: z.array(ItemIdSchema).min(1).max(1000),
    tag: TagNameSchema,
    tagGroup: TagNameSchema.optional(),
  }),
  z.strictObject({
    kind: z.literal('flow_status'),
    targetIds: z.array(ItemIdSchema).min(1).max(1000),
    status: FlowStatusSchema,
  }),
  /** the status of flow actions (steps): only send and update steps carry one */
  z.strictObject({
    kind: z.literal('flow_action_status'),
    targetIds: z.array(ItemIdSchema).min(1).max(1000),
    status: FlowStatusSchema,
  }),
  z.strictObject({ kind: z.literal('list_create'), name: AudienceNameSchema }),
  z.strictObject({ kind: z.literal('segment_create'), name: AudienceNameSchema, definition: SegmentDefinitionSchema }),
]);
export type OutboxChange = z.infer<typeof OutboxChangeSchema>;

export const OutboxItemSchema = z.object({
  id: z.string(),
  workspaceId: z.string(),
  kind: OutboxKindSchema,
  targetType: z.string(),
  targetId: z.string(),
  /** the item's name in the inventory, when it was synced */
  targetName: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  baseVersion: z.string().nullable(),
  state: OutboxStateSchema,
  attempts: z.number().int().min(0),
  nextAttemptAt: IsoDateSchema.nullable(),
  error: ErrorEnvelopeSchema.nullable(),
  requestId: z.string(),
  /** Klaviyo's answer (or what reconciliation found) */
  result: z.record(z.string(), z.unknown()).nullable(),
  pushRunId: z.string().nullable(),
  createdAt: IsoDateSchema,
  updatedAt: IsoDateSchema,
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const OutboxConflictSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  at: IsoDateSchema,
  base: z.unknown(),
  local: z.unknown(),
  remote: z.unknown(),
  localAt: IsoDateSchema,
  remoteAt: IsoDateSchema.nullable(),
  remoteUpdatedAt: z.string().nullable(),
  /** whose clock the decision trusted: Klaviyo's update time as given, or ours (Klaviyo's was ahead of it) */
  clock: z.enum(['remote', 'local']),
  decision: z.enum(['local', 'remote']),
});
export type OutboxConflict = z.infer<typeof OutboxConflictSchema>;

export const OutboxCountsSchema = z.object(
  Object.fromEntries(outboxStates.map((s) => [s, z.number().int().min(0)])) as Record<OutboxState, z.ZodNumber>,
);
export type OutboxCounts = z.infer<typeof OutboxCountsSchema>;

export const OutboxPauseSchema = z.object({ pausedAt: IsoDateSchema, error: ErrorEnvelopeSchema });

export const FlushResultSchema = z.object({
  workspaceId: z.string(),
  /** the push run recorded (null when there was nothing to do) */
  runId: z.string().nullable(),
  requestId: z.string(),
  /** write requests sent to Klaviyo */
  requests: z.number().int().min(0),
  done: z.number().int().min(0),
  rejected: z.number().int().min(0),
  failed: z.number().int().min(0),
  conflicts: z.number().int().min(0),
  /** items still waiting (a retry later, a paused queue, no connection) */
  pending: z.number().int().min(0),
  /** why the flush stopped with items left: null (queue empty), paused (needs a key), offline, retry_later, busy */
  blocked: z.enum(['paused', 'offline', 'retry_later', 'busy']).nullable(),
  error: ErrorEnvelopeSchema.nullable(),
});
export type FlushResult = z.infer<typeof FlushResultSchema>;

export const outboxChannels = {
  /** Queues a change: written to the local store and the outbox in one transaction, then sent when possible. */
  'outbox:queue': {
    input: z.strictObject({ workspaceId: IdSchema, change: OutboxChangeSchema }),
    output: z.object({ items: z.array(OutboxItemSchema) }),
  },
  'outbox:list': {
    input: z.strictObject({
      workspaceId: IdSchema,
      states: z.array(OutboxStateSchema).max(6).optional(),
      offset: OffsetSchema,
      limit: z.number().int().min(1).max(1000).default(200),
    }),
    output: z.object({
      items: z.array(OutboxItemSchema),
      counts: OutboxCountsSchema,
      paused: OutboxPauseSchema.nullable(),
      conflicts: z.array(OutboxConflictSchema),
    }),
  },
  /** The global badge: per workspace, how many items are in each state. */
  'outbox:counts': {
    input: z.strictObject({}).default({}),
    output: z.object({ workspaces: z.array(z.object({ workspaceId: z.string(), counts: OutboxCountsSchema })) }),
  },
  /** Sends what is queued; returns when the queue is empty or blocked (or `waitMs` has passed). */
  'outbox:flush': {
    input: z.strictObject({
      workspaceId: IdSchema,
      trigger: SyncTriggerSchema.default('manual'),
      /** how long to wait for retries the API asked us to delay (default 0: return as soon as only those are left) */
      waitMs: z.number().int().min(0).max(3_600_000).default(0),
    }),
    output: FlushResultSchema,
  },
  /** Puts failed, conflicting or rejected items (one, or all of the workspace's) back in the queue. */
  'outbox:retry': {
    input: z.strictObject({ workspaceId: IdSchema, itemId: IdSchema.optional() }),
    output: z.object({ retried: z.number().int().min(0) }),
  },
  /** Drops a queued item that is not being sent. */
  'outbox:discard': {
    input: z.strictObject({ workspaceId: IdSchema, itemId: IdSchema }),
    output: z.object({ discarded: z.boolean() }),
  },
} as const;

/**
 * An inventory item as the strategist sees it while changes wait: the open outbox items (pending, sending,
 * failed) laid over what Klaviyo last said, only where the local value differs from the synced one.
 */
export const PendingOverlaySchema = z.object({
  /** the flow status the queue will set, and Klaviyo's as last synced */
  status: z.object({ local: z.string(), synced: z.string().nullable() }).nullable(),
  /** tags the queue adds (present: true) or removes (present: false) */
  tags: z.array(z.object({ tag: z.string(), present: z.boolean() })),
  /** the most urgent state among the item's open changes: failed, then sending, then pending */
  state: z.enum(['pending', 'sending', 'failed']),
});
export type PendingOverlay = z.infer<typeof PendingOverlaySchema>;

/** A flush under way: items this run has settled (done, rejected, conflict, failed) and items still queued. */
export const OutboxProgressSchema = z.object({
  workspaceId: z.string(),
  runId: z.string(),
  settled: z.number().int().min(0),
  done: z.number().int().min(0),
  left: z.number().int().min(0),
});
export type OutboxProgress = z.infer<typeof OutboxProgressSchema>;

export const OutboxChangedSchema = z.object({
  workspaceId: z.string(),
  reason: z.enum(['queued', 'flushed', 'retried', 'discarded', 'paused', 'resumed']),
});
