import { z } from 'zod';
import { ErrorEnvelopeSchema } from '../errors';
import {
  ApiKeySchema,
  BaseUrlSchema,
  IdSchema,
  IsoDateSchema,
  NameSchema,
  ResourceTypeSchema,
  RunStateSchema,
  SyncTriggerSchema,
} from './primitives';

/** What a live check of a key found (E2). The key itself is never part of any output. */
export const KeyCheckSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  scopes: z.array(z.string()),
  /** read scopes the inventory needs that this key lacks: those resources will sync as `forbidden` */
  missingScopes: z.array(z.string()),
  /** write scopes the outbox needs (tags, flow status, imports) that the key has */
  writeScopes: z.array(z.string()),
  /** write scopes the key lacks: changes that need them are refused by Klaviyo and pause the queue */
  missingWriteScopes: z.array(z.string()),
  /** write scopes the check could not tell (its probe failed for another reason, or another scope hid it) */
  unknownWriteScopes: z.array(z.string()),
});
export type KeyCheck = z.infer<typeof KeyCheckSchema>;

/** The last run as the overview shows it (time, status, requestId). */
export const LastRunSchema = z.object({
  runId: z.string(),
  requestId: z.string(),
  trigger: SyncTriggerSchema,
  status: RunStateSchema,
  startedAt: IsoDateSchema,
  finishedAt: IsoDateSchema.nullable(),
  error: ErrorEnvelopeSchema.nullable(),
});
export type LastRun = z.infer<typeof LastRunSchema>;

/** The client's name as its reports print it (cover, footers, file names), e.g. "Acme Ltd". */
export const ClientNameSchema = z.string().trim().max(120, 'The client name is longer than 120 characters.');

export const WorkspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** the client's display name on reports, when set apart from the workspace's own (internal) name */
  clientName: z.string().nullable().optional(),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  baseUrl: z.string(),
  archived: z.boolean(),
  /** served by the bundled simulator (E6) */
  isDemo: z.boolean(),
  createdAt: IsoDateSchema,
  /** scopes the key had when last checked */
  scopes: z.array(z.string()),
  lastRun: LastRunSchema.nullable(),
  /** last run that completed with `ok`, for "last synced" and staleness */
  lastOkAt: IsoDateSchema.nullable(),
  /** no successful sync in the last 24 h (or never) */
  stale: z.boolean(),
  /** a sync of this workspace is running right now */
  syncing: z.boolean(),
  itemCounts: z.partialRecord(ResourceTypeSchema, z.number().int().min(0)),
  totalItems: z.number().int().min(0),
  /** items added, removed or modified between the last two complete syncs; null before the second one */
  changesSinceLastSync: z.number().int().min(0).nullable().optional(),
});
export type Workspace = z.infer<typeof WorkspaceSchema>;

export const WorkspaceRefSchema = z.strictObject({ workspaceId: IdSchema });

export const workspacesChannels = {
  'workspaces:list': {
    input: z.strictObject({ includeArchived: z.boolean().default(false) }).default({ includeArchived: false }),
    output: z.array(WorkspaceSchema),
  },
  'workspaces:get': {
    input: WorkspaceRefSchema,
    output: WorkspaceSchema,
  },
  /** Checks the key live first; nothing is stored when the check fails. */
  'workspaces:add': {
    input: z.strictObject({
      name: NameSchema,
      apiKey: ApiKeySchema,
      baseUrl: BaseUrlSchema.optional(),
      /** only for a simulator started with a time scale: its rate-limit windows are this many times shorter */
      timeScale: z.number().min(1).max(10_000).optional(),
    }),
    output: z.object({ workspace: WorkspaceSchema, check: KeyCheckSchema }),
  },
  'workspaces:checkKey': {
    input: z.strictObject({ apiKey: ApiKeySchema, baseUrl: BaseUrlSchema.optional() }),
    output: KeyCheckSchema,
  },
  /** Replaces the key of a workspace (after `failed_auth`); checked live, must belong to the same account. */
  'workspaces:setKey': {
    input: z.strictObject({ workspaceId: IdSchema, apiKey: ApiKeySchema }),
    output: z.object({ workspace: WorkspaceSchema, check: KeyCheckSchema }),
  },
  'workspaces:rename': {
    input: z.strictObject({ workspaceId: IdSchema, name: NameSchema }),
    output: WorkspaceSchema,
  },
  /** The client's display name on reports; an empty or null name returns to the workspace's own. */
  'workspaces:setClientName': {
    input: z.strictObject({ workspaceId: IdSchema, clientName: ClientNameSchema.nullable() }),
    output: WorkspaceSchema,
  },
  'workspaces:archive': {
    input: z.strictObject({ workspaceId: IdSchema, archived: z.boolean() }),
    output: WorkspaceSchema,
  },
  /** Removes the workspace, its inventory and history, and its keychain entry. */
  'workspaces:remove': {
    input: WorkspaceRefSchema,
    output: z.object({ removed: z.literal(true), workspaceId: z.string() }),
  },
  /** Adds "Demo client" on the bundled simulator; returns the existing one if it is already there. */
  'demo:create': {
    input: z.strictObject({}).default({}),
    output: z.object({ workspace: WorkspaceSchema, created: z.boolean() }),
  },
} as const;
