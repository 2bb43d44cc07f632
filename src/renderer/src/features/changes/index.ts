export { ChangesTab } from './ChangesTab';
export { VersionHistory } from './VersionHistory';
