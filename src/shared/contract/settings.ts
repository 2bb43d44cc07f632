import { z } from 'zod';
import { LIMITS } from './primitives';

/** "HH:MM", 24-hour local wall-clock time. */
export const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24 h)');

export const SettingsSchema = z.object({
  dailySync: z.object({ enabled: z.boolean(), time: TimeOfDaySchema }),
  startAtLogin: z.boolean(),
  notifications: z.boolean(),
  /** folder holding the database and exports; a change takes effect after a restart */
  dataDir: z.string(),
  /** dataDir differs from the folder the running app uses */
  restartRequired: z.boolean(),
  locale: z.enum(['system', 'en', 'pl']),
  theme: z.enum(['system', 'light', 'dark']),
  /** how long the runs' snapshots are kept: runs younger than `days` and the newest `runs` (null: no such limit) */
  snapshotRetention: z.object({ days: z.number().int().min(1).nullable(), runs: z.number().int().min(1).nullable() }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export const SettingsPatchSchema = z.strictObject({
  dailySync: z.strictObject({ enabled: z.boolean().optional(), time: TimeOfDaySchema.optional() }).optional(),
  startAtLogin: z.boolean().optional(),
  notifications: z.boolean().optional(),
  dataDir: z
    .string()
    .trim()
    .min(1)
    .max(LIMITS.path)
    // absolute POSIX or Windows path; relative paths would depend on the working directory
    .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)/, 'must be an absolute path')
    .optional(),
  locale: z.enum(['system', 'en', 'pl']).optional(),
  theme: z.enum(['system', 'light', 'dark']).optional(),
  snapshotRetention: z
    .strictObject({
      days: z.number().int().min(1).max(36_500).nullable().optional(),
      runs: z.number().int().min(1).max(1_000_000).nullable().optional(),
    })
    .optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const settingsChannels = {
  'settings:get': { input: z.strictObject({}).default({}), output: SettingsSchema },
  'settings:update': { input: SettingsPatchSchema, output: SettingsSchema },
} as const;
