export { encodeSnapshot, decodeSnapshot, GZIP_ABOVE_BYTES, MAX_SNAPSHOT_BYTES } from './snapshot-codec';
export {
  recordPullSnapshot,
  manifestOfRun,
  rebuildRun,
  rewriteAsFull,
  MAX_DELTA_DEPTH,
  type Manifest,
  type RebuiltItem,
} from './pull-snapshot';
export { writeRunsCsv } from './runs-csv';
export { analyseRuns, percentile, type Analytics, type RunFigures, type FailurePattern } from './analytics';
export { healthOf, type Health, type HealthInput } from './health';
export { workspaceHealth } from './health-report';
export { inThreadHistoryRunner, type HistoryJob, type HistoryAnswer, type HistoryRunner } from './jobs';
export { HistoryWorker } from './worker-host';
export { pruneSnapshots, DEFAULT_RETENTION, type RetentionPolicy, type PruneResult } from './retention';
export { recordPushSnapshots, pushSnapshotsOfRun, type PushSnapshot } from './push-snapshot';
