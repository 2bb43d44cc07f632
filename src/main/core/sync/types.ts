import { z } from 'zod';
import type { ErrorEnvelope } from '../../../shared/errors';
import {
  SyncTriggerSchema,
  type ResourceRunStatus as ResourceStatus,
  type RunStatus,
  type SyncTrigger,
} from '../../../shared/contract/primitives';

// The run vocabulary is the contract's: the sync domain speaks it, the service passes it through unchanged.
export { SyncTriggerSchema, type SyncTrigger, type RunStatus, type ResourceStatus };

/** Input of SyncManager.start (zod-typed so the service and the CLI can validate what they pass). */
export const StartSyncInputSchema = z.strictObject({
  workspaceId: z.string().min(1).max(64),
  trigger: SyncTriggerSchema.default('manual'),
  /** ms from the start after which unfinished resources stop and the run ends partial_or_timeout */
  deadlineMs: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 3600_000)
    .optional(),
  /** 'join' (default): a second start of a running workspace returns the running run; 'busy': refuse */
  ifRunning: z.enum(['join', 'busy']).default('join'),
  /** ignore the checkpoint of a previous partial run and list everything */
  fresh: z.boolean().default(false),
  /** list every resource whole (a full sync), not only what changed since the last sync */
  full: z.boolean().default(false),
  /** only these resources (others are left alone and not marked removed); default all */
  resources: z.array(z.string().min(1).max(64)).max(50).optional(),
});
export type StartSyncInput = z.input<typeof StartSyncInputSchema>;

export type ResourceFigures = {
  resource: string;
  status: ResourceStatus;
  complete: boolean;
  note: string | null;
  pages: number;
  itemsSeen: number;
  itemsAdded: number;
  itemsChanged: number;
  itemsUnchanged: number;
  itemsRemoved: number;
  requests: number;
  /** the requests per Klaviyo operation (which calls the resource cost) */
  requestsByOperation: Record<string, number>;
  throttled: number;
  throttledMs: number;
  durationMs: number;
  startedAt: number | null;
  finishedAt: number | null;
  missingScopes: string[];
  error: ErrorEnvelope | null;
  cursor: string | null;
  /** items expected (from the previous run), for progress bars */
  expectedItems: number | null;
};

/** the figures a run sums over its resources */
export const totalledFigures = [
  'pages',
  'itemsSeen',
  'itemsAdded',
  'itemsChanged',
  'itemsUnchanged',
  'itemsRemoved',
  'requests',
  'throttled',
  'throttledMs',
] as const;
export type TotalledFigure = (typeof totalledFigures)[number];

export type SyncProgressEvent = {
  workspaceId: string;
  runId: number;
  requestId: string;
  trigger: SyncTrigger;
  startedAt: number;
  phase: 'listing' | 'merging' | 'done';
  current: string | null;
  resources: ResourceFigures[];
  requests: number;
  throttledWaits: number;
  itemsSeen: number;
  /** remaining time from what is left and each resource's rate limit; null while unknown */
  etaMs: number | null;
};

export type SyncResult = {
  workspaceId: string;
  runId: number;
  requestId: string;
  trigger: SyncTrigger;
  status: RunStatus;
  startedAt: number;
  finishedAt: number;
  error: ErrorEnvelope | null;
  resumedFromRunId: number | null;
  resources: ResourceFigures[];
  /** the resources' figures summed */
  totals: Pick<ResourceFigures, TotalledFigure>;
};

/** What a retry resumes from: the runs whose merged data counts as "seen", and each resource's state. */
export const CheckpointSchema = z.object({
  version: z.literal(1),
  /** this run and the runs it resumed, oldest first */
  chain: z.array(z.number().int()),
  resources: z.record(
    z.string(),
    z.object({ complete: z.boolean(), cursor: z.string().nullable(), listed: z.boolean() }),
  ),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** how a run lists one resource incrementally: by an id listing from a cursor, or following changed parents */
export type ResourcePlan = { mode: 'ids'; cursorMs: number } | { mode: 'follow' };
