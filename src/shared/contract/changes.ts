import { z } from 'zod';
import { ExportFileSchema, IdSchema, IsoDateSchema, ItemIdSchema, ResourceTypeSchema } from './primitives';

/**
 * What changed between two syncs of a workspace (PRODUCT B3), computed from the stored versions. Sentences travel
 * as messages (a template key and its parameters) so each screen words them in its own language; the templates
 * live in src/shared/changes.
 */

/** A run id as the contract spells it (the store's integer, as text). */
export const RunIdSchema = z.string().regex(/^[1-9][0-9]{0,14}$/, 'invalid run id');

export const changeKinds = ['added', 'removed', 'modified'] as const;
export const ChangeKindSchema = z.enum(changeKinds);
export type ChangeKind = z.infer<typeof ChangeKindSchema>;

export const durationUnits = ['minutes', 'hours', 'days', 'weeks'] as const;
/** A delay as Klaviyo gives it (1 day, 4 hours); the screen words the unit in its language. */
export const DurationSchema = z.object({ amount: z.number(), unit: z.enum(durationUnits) });
export type Duration = z.infer<typeof DurationSchema>;

export const changeMessageKeys = [
  // {type} {name}
  'added',
  'removed',
  // {type} {name} {from} {to}: Klaviyo's own status words
  'status',
  // {type} {from} {to}
  'renamed',
  'archived',
  'unarchived',
  // {type} {name} {delta}: "+VIP −Newsletter" (names of lists and segments, signed)
  'audience',
  // {type} {name} {delta}: lists and segments excluded from the audience, signed
  'excluded',
  // {type} {name} {delta}: tags added and removed, signed
  'tags',
  // {type} {name}: the subject line of an email changed
  'subject',
  // {type} {name} {from} {to} (profile counts)
  'profileCount',
  // flow definitions, actions compared by id. {name} the flow, {step} its 1-based position, {action} Klaviyo's type
  'stepAdded',
  'stepRemoved',
  // {name} {step} {from} {to}: durations
  'stepDelay',
  // {name} {step} {from} {to}: the message's status
  'stepStatus',
  // {name} {step} {message}: the step's email subject
  'stepSubject',
  // {name} {step}: something else in the step changed
  'stepChanged',
  // {name} flow's trigger or entry filter changed
  'triggerChanged',
  'filterChanged',
  // {type} {name} {count} {fields}: any other field, by Klaviyo's key
  'fields',
  // {type} {name}: only timestamps moved
  'onlyTimestamps',
] as const;
export const ChangeMessageKeySchema = z.enum(changeMessageKeys);

export const ChangeParamSchema = z.union([z.string().max(10_000), z.number(), DurationSchema]);
export const ChangeMessageSchema = z.object({
  key: ChangeMessageKeySchema,
  params: z.record(z.string(), ChangeParamSchema),
});
export type ChangeMessage = z.infer<typeof ChangeMessageSchema>;
export type ChangeParams = ChangeMessage['params'];

/** One field that differs, by its path in Klaviyo's attributes (or `relationships.…`), values as JSON text. */
export const FieldChangeSchema = z.object({
  path: z.string(),
  before: z.string().nullable(),
  after: z.string().nullable(),
  /** a timestamp that only moved: left out of the summary, shown in the detail */
  noise: z.boolean(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

export const ItemChangeSchema = z.object({
  type: ResourceTypeSchema,
  id: z.string(),
  name: z.string().nullable(),
  kind: ChangeKindSchema,
  /** the parent (a campaign message's campaign, a flow action's flow) when there is one */
  parent: z.object({ type: z.string(), id: z.string(), name: z.string().nullable() }).nullable(),
  /** the sentences, most important first; empty only when nothing but noise changed */
  summary: z.array(ChangeMessageSchema),
  /** every field that differs, noise included */
  fields: z.array(FieldChangeSchema),
  /** only timestamps moved: not counted as a change */
  noiseOnly: z.boolean(),
});
export type ItemChange = z.infer<typeof ItemChangeSchema>;

export const ChangeCountsSchema = z.object({
  added: z.number().int().min(0),
  removed: z.number().int().min(0),
  modified: z.number().int().min(0),
  /** items whose timestamps moved and nothing else */
  touched: z.number().int().min(0),
});
export type ChangeCounts = z.infer<typeof ChangeCountsSchema>;

export const ChangeRunSchema = z.object({ runId: z.string(), startedAt: IsoDateSchema, status: z.string() });

export const ChangeSetSchema = z.object({
  workspaceId: z.string(),
  /** null when the workspace has fewer than two complete syncs */
  from: ChangeRunSchema.nullable(),
  to: ChangeRunSchema.nullable(),
  /** per resource, over the whole change set (before the resource/kind filter) */
  counts: z.partialRecord(ResourceTypeSchema, ChangeCountsSchema),
  total: z.number().int().min(0),
  /** resources that either run did not read completely: their items are neither added nor removed, only modified */
  incomplete: z.array(z.string()),
  items: z.array(ItemChangeSchema),
  /** more items matched than `limit` */
  truncated: z.boolean(),
});
export type ChangeSet = z.infer<typeof ChangeSetSchema>;

export const ItemVersionSchema = z.object({
  versionHash: z.string(),
  firstRunId: z.string(),
  lastRunId: z.string(),
  /** when the first and the last run of the span started */
  firstSeenAt: IsoDateSchema.nullable(),
  lastSeenAt: IsoDateSchema.nullable(),
  attributes: z.record(z.string(), z.unknown()),
  relationships: z.record(z.string(), z.unknown()),
  /** against the version before it (empty for the first) */
  summary: z.array(ChangeMessageSchema),
  fields: z.array(FieldChangeSchema),
});
export type ItemVersion = z.infer<typeof ItemVersionSchema>;

const ChangeSelectionSchema = {
  workspaceId: IdSchema,
  /** default: the last two complete (ok) syncs */
  fromRunId: RunIdSchema.optional(),
  toRunId: RunIdSchema.optional(),
  resource: ResourceTypeSchema.optional(),
  kind: ChangeKindSchema.optional(),
};

export const changesChannels = {
  'changes:between': {
    input: z.strictObject({
      ...ChangeSelectionSchema,
      /** also list the items whose timestamps only moved */
      includeTouched: z.boolean().default(false),
      limit: z.number().int().min(1).max(20_000).default(2000),
    }),
    output: ChangeSetSchema,
  },
  /** Every stored version of one item, newest first, each with its diff against the one before. */
  'changes:itemVersions': {
    input: z.strictObject({ workspaceId: IdSchema, type: ResourceTypeSchema, id: ItemIdSchema }),
    output: z.object({ type: ResourceTypeSchema, id: z.string(), versions: z.array(ItemVersionSchema) }),
  },
  /** A change set as a CSV file, words in the chosen language, through the app's export target. */
  'changes:export': {
    input: z.strictObject({ ...ChangeSelectionSchema, lang: z.enum(['en', 'pl']).default('en') }),
    output: ExportFileSchema,
  },
} as const;
