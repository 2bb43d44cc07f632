export { ChangesTab } from './ChangesTab';
export { VersionHistory } from './VersionHistory';
export { ChangeGroups, IncompleteNote } from './ChangeGroups';
