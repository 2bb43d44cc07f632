import { z } from 'zod';
import { ClientNameSchema } from '../../../shared/contract/workspaces';

/** Per-workspace settings (PRODUCT E3), stored as JSON on the workspace row. Unknown keys are dropped. */
export const WorkspaceSettingsSchema = z.object({
  /** include this workspace in the daily sync and "Sync all" */
  autoSync: z.boolean().default(true),
  /** a sync stops (partial_or_timeout) after this many minutes */
  deadlineMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  /** only for workspaces on the simulator: its time scale, so our pacing matches its shortened windows */
  timeScale: z.number().min(1).max(100_000).default(1),
  /** resources to skip (e.g. when the key is known to lack a scope) */
  skipResources: z.array(z.string().min(1).max(64)).max(50).default([]),
  /** between full syncs, syncs list only what changed; a full one runs at least this often */
  fullSyncEveryDays: z.number().int().min(1).max(365).default(7),
  /** an incremental sync reads again what changed this long before its cursor (same-second and late writes) */
  lookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(60),
  /** the client's name as reports print it ("Acme Ltd"); null: the workspace's own name */
  clientName: ClientNameSchema.nullable().default(null),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

// Written out without defaults: zod 4 applies defaults inside .partial(), which would reset untouched settings.
export const WorkspaceSettingsPatchSchema = z.strictObject({
  autoSync: z.boolean().optional(),
  deadlineMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
  timeScale: z.number().min(1).max(100_000).optional(),
  skipResources: z.array(z.string().min(1).max(64)).max(50).optional(),
  fullSyncEveryDays: z.number().int().min(1).max(365).optional(),
  lookbackMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .optional(),
  clientName: ClientNameSchema.nullable().optional(),
});
export type WorkspaceSettingsPatch = z.infer<typeof WorkspaceSettingsPatchSchema>;

export function parseSettings(json: string | null | undefined): WorkspaceSettings {
  try {
    const r = WorkspaceSettingsSchema.safeParse(JSON.parse(json || '{}'));
    return r.success ? r.data : WorkspaceSettingsSchema.parse({});
  } catch {
    return WorkspaceSettingsSchema.parse({});
  }
}
