export { SyncManager, type SyncManagerOptions, type SyncHandle } from './manager';
export { executeRun, estimateEta, type RunContext } from './engine';
export { klaviyoSourceFactory, RESOURCE_DEFINITIONS, type KlaviyoSourceOptions } from './klaviyo-source';
export { toStagedItem, relationshipData } from './extract';
export type * from './source';
export * from './types';
