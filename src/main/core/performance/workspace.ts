import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { accountKeyFor } from '../klaviyo';
import { requireSecret, type SecretStore } from '../secrets/secret-store';
import type { Store } from '../store';
import { parseSettings } from '../workspaces/workspace-settings';
import { buildAuditInput } from '../audit/run';
import { refreshPerformance, type RefreshResult } from './refresh';

export type WorkspaceRefreshOptions = {
  store: Store;
  secrets: SecretStore;
  workspaceId: string;
  now?: () => number;
  requestId?: string;
  force?: boolean;
  /** the account's daily reporting cap (default 225) */
  dailyCap?: number;
  signal?: AbortSignal;
};

/**
 * Refreshes one workspace's performance figures after a sync, reading what it needs from the store: the key
 * from the keychain, the time scale from the workspace settings, the metrics and which resources the key can
 * read from the latest run. The budget is keyed by the Klaviyo account, so every workspace of one account
 * shares it.
 */
export async function refreshWorkspacePerformance(o: WorkspaceRefreshOptions): Promise<RefreshResult> {
  const ws = o.store.workspaces.get(o.workspaceId);
  if (!ws) throw new AppError('not_found', 'No such workspace.', { details: { workspaceId: o.workspaceId } });
  const requestId = o.requestId ?? randomUUID();
  const apiKey = await requireSecret(o.secrets, ws.secretRef, requestId);
  const settings = parseSettings(ws.settingsJson);
  const now = o.now ?? Date.now;
  const { input } = buildAuditInput(o.store, o.workspaceId, now());
  const usable = (k: 'flows' | 'campaigns' | 'forms' | 'segments' | 'metrics') => input.resources[k]?.status === 'ok';
  return refreshPerformance({
    db: o.store.db,
    workspaceId: o.workspaceId,
    accountKey: ws.klaviyoAccountId ?? accountKeyFor(ws.baseUrl, apiKey),
    baseUrl: ws.baseUrl,
    apiKey,
    requestId,
    timeScale: settings.timeScale,
    now,
    metrics: input.metrics.map((m) => ({ id: m.id, name: String(m.attributes.name ?? '') })),
    resourceUsable: usable,
    ...(o.force ? { force: true } : {}),
    ...(o.dailyCap !== undefined ? { dailyCap: o.dailyCap } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
}
