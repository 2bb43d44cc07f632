/**
 * List and segment sizes (`profile_count`): asked after a sync, on their own stricter limit and per-run cap, only
 * where a size can have changed; kept apart from the inventory's versions and carried into the run's trend points.
 */
export { planSizes, SIZES_PER_RUN, SIZE_MAX_AGE_MS, type SizedItem, type SizePlan } from './plan';
export { refreshSizes, type SizeRefreshOptions, type SizeRefreshResult } from './refresh';
export { refreshWorkspaceSizes, type WorkspaceSizesOptions } from './workspace';
