import { z } from 'zod';
import { LIMITS } from './primitives';

export const UpdateStateSchema = z.object({
  status: z.enum(['disabled', 'idle', 'checking', 'available', 'downloading', 'ready', 'error']),
  /** version on offer, when one is */
  version: z.string().nullable(),
  /** a downloaded update waits for the running syncs to finish before it installs */
  waitingForIdle: z.boolean(),
  lastCheckedAt: z.string().nullable(),
  message: z.string().nullable(),
});
export type UpdateState = z.infer<typeof UpdateStateSchema>;

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  /** `electron` (desktop app), `web` (the page over the loopback bridge), `cli` */
  mode: z.enum(['electron', 'web', 'cli']),
  platform: z.string(),
  packaged: z.boolean(),
  dataDir: z.string(),
  versions: z.record(z.string(), z.string()),
  update: UpdateStateSchema,
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Only https links (Klaviyo docs, help pages) may leave the app, and the shell vets them again. */
export const ExternalUrlSchema = z
  .string()
  .max(LIMITS.url)
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'only https links can be opened');

export const appChannels = {
  'app:info': { input: z.strictObject({}).default({}), output: AppInfoSchema },
  'app:openExternal': {
    input: z.strictObject({ url: ExternalUrlSchema }),
    output: z.object({ opened: z.boolean() }),
  },
  /** Installs a downloaded update now (asks to restart); refused with `busy` while a sync runs. */
  'app:installUpdate': { input: z.strictObject({}).default({}), output: z.object({ scheduled: z.boolean() }) },
} as const;
