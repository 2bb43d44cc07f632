export { SyncManager, type SyncManagerOptions, type SyncHandle } from './manager';
export { executeRun, type RunContext } from './run';
export { estimateEta, type ChildProgress } from './eta';
export { klaviyoSourceFactory, RESOURCE_DEFINITIONS, type KlaviyoSourceOptions } from './klaviyo-source';
export { toStagedItem, relationshipData } from './extract';
export type * from './source';
export * from './types';
