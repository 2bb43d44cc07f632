import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { accountKeyFor } from '../klaviyo';
import { requireSecret, type SecretStore } from '../secrets';
import type { Store } from '../store';
import { parseSettings } from '../workspaces';
import type { RuleWeight } from './plan';
import { refreshPerformance, type RefreshOptions, type RefreshResult } from './refresh';

export type WorkspaceFiguresOptions = {
  store: Store;
  secrets: SecretStore;
  workspaceId: string;
  /** the inventory's metrics (id + name): the conversion metric and the trigger metrics */
  metrics: RefreshOptions['metrics'];
  /** which resources the key could read in the latest run */
  resourceUsable: RefreshOptions['resourceUsable'];
  ruleWeight: RuleWeight;
  now?: () => number;
  requestId?: string;
  force?: boolean;
  /** the account's daily reporting cap (default 225) */
  dailyCap?: number;
  signal?: AbortSignal;
};

/**
 * Refreshes one workspace's performance figures, reading the key from the keychain and the time scale from the
 * workspace settings. What to fetch (metrics, readable resources, rule weights) comes from the caller, who
 * knows what the figures are for. The budget is keyed by the Klaviyo account, so every workspace of one account
 * shares it.
 */
export async function refreshWorkspaceFigures(o: WorkspaceFiguresOptions): Promise<RefreshResult> {
  const ws = o.store.workspaces.get(o.workspaceId);
  if (!ws) throw new AppError('not_found', 'No such workspace.', { details: { workspaceId: o.workspaceId } });
  const requestId = o.requestId ?? randomUUID();
  const apiKey = await requireSecret(o.secrets, ws.secretRef, requestId);
  const settings = parseSettings(ws.settingsJson);
  return refreshPerformance({
    db: o.store.db,
    workspaceId: o.workspaceId,
    accountKey: ws.klaviyoAccountId ?? accountKeyFor(ws.baseUrl, apiKey),
    baseUrl: ws.baseUrl,
    apiKey,
    requestId,
    timeScale: settings.timeScale,
    now: o.now ?? Date.now,
    metrics: o.metrics,
    resourceUsable: o.resourceUsable,
    ruleWeight: o.ruleWeight,
    ...(o.force ? { force: true } : {}),
    ...(o.dailyCap !== undefined ? { dailyCap: o.dailyCap } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  });
}
