export { isDailySyncDue, FUTURE_ATTEMPT_TOLERANCE_MS } from './is-daily-sync-due';
export type { DailySyncInput, DailySyncDecision, DailyRunLike } from './is-daily-sync-due';
export { DailyScheduler, fileAttemptStore, memoryAttemptStore } from './daily-scheduler';
export type { ScheduleTrigger, AttemptStore, DailySchedulerOptions } from './daily-scheduler';
export { instantOf, wallClock, systemTimeZone } from './wall-clock';
export { startDailySyncs, type DailyStarter } from './daily-run';
export { isFullSyncDue, type FullSyncInput, type FullSyncDecision } from './full-sync-due';
