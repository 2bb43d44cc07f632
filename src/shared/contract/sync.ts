import { z } from 'zod';
import { ErrorEnvelopeSchema } from '../errors';
import {
  ExportFileSchema,
  IdSchema,
  IsoDateSchema,
  LIMITS,
  OffsetSchema,
  ResourceRunStatusSchema,
  ResourceTypeSchema,
  RunOutcomeSchema,
  RunSortFieldSchema,
  RunStateSchema,
  RunStatusSchema,
  SortDirectionSchema,
  SyncTriggerSchema,
} from './primitives';
import { LastRunSchema } from './workspaces';

/** Per-resource figures of one run (PRODUCT A2, "Sync runs"). */
export const ResourceRunSchema = z.object({
  resource: z.string(),
  status: ResourceRunStatusSchema,
  pages: z.number().int().min(0),
  itemsAdded: z.number().int().min(0),
  itemsChanged: z.number().int().min(0),
  itemsUnchanged: z.number().int().min(0),
  itemsRemoved: z.number().int().min(0),
  requests: z.number().int().min(0),
  /** the requests per Klaviyo operation: which calls the resource cost in this run (the request plan) */
  requestsByOperation: z.record(z.string(), z.number().int().min(0)),
  throttled: z.number().int().min(0),
  durationMs: z.number().min(0).nullable(),
  /** set when the key lacks a scope for this resource (status `forbidden`) */
  missingScopes: z.array(z.string()),
  error: ErrorEnvelopeSchema.nullable(),
});
export type ResourceRun = z.infer<typeof ResourceRunSchema>;

/** The lists' and segments' size refresh after a run: asked on their own limit, never part of the run's status. */
export const SizeRefreshSchema = z.object({
  status: z.enum(['running', 'ok', 'partial', 'failed']),
  /** sizes asked of Klaviyo (new, moved, unsized or too old) */
  asked: z.number().int().min(0),
  /** sizes kept from an earlier refresh, each with the time it was observed */
  carried: z.number().int().min(0),
  /** sizes due that the per-run cap (or an error) left for the next refresh */
  remaining: z.number().int().min(0),
  finishedAt: IsoDateSchema.nullable(),
  error: ErrorEnvelopeSchema.nullable(),
});
export type SizeRefresh = z.infer<typeof SizeRefreshSchema>;

export const SyncRunSchema = z.object({
  id: z.string(),
  requestId: z.string(),
  workspaceId: z.string(),
  trigger: SyncTriggerSchema,
  direction: z.enum(['pull', 'push']),
  status: RunStateSchema,
  /** the status in the history's words: success, failure, partial, in progress */
  outcome: RunOutcomeSchema,
  startedAt: IsoDateSchema,
  finishedAt: IsoDateSchema.nullable(),
  durationMs: z.number().min(0).nullable(),
  error: ErrorEnvelopeSchema.nullable(),
  resources: z.array(ResourceRunSchema),
  /** the size refresh that followed the run (null: none) */
  sizes: SizeRefreshSchema.nullable().default(null),
});
export type SyncRun = z.infer<typeof SyncRunSchema>;

/** Live progress of one resource inside a running sync (E7). */
export const ResourceProgressSchema = z.object({
  resource: z.string(),
  status: ResourceRunStatusSchema,
  pages: z.number().int().min(0),
  items: z.number().int().min(0),
  /** expected items when known (e.g. from a previous run), for a progress bar */
  expectedItems: z.number().int().min(0).nullable(),
  requests: z.number().int().min(0),
  throttledWaits: z.number().int().min(0),
});

export const SyncProgressSchema = z.object({
  workspaceId: z.string(),
  runId: z.string(),
  requestId: z.string(),
  trigger: SyncTriggerSchema,
  startedAt: IsoDateSchema,
  /** listing pages from Klaviyo, then saving them into the local inventory (merging), then done */
  phase: z.enum(['listing', 'merging', 'done']),
  /** the resource being fetched now */
  current: z.string().nullable(),
  resources: z.array(ResourceProgressSchema),
  requests: z.number().int().min(0),
  throttledWaits: z.number().int().min(0),
  /**
   * remaining time estimated from the rate limits and what is left; null while unknown (a first sync until its
   * top-level listings end, and while saving)
   */
  etaMs: z.number().min(0).nullable(),
});
export type SyncProgress = z.infer<typeof SyncProgressSchema>;

export const SyncStartResultSchema = z.object({
  workspaceId: z.string(),
  runId: z.string(),
  requestId: z.string(),
  /** a run of that workspace was already going: this call joined it instead of starting another */
  joined: z.boolean(),
});

/** Which runs the history selects, and in which order (C2). */
const RunQueryShape = {
  workspaceId: IdSchema.optional(),
  status: z.array(RunStateSchema).max(8).optional(),
  /** the history's outcomes; combined with `status` when both are given (a run must match both) */
  outcome: z.array(RunOutcomeSchema).max(4).optional(),
  trigger: z.array(SyncTriggerSchema).max(8).optional(),
  direction: z.enum(['pull', 'push']).optional(),
  /** runs that listed this resource */
  resource: ResourceTypeSchema.optional(),
  /** runs that saw (pull) or sent (push) the item with this Klaviyo id */
  item: z.string().min(1).max(LIMITS.id).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  sortBy: RunSortFieldSchema.default('started'),
  sort: SortDirectionSchema.default('desc'),
  offset: OffsetSchema,
  limit: z.number().int().min(1).max(LIMITS.runsPageLimit).default(50),
};

export const syncChannels = {
  /** Starts a run and returns at once; progress and the end arrive as events. */
  'sync:start': {
    input: z.strictObject({
      workspaceId: IdSchema,
      /** who asked: the page (manual, retry), the tray, the daily schedule or the CLI */
      trigger: SyncTriggerSchema.default('manual'),
      /** start from scratch instead of resuming the checkpoint of a recent partial run */
      fresh: z.boolean().default(false),
      /** list everything again instead of only what changed since the last sync ("Full sync") */
      full: z.boolean().default(false),
      /** stop listing after this long and keep what was fetched (the run ends partial_or_timeout) */
      deadlineMs: z
        .number()
        .int()
        .min(1000)
        .max(24 * 3_600_000)
        .optional(),
      /** a run of this workspace is going already: join it (default), or refuse with `busy` */
      ifRunning: z.enum(['join', 'refuse']).default('join'),
    }),
    output: SyncStartResultSchema,
  },
  /** "Sync all": every non-archived workspace. */
  'sync:startAll': {
    input: z.strictObject({}).default({}),
    output: z.object({ started: z.array(SyncStartResultSchema) }),
  },
  'sync:cancel': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: z.object({ cancelled: z.boolean() }),
  },
  'sync:status': {
    input: z.strictObject({ workspaceId: IdSchema }),
    output: z.object({
      workspaceId: z.string(),
      running: SyncProgressSchema.nullable(),
      lastRun: LastRunSchema.nullable(),
      /** every resource's state after the runs so far (last status, when it last completed) */
      resources: z.array(
        z.object({
          resource: z.string(),
          status: ResourceRunStatusSchema.nullable(),
          lastCompletedAt: IsoDateSchema.nullable(),
          items: z.number().int().min(0),
          missingScopes: z.array(z.string()),
        }),
      ),
    }),
  },
  /** History of runs (C2): filter, sort, page. Screens, the bridge and the CLI all ask this one query. */
  'sync:runs': {
    input: z.strictObject(RunQueryShape),
    output: z.object({ items: z.array(SyncRunSchema), total: z.number().int().min(0) }),
  },
  /** The same selection as `sync:runs`, every page of it, as a CSV a person reads (C2). */
  'sync:runsExport': {
    input: z.strictObject({
      ...RunQueryShape,
      offset: OffsetSchema,
      limit: z.number().int().min(1).max(1_000_000).default(1_000_000),
      lang: z.enum(['en', 'pl']).default('en'),
    }),
    output: ExportFileSchema,
  },
  'sync:run': {
    input: z.strictObject({ runId: IdSchema }),
    output: SyncRunSchema,
  },
} as const;

export const SyncFinishedSchema = z.object({
  workspaceId: z.string(),
  runId: z.string(),
  requestId: z.string(),
  trigger: SyncTriggerSchema,
  status: RunStatusSchema,
  finishedAt: IsoDateSchema,
  error: ErrorEnvelopeSchema.nullable(),
});
export type SyncFinished = z.infer<typeof SyncFinishedSchema>;
