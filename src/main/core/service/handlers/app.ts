import type { HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

/** Settings and the app itself: what it is, links out, and the update waiting to be installed. */
export function appHandlers(ctx: HandlerContext): HandlersOf<'settings:' | 'app:'> {
  const { deps } = ctx;
  return {
    'settings:get': () => deps.settings.get(),
    'settings:update': (patch) => deps.settings.update(patch),
    'app:info': () => ({
      name: deps.app.name,
      version: deps.app.version,
      mode: deps.mode,
      platform: deps.app.platform,
      packaged: deps.app.packaged,
      dataDir: deps.app.dataDir,
      versions: Object.fromEntries(
        Object.entries(process.versions).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && ['node', 'electron', 'chrome', 'v8'].includes(e[0]),
        ),
      ),
      update: deps.updates?.getState() ?? {
        status: 'disabled',
        version: null,
        waitingForIdle: false,
        lastCheckedAt: null,
        message: deps.mode === 'electron' ? 'no updater' : 'updates are for the desktop app',
      },
    }),
    'app:openExternal': async ({ url }) => ({ opened: deps.openExternal ? await deps.openExternal(url) : false }),
    'app:installUpdate': () => deps.updates?.requestInstall() ?? { scheduled: false },
  };
}
