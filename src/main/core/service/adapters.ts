import type { KeyCheck } from '../../../shared/contract/workspaces';
import type { CoreContext } from '../context';
import { checkKey, type KeyCheckResult } from '../secrets/check-key';
import type { WorkspaceRow } from '../store';
import type { SyncPort, WorkspacesPort } from './ports';

const toKeyCheck = (c: KeyCheckResult): KeyCheck => ({
  accountId: c.accountId,
  accountName: c.accountName,
  scopes: c.scopes,
  missingScopes: c.missingScopes,
});

/** The service works on rows (it maps them to the contract itself); the domain answers with views. */
function row(core: CoreContext, id: string): WorkspaceRow {
  const r = core.store.workspaces.get(id);
  if (!r) throw new Error(`workspace ${id} vanished after a write`);
  return r;
}

/** SYNC's workspaces domain and sync manager, seen through the service's ports. */
export function portsFromCore(core: CoreContext): { workspaces: WorkspacesPort; sync: SyncPort } {
  const workspaces: WorkspacesPort = {
    async add({ name, apiKey, baseUrl, isDemo, timeScale, requestId }) {
      const { workspace, check } = await core.workspaces.add(
        {
          name,
          apiKey,
          ...(baseUrl ? { baseUrl } : {}),
          ...(isDemo ? { isDemo } : {}),
          ...(timeScale && timeScale > 1 ? { settings: { timeScale } } : {}),
        },
        { requestId },
      );
      return { workspace: row(core, workspace.id), check: toKeyCheck(check) };
    },
    async setKey(workspaceId, apiKey, requestId) {
      const { workspace, check } = await core.workspaces.setKey({ workspaceId, apiKey }, { requestId });
      return { workspace: row(core, workspace.id), check: toKeyCheck(check) };
    },
    rename(workspaceId, name) {
      return row(core, core.workspaces.rename({ workspaceId, name }).id);
    },
    archive(workspaceId, archived) {
      return row(core, core.workspaces.archive({ workspaceId, archived }).id);
    },
    async remove(workspaceId) {
      await core.workspaces.remove(workspaceId);
    },
    async checkKey({ apiKey, baseUrl, requestId }) {
      return toKeyCheck(await checkKey({ apiKey, baseUrl: baseUrl ?? 'https://a.klaviyo.com', requestId }));
    },
  };

  const sync: SyncPort = {
    async start({ workspaceId, trigger }) {
      const h = await core.sync.start({ workspaceId, trigger, ifRunning: 'join' });
      // the run's outcome arrives through onFinished; a rejection here is already in the run's row and log
      h.result.catch(() => undefined);
      return { runId: h.runId, requestId: h.requestId, joined: h.joined };
    },
    cancel: (workspaceId) => core.sync.cancel(workspaceId),
    progress: (workspaceId) => core.sync.progress(workspaceId),
    isRunning(workspaceId) {
      if (workspaceId) return core.sync.isRunning(workspaceId);
      return core.store.runs.running().some((r) => r.ownerPid === process.pid && core.sync.isRunning(r.workspaceId));
    },
    onProgress: (l) => core.sync.onProgress(l),
    onFinished: (l) => core.sync.onFinished(l),
  };
  return { workspaces, sync };
}
