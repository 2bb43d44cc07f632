import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { requireSecret, type SecretStore } from '../secrets';
import type { Store } from '../store';
import { parseSettings } from '../workspaces';
import { refreshSizes, type SizeRefreshOptions, type SizeRefreshResult } from './refresh';

export type WorkspaceSizesOptions = {
  store: Store;
  secrets: SecretStore;
  workspaceId: string;
  syncRunId: number;
  now?: () => number;
  requestId?: string;
} & Pick<SizeRefreshOptions, 'cap' | 'maxAgeMs' | 'signal' | 'fetch'>;

/** Refreshes one workspace's sizes after a sync run, with the key from the keychain and the workspace's time scale. */
export async function refreshWorkspaceSizes(o: WorkspaceSizesOptions): Promise<SizeRefreshResult> {
  const ws = o.store.workspaces.get(o.workspaceId);
  if (!ws) throw new AppError('not_found', 'No such workspace.', { details: { workspaceId: o.workspaceId } });
  const requestId = o.requestId ?? randomUUID();
  const apiKey = await requireSecret(o.secrets, ws.secretRef, requestId);
  const { store, secrets: _secrets, ...rest } = o;
  return refreshSizes({
    ...rest,
    store,
    baseUrl: ws.baseUrl,
    apiKey,
    requestId,
    timeScale: parseSettings(ws.settingsJson).timeScale,
  });
}
