export { encodeSnapshot, decodeSnapshot, GZIP_ABOVE_BYTES, MAX_SNAPSHOT_BYTES } from './snapshot-codec';
export {
  recordPullSnapshot,
  manifestOfRun,
  rebuildRun,
  MAX_DELTA_DEPTH,
  type Manifest,
  type RebuiltItem,
} from './pull-snapshot';
export { writeRunsCsv } from './runs-csv';
