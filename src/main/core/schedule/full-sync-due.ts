const DAY_MS = 86_400_000;

export type FullSyncInput = {
  now: number;
  /** start of the workspace's last complete full sync (epoch ms), null if it never had one */
  lastFullSyncAt: number | null;
  /** the workspace's setting: a full sync at least this often */
  everyDays: number;
  /** the user asked for one ("Full sync", `sync --full`) */
  requested: boolean;
};

export type FullSyncDecision = { full: boolean; reason: 'requested' | 'never' | 'scheduled' | 'clock' | 'incremental' };

/**
 * Whether a sync lists everything again or goes incrementally, as a pure function of the clock, the setting and
 * the last full sync. Incremental syncs trust their cursors; a periodic full sync (weekly by default) is the
 * safety net for anything an update time never told (a write that kept its timestamp, a server-side bug). A last
 * full sync that seems to lie in the future means the clock moved: a full one then too.
 */
export function isFullSyncDue(input: FullSyncInput): FullSyncDecision {
  if (input.requested) return { full: true, reason: 'requested' };
  if (input.lastFullSyncAt === null) return { full: true, reason: 'never' };
  if (input.lastFullSyncAt > input.now) return { full: true, reason: 'clock' };
  if (input.now - input.lastFullSyncAt >= input.everyDays * DAY_MS) return { full: true, reason: 'scheduled' };
  return { full: false, reason: 'incremental' };
}
