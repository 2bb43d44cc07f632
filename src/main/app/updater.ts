import electronUpdater from 'electron-updater';
import { UpdateService, type Updater, type UpdateServiceOptions } from '../core/updates';

/**
 * electron-updater's `autoUpdater` behind the UpdateService policy. The feed is the `publish` entry of
 * electron-builder.yml (generic provider), written into the package as app-update.yml at build time.
 * Off for unpackaged runs and when AUDIT_DESK_DISABLE_UPDATES=1; on Linux only the AppImage can replace itself.
 */
export function createUpdateService(
  opts: Omit<UpdateServiceOptions, 'updater' | 'disabledReason'> & { env?: NodeJS.ProcessEnv },
) {
  const env = opts.env ?? process.env;
  const disabledReason =
    env.AUDIT_DESK_DISABLE_UPDATES === '1'
      ? 'disabled by AUDIT_DESK_DISABLE_UPDATES'
      : opts.platform === 'linux' && !env.APPIMAGE
        ? 'updates on Linux come with the AppImage (use your package manager for the .deb)'
        : null;
  const updater = opts.packaged ? (electronUpdater.autoUpdater as unknown as Updater) : null;
  return new UpdateService({ ...opts, updater, disabledReason });
}
