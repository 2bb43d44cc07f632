export {
  PRODUCT_NAME,
  DATA_DIR_ENV,
  SETTINGS_FILE,
  userDataDir,
  resolveDataFolder,
  dataDirFlag,
  type DataFolder,
  type ResolveDataFolderOptions,
} from './locations';
export {
  LOCK_FILE,
  acquireDataFolderLock,
  dataFolderHolder,
  inUseMessage,
  processIsAlive,
  type DataFolderLock,
  type LockHolder,
  type AcquireLockOptions,
} from './lock';
export { takeDataFolder, type OwnedDataFolder } from './own';
export { folderBytes } from './folder-bytes';
