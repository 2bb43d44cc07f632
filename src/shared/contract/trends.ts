import { z } from 'zod';
import { IdSchema, IsoDateSchema, ItemIdSchema } from './primitives';

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
});
export type TrendPoint = z.infer<typeof TrendPointSchema>;

export const trendsChannels = {
  /** The series of a workspace, or of one item when `item` is given, oldest first. */
  'trends:get': {
    input: z.strictObject({
      workspaceId: IdSchema,
      item: z.strictObject({ type: z.enum(trendSubjectTypes), id: ItemIdSchema }).optional(),
      /** only points from this time on */
      since: z.iso.datetime({ offset: true }).optional(),
    }),
    output: z.object({ points: z.array(TrendPointSchema) }),
  },
} as const;
