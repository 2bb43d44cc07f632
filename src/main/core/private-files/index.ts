export {
  PRIVATE_DIR_MODE,
  PRIVATE_FILE_MODE,
  isWiderThanOwner,
  ensurePrivateDir,
  restrictFileToOwner,
  openPrivateFile,
  createPrivateWriteStream,
  writePrivateFile,
  tightenFolder,
} from './private-files';
