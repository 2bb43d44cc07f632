import { z } from 'zod';
import { OutboxItemSchema, SegmentDefinitionSchema } from './outbox';
import { IdSchema } from './primitives';

/**
 * The standard audiences every account needs (PRODUCT D1): four segments in the spec's definition shape, their
 * thresholds editable before they are queued, and what is left of the account's daily creation caps.
 */

export const standardAudienceKeys = ['all_customers', 'new_subscribers', 'vip', 'active'] as const;
export const StandardAudienceKeySchema = z.enum(standardAudienceKeys);
export type StandardAudienceKey = z.infer<typeof StandardAudienceKeySchema>;

export const StandardThresholdsSchema = z.strictObject({
  /** VIP: placed an order at least this many times, ever… */
  vipOrders: z.number().int().min(1).max(1000).default(3),
  /** …or spent at least this much (the Placed Order value, in the store's currency), ever */
  vipRevenue: z.number().min(1).max(100_000_000).default(500),
  /** Active: opened or clicked an email in the last N days */
  activeDays: z.number().int().min(1).max(365).default(90),
  /** New Subscribers: subscribed to email in the last N days */
  newSubscriberDays: z.number().int().min(1).max(365).default(30),
});
export type StandardThresholds = z.infer<typeof StandardThresholdsSchema>;

/** One condition in words: a key the screens translate (en, pl) and its values. */
export const AudienceWordsSchema = z.object({
  key: z.enum(['ordersAtLeastEver', 'revenueAtLeastEver', 'metricInLast', 'emailSubscribedInLast']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type AudienceWords = z.infer<typeof AudienceWordsSchema>;

export const StandardAudienceSchema = z.object({
  key: StandardAudienceKeySchema,
  name: z.string(),
  /** null when the account lacks the metric it needs */
  definition: SegmentDefinitionSchema.nullable(),
  /** the definition in words: every group must hold, one condition of a group is enough */
  words: z.array(z.array(AudienceWordsSchema)),
  /** ready to queue; exists (a segment of that name was synced); queued (the outbox has it); missing_metric */
  state: z.enum(['ready', 'exists', 'queued', 'missing_metric']),
  /** the metric name the account lacks (missing_metric) */
  missingMetric: z.string().nullable(),
});
export type StandardAudience = z.infer<typeof StandardAudienceSchema>;

const CapSchema = z.object({
  cap: z.number().int(),
  /** created in the last 24 hours (by anyone, as the last sync saw) or queued here */
  used: z.number().int().min(0),
  left: z.number().int().min(0),
});
export const CreationCapsSchema = z.object({ segments: CapSchema, lists: CapSchema });
export type CreationCaps = z.infer<typeof CreationCapsSchema>;

export const audiencesChannels = {
  /** The standard set for this workspace with the given thresholds: definitions, words, what exists, caps left. */
  'audiences:standard': {
    input: z.strictObject({ workspaceId: IdSchema, thresholds: StandardThresholdsSchema.prefault({}) }),
    output: z.object({ audiences: z.array(StandardAudienceSchema), caps: CreationCapsSchema }),
  },
  /**
   * Queues the chosen standard segments (one transaction). Ones whose name exists or that are queued already are
   * skipped, and so are those past the daily cap: each skip says why.
   */
  'audiences:queueStandard': {
    input: z.strictObject({
      workspaceId: IdSchema,
      keys: z.array(StandardAudienceKeySchema).min(1).max(standardAudienceKeys.length),
      thresholds: StandardThresholdsSchema.prefault({}),
    }),
    output: z.object({
      items: z.array(OutboxItemSchema),
      skipped: z.array(
        z.object({
          key: StandardAudienceKeySchema,
          name: z.string(),
          reason: z.enum(['exists', 'queued', 'missing_metric', 'daily_cap']),
          message: z.string(),
        }),
      ),
      caps: CreationCapsSchema,
    }),
  },
} as const;
