import { refreshWorkspaceSizes } from '../sizes';
import { captureSizes } from '../trends';
import type { Logger } from '../log';
import type { SecretStore } from '../secrets';
import type { Store } from '../store';
import type { SizesPort } from './ports';

/** The sizes domain behind the service's port: a failure is logged and answered, never thrown into the sync's end. */
export function sizesPort(opts: { store: Store; secrets: SecretStore; logger: Logger; now: () => number }): SizesPort {
  return {
    async afterSync(workspaceId, syncRunId, pointsAt, signal) {
      try {
        const r = await refreshWorkspaceSizes({
          store: opts.store,
          secrets: opts.secrets,
          workspaceId,
          syncRunId,
          now: opts.now,
          signal,
        });
        // the run's size points: the fresh sizes and the carried ones, at the run's end like its other points
        captureSizes(opts.store, workspaceId, syncRunId, pointsAt);
        opts.logger.info('list and segment sizes refreshed', { workspaceId, syncRunId, ...r, error: r.error?.code });
        const { error: _error, ...done } = r;
        return done;
      } catch (err) {
        // no key in the keychain, the workspace removed meanwhile: the sizes stay as they were
        opts.logger.warn('size refresh failed', { workspaceId, syncRunId, error: (err as Error).message });
        return null;
      }
    },
  };
}
