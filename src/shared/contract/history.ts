import { z } from 'zod';
import { IdSchema, IsoDateSchema, LIMITS, RunStateSchema } from './primitives';

/**
 * History analytics and the health report (PRODUCT C3): figures over a window, per workspace and across all
 * clients, and recommendations in words.
 */

export const FailurePatternSchema = z.object({
  /** the error code the runs met (`throttled` also counts runs that met 429s and recovered) */
  code: z.string(),
  /** the scope the key lacked, for `forbidden` */
  scope: z.string().nullable(),
  runs: z.number().int().min(0),
  /** distinct UTC days it happened on */
  days: z.number().int().min(0),
  firstAt: IsoDateSchema,
  lastAt: IsoDateSchema,
  /** the earliest and one past the latest UTC hour of the day those runs started in (13, 15: 13:00–15:00) */
  hourFrom: z.number().int().min(0).max(23),
  hourTo: z.number().int().min(1).max(24),
  /** the pattern in a person's words, in the language asked for */
  text: z.string(),
});

export const RunFiguresSchema = z.object({
  runs: z.number().int().min(0),
  finished: z.number().int().min(0),
  succeeded: z.number().int().min(0),
  failed: z.number().int().min(0),
  partial: z.number().int().min(0),
  /** succeeded ÷ finished runs, 0..1; null without a finished run */
  successRate: z.number().min(0).max(1).nullable(),
  avgDurationMs: z.number().min(0).nullable(),
  p95DurationMs: z.number().min(0).nullable(),
  requests: z.number().int().min(0),
  /** requests Klaviyo answered 429 */
  throttled: z.number().int().min(0),
  patterns: z.array(FailurePatternSchema),
});

/** What the health report advises, with what it is based on. */
export const HealthRecommendationSchema = z.discriminatedUnion('kind', [
  /** the latest syncs failed because Klaviyo refused the key, since the first of them */
  z.object({ kind: z.literal('key_rejected'), since: IsoDateSchema }),
  /** the key lacks a scope, so these resources could not be read since … */
  z.object({
    kind: z.literal('missing_scope'),
    scope: z.string(),
    resources: z.array(z.string()),
    since: IsoDateSchema,
  }),
  /** the account's Reporting API budget ran out on most recent days, around this UTC hour */
  z.object({
    kind: z.literal('reporting_budget'),
    days: z.number().int().min(1),
    hour: z.number().int().min(0).max(23),
  }),
  /** the median duration of complete syncs over the last 30 days is at least twice that of the 30 before */
  z.object({ kind: z.literal('duration_doubled'), beforeMs: z.number().min(0), nowMs: z.number().min(0) }),
  /** no complete sync for this many days (null: never) */
  z.object({ kind: z.literal('stale'), days: z.number().int().min(0).nullable() }),
  /** the latest pushes to Klaviyo did not send every change (items refused, failed or left), since the first of them */
  z.object({
    kind: z.literal('push_failed'),
    since: IsoDateSchema,
    runs: z.number().int().min(1),
    /** the newest such push's error code */
    code: z.string(),
  }),
  /** the queue of changes to Klaviyo is paused (a refused key stops it) until someone resumes it */
  z.object({ kind: z.literal('push_paused'), since: IsoDateSchema, code: z.string() }),
]);
export type RunFigures = z.infer<typeof RunFiguresSchema>;
export type HealthRecommendationData = z.infer<typeof HealthRecommendationSchema>;
export const healthKinds = HealthRecommendationSchema.options.map((o) => o.shape.kind.value);
export type HealthKind = HealthRecommendationData['kind'];

export const WorkspaceHealthSchema = z.object({
  workspaceId: z.string(),
  name: z.string(),
  /** succeeded ÷ finished pull runs of the last 30 days; null without one */
  successRate: z.number().min(0).max(1).nullable(),
  /** succeeded ÷ finished push runs (changes sent to Klaviyo) of the last 30 days; null without one */
  pushSuccessRate: z.number().min(0).max(1).nullable(),
  lastCompleteAt: IsoDateSchema.nullable(),
  /** `good` without a recommendation; `attention` with one */
  state: z.enum(['good', 'attention']),
  recommendations: z.array(HealthRecommendationSchema.and(z.object({ text: z.string() }))),
});
export type WorkspaceHealth = z.infer<typeof WorkspaceHealthSchema>;

const LangSchema = z.enum(['en', 'pl']).default('en');

export const historyChannels = {
  /** Figures over a window (default the last 30 days): across all clients and per client (C3). */
  'history:analytics': {
    input: z.strictObject({
      workspaceId: IdSchema.optional(),
      direction: z.enum(['pull', 'push']).optional(),
      from: z.iso.datetime({ offset: true }).optional(),
      to: z.iso.datetime({ offset: true }).optional(),
      lang: LangSchema,
    }),
    output: z.object({
      from: IsoDateSchema,
      to: IsoDateSchema,
      total: RunFiguresSchema,
      /** the same figures for the runs from Klaviyo (pull) and to Klaviyo (push) apart */
      directions: z.object({ pull: RunFiguresSchema, push: RunFiguresSchema }),
      workspaces: z.array(RunFiguresSchema.extend({ workspaceId: z.string(), name: z.string() })),
    }),
  },
  /** The health report of one client, or of every non-archived one (the overview), with recommendations. */
  'health:get': {
    input: z.strictObject({ workspaceId: IdSchema.optional(), lang: LangSchema }),
    output: z.object({ items: z.array(WorkspaceHealthSchema) }),
  },
  /**
   * Every run that saw (pull) or sent (push) an item, or one version of it (C1): for a push, what was sent and
   * what Klaviyo answered, as the run's snapshot kept it.
   */
  'history:item': {
    input: z.strictObject({
      workspaceId: IdSchema,
      item: z.string().min(1).max(LIMITS.id),
      versionHash: z.string().min(1).max(128).optional(),
    }),
    output: z.object({
      runs: z.array(
        z.object({
          runId: z.string(),
          direction: z.enum(['pull', 'push']),
          status: RunStateSchema,
          startedAt: IsoDateSchema,
          /** pull: the version the run saw; push: the version the change was based on (null when unknown) */
          versionHash: z.string().nullable(),
          /** push: the change as queued, how it ended, Klaviyo's answer and any error */
          sent: z
            .object({
              change: z.string(),
              payload: z.unknown(),
              state: z.string(),
              attempts: z.number().int().min(0),
              answer: z.unknown(),
              error: z.unknown(),
            })
            .nullable(),
        }),
      ),
    }),
  },
  /** What the data folder holds, for the settings: its size on disk and the snapshots kept, oldest first. */
  'history:storage': {
    input: z.strictObject({}).default({}),
    output: z.object({
      dataDir: z.string(),
      /** every file under the data folder: the database and its WAL, logs, exports */
      dataFolderBytes: z.number().int().min(0),
      snapshots: z.number().int().min(0),
      /** the kept snapshots' stored bytes (compressed where they are) */
      snapshotBytes: z.number().int().min(0),
      oldestSnapshotAt: IsoDateSchema.nullable(),
    }),
  },
  /**
   * Prunes the runs' snapshots by the retention setting (or the policy given); the runs' summaries stay and
   * every kept run still rebuilds.
   */
  'history:prune': {
    input: z
      .strictObject({
        days: z.number().int().min(1).max(36_500).nullable().optional(),
        runs: z.number().int().min(1).max(1_000_000).nullable().optional(),
      })
      .default({}),
    output: z.object({
      workspaces: z.number().int().min(0),
      deleted: z.number().int().min(0),
      /** kept delta manifests made whole because their base was pruned */
      rewritten: z.number().int().min(0),
      oldestSnapshotAt: IsoDateSchema.nullable(),
    }),
  },
} as const;
