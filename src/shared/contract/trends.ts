import { z } from 'zod';
import { ExportFileSchema, IdSchema, IsoDateSchema, ItemIdSchema } from './primitives';

/**
 * Trends (PRODUCT B5): figures captured at every sync — list and segment sizes, flow statuses, live flows and
 * messages, failing findings by severity, the score — read back as series, per workspace or per item.
 */

/** Items that carry a trend of their own. */
export const trendSubjectTypes = ['lists', 'segments', 'flows'] as const;

export const TrendPointSchema = z.object({
  /** the sync run that captured it */
  runId: z.string().nullable(),
  at: IsoDateSchema,
  /** `score`, `findings.<severity>`, `flows.live`, `messages.live`, `flows.status.<status>`, `profile_count`, `status` */
  metric: z.string(),
  value: z.number().nullable(),
  /** a state rather than a number (a flow's status) */
  label: z.string().nullable(),
  /** the item the point belongs to (null: the whole workspace), named as the inventory names it now */
  subject: z.object({ type: z.enum(trendSubjectTypes), id: ItemIdSchema, name: z.string().nullable() }).nullable(),
});
export type TrendPoint = z.infer<typeof TrendPointSchema>;

/** Which points: a workspace's own, with every item's too (`items`), or one item's. */
const TrendSelection = {
  workspaceId: IdSchema,
  item: z.strictObject({ type: z.enum(trendSubjectTypes), id: ItemIdSchema }).optional(),
  /** the workspace's figures and every item's (list and segment sizes, each flow's status) */
  items: z.boolean().default(false),
  /** only points from this time on */
  since: z.iso.datetime({ offset: true }).optional(),
};
export type TrendSelection = z.output<z.ZodObject<typeof TrendSelection>>;

export const trendsChannels = {
  /** The series of a workspace, or of one item when `item` is given, oldest first. */
  'trends:get': {
    input: z.strictObject(TrendSelection),
    output: z.object({ points: z.array(TrendPointSchema) }),
  },
  /** The same points as CSV, one row per point, in the chosen language. */
  'trends:export': {
    input: z.strictObject({ ...TrendSelection, lang: z.enum(['en', 'pl']).default('en') }),
    output: ExportFileSchema,
  },
} as const;
