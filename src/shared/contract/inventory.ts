import { z } from 'zod';
import {
  CampaignChannelSchema,
  IdSchema,
  IsoDateSchema,
  ItemIdSchema,
  KlaviyoDateTimeSchema,
  KlaviyoTextSchema,
  LIMITS,
  OffsetSchema,
  ResourceTypeSchema,
  ScalarSchema,
  SearchSchema,
  SortDirectionSchema,
} from './primitives';
import { PendingOverlaySchema } from './outbox';

const FilterValueSchema = z.string().trim().min(1).max(64);

/** One row of the inventory table: the typed columns the app filters and sorts on. */
export const InventoryRowSchema = z.object({
  id: z.string(),
  type: ResourceTypeSchema,
  name: z.string().nullable(),
  status: z.string().nullable(),
  channel: z.string().nullable(),
  triggerType: z.string().nullable(),
  archived: z.boolean().nullable(),
  createdAt: KlaviyoDateTimeSchema.nullable(),
  updatedAt: KlaviyoDateTimeSchema.nullable(),
  /** content hash of the current version (C1) */
  versionHash: z.string(),
  /** a few type-specific columns (e.g. send time, profile count, parent flow) */
  extra: z.record(z.string(), ScalarSchema),
  /** changes queued for Klaviyo that make the local value differ from the synced one (list rows only) */
  pending: PendingOverlaySchema.nullable().optional(),
});
export type InventoryRow = z.infer<typeof InventoryRowSchema>;

/** A row of `inventory:list`: with `includeRemoved`, when it was found gone; with `raw`, its JSON as served. */
export const InventoryListRowSchema = InventoryRowSchema.extend({
  /** when a complete sync no longer found it (null while it exists); only with `includeRemoved` */
  removedAt: IsoDateSchema.nullable().optional(),
  attributes: z.record(z.string(), z.unknown()).optional(),
  relationships: z.record(z.string(), z.unknown()).optional(),
});
export type InventoryListRow = z.infer<typeof InventoryListRowSchema>;

export const inventorySortFields = ['name', 'status', 'channel', 'triggerType', 'createdAt', 'updatedAt'] as const;

/**
 * What a flow step does, without words: the renderer turns `key` + `params` into a sentence in the user's
 * language, so the service never picks a language. Params carry Klaviyo's own data (names, ids, types), shown
 * as they are, and `count`, which chooses the plural form.
 */
export const flowStepLabelKeys = [
  // `id`: the list, segment or metric; the renderer looks its name up in the local inventory
  'triggerList',
  'triggerSegment',
  'triggerMetric',
  // `property`: the profile property (or custom-object field) holding the date
  'triggerDate',
  'triggerPriceDrop',
  'triggerLowInventory',
  // `type`: a trigger type this app has no words for yet, as Klaviyo spells it
  'triggerOther',
  // `count` of the unit
  'delayMinutes',
  'delayHours',
  'delayDays',
  // `value`, `unit` as Klaviyo gave them, when they are not a whole number of a known unit
  'delayOther',
  // date-triggered flows: wait until `count` units before the profile's date, or `value` `unit` as given
  'countdownDays',
  'countdownWeeks',
  'countdownMonths',
  'countdownOther',
  // wait for a day of the week and time; `time` as Klaviyo gave it, when there is one
  'targetDate',
  'targetDateAt',
  'backInStockDelay',
  // the …Named variants carry the message's `name`
  'sendEmail',
  'sendEmailNamed',
  'sendSms',
  'sendSmsNamed',
  'sendPush',
  'sendPushNamed',
  'sendWhatsApp',
  'sendWhatsAppNamed',
  'sendInternalAlert',
  'sendInternalAlertNamed',
  'webhook',
  'conditionalSplit',
  'triggerSplit',
  // split on a previous step's outcome
  'actionOutputSplit',
  // `count` of branches; the named variant also carries the split's `name`
  'multiBranchSplit',
  'multiBranchSplitNamed',
  'code',
  'internalService',
  'abTest',
  'updateProfile',
  'updateList',
  // `type`: an action type this app has no words for yet, as Klaviyo spells it
  'other',
] as const;

export const FlowStepLabelSchema = z.object({
  key: z.enum(flowStepLabelKeys),
  params: z.record(z.string(), z.union([KlaviyoTextSchema, z.number()])),
});
export type FlowStepLabel = z.infer<typeof FlowStepLabelSchema>;

/** One readable step of a flow definition (trigger, delay, split, send…), in order, with its branch depth. */
export const FlowStepSchema = z.object({
  id: z.string(),
  /** Klaviyo action type, e.g. `send-email`, `time-delay`, `conditional-split`; `trigger` for the flow's triggers */
  type: z.string(),
  label: FlowStepLabelSchema,
  status: z.string().nullable(),
  /** 0 on the main path; +1 inside each branch of a split */
  depth: z.number().int().min(0),
  /** which branch of the parent split this step sits in (`yes` / `no`), if any */
  branch: z.string().nullable(),
  details: z.record(z.string(), ScalarSchema),
  /** the step's status change still queued (the step's own status above is Klaviyo's, as last synced) */
  pending: PendingOverlaySchema.nullable().optional(),
});
export type FlowStep = z.infer<typeof FlowStepSchema>;

export const InventoryDetailSchema = z.object({
  item: InventoryRowSchema,
  /** the full raw attributes exactly as Klaviyo returned them */
  attributes: z.record(z.string(), z.unknown()),
  relationships: z.record(z.string(), z.unknown()),
  firstSeenAt: IsoDateSchema.nullable(),
  lastSeenAt: IsoDateSchema.nullable(),
  /** flows only: the definition as a list of steps (null for other types or when the definition is missing) */
  flowSteps: z.array(FlowStepSchema).nullable(),
  /** children such as a flow's actions and messages or a campaign's messages */
  children: z.array(InventoryRowSchema),
  /**
   * the items this one points at (relationships, campaign audiences, segment conditions, a message's template), each
   * with its type and name as the local inventory knows them, so the drawer names them instead of showing ids
   */
  references: z.array(z.object({ type: ResourceTypeSchema, id: z.string(), name: z.string().nullable() })).default([]),
  /** the account's time zone (IANA), for the drawer's local times; null before the account was synced */
  timezone: z.string().nullable().default(null),
  /** lists and segments: the last known size (asked after the sync) and when Klaviyo gave it; null when unknown */
  size: z
    .object({ count: z.number().int().min(0), observedAt: IsoDateSchema })
    .nullable()
    .default(null),
});
export type InventoryDetail = z.infer<typeof InventoryDetailSchema>;

export const inventoryChannels = {
  'inventory:list': {
    input: z.strictObject({
      workspaceId: IdSchema,
      type: ResourceTypeSchema,
      search: SearchSchema.optional(),
      filters: z
        .strictObject({
          status: z.array(FilterValueSchema).max(LIMITS.listFilter).optional(),
          channel: z.array(CampaignChannelSchema).max(3).optional(),
          triggerType: z.array(FilterValueSchema).max(LIMITS.listFilter).optional(),
          archived: z.boolean().optional(),
        })
        .optional(),
      sort: z
        .strictObject({ field: z.enum(inventorySortFields), direction: SortDirectionSchema.default('asc') })
        .optional(),
      offset: OffsetSchema,
      limit: z.number().int().min(1).max(LIMITS.pageLimit).default(100),
      /** also the items a complete sync no longer found in Klaviyo, each with when it was found gone */
      includeRemoved: z.boolean().default(false),
      /** each row also carries its attributes and relationships exactly as Klaviyo returned them */
      raw: z.boolean().default(false),
    }),
    output: z.object({
      items: z.array(InventoryListRowSchema),
      /** rows matching search + filters, for the virtual list's height */
      total: z.number().int().min(0),
      offset: z.number().int().min(0),
      limit: z.number().int().min(1),
    }),
  },
  /** Distinct values (with counts) for the filter menus of one type. */
  'inventory:facets': {
    input: z.strictObject({ workspaceId: IdSchema, type: ResourceTypeSchema }),
    output: z.object({
      status: z.array(z.object({ value: z.string(), count: z.number().int().min(0) })),
      channel: z.array(z.object({ value: z.string(), count: z.number().int().min(0) })),
      triggerType: z.array(z.object({ value: z.string(), count: z.number().int().min(0) })),
      archived: z.object({ true: z.number().int().min(0), false: z.number().int().min(0) }),
    }),
  },
  'inventory:get': {
    input: z.strictObject({ workspaceId: IdSchema, type: ResourceTypeSchema, id: ItemIdSchema }),
    output: InventoryDetailSchema,
  },
} as const;
