export { UpdateService, SIX_HOURS } from './update-service';
export type { Updater, UpdateServiceOptions } from './update-service';
