import { AppError } from '../../../shared/errors';
import type { KeyCheck } from '../../../shared/contract/workspaces';
import type { CoreContext } from '../context';
import type { KeyCheckResult } from '../secrets';
import type { WorkspaceRow } from '../store';
import { DEFAULT_BASE_URL } from '../workspaces';
import type { SyncPort, WorkspacesPort } from './ports';

const toKeyCheck = (c: KeyCheckResult): KeyCheck => ({
  accountId: c.accountId,
  accountName: c.accountName,
  scopes: c.scopes,
  missingScopes: c.missingScopes,
  writeScopes: c.writeScopes,
  missingWriteScopes: c.missingWriteScopes,
  unknownWriteScopes: c.unknownWriteScopes,
});

/** The service works on rows (it maps them to the contract itself); the domain answers with views. */
function row(core: CoreContext, id: string): WorkspaceRow {
  const r = core.store.workspaces.get(id);
  if (!r) throw new Error(`workspace ${id} vanished after a write`);
  return r;
}

/**
 * A keychain that cannot be reached (no D-Bus session, locked keyring) is a problem of this machine, not of the
 * key: the start fails with `keychain_unavailable` and what to do, and no run is recorded (a `failed_auth` run
 * would read as a key Klaviyo rejected). A key that is simply missing is left to the run, which records it.
 */
async function keyReachable(core: CoreContext, workspaceId: string): Promise<void> {
  const ws = core.store.workspaces.get(workspaceId);
  if (!ws) return;
  try {
    await core.secrets.get(ws.secretRef);
  } catch (err) {
    if (err instanceof AppError && err.code === 'keychain_unavailable') throw err;
  }
}

/** The workspaces domain and the sync manager, seen through the service's ports. */
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
      // a queue paused for a refused key goes again with the new one
      core.outbox.resume(workspaceId);
      return { workspace: row(core, workspace.id), check: toKeyCheck(check) };
    },
    rename(workspaceId, name) {
      return row(core, core.workspaces.rename({ workspaceId, name }).id);
    },
    setClientName(workspaceId, clientName) {
      return row(core, core.workspaces.updateSettings({ workspaceId, settings: { clientName } }).id);
    },
    archive(workspaceId, archived) {
      return row(core, core.workspaces.archive({ workspaceId, archived }).id);
    },
    async remove(workspaceId) {
      await core.workspaces.remove(workspaceId);
    },
    async checkKey({ apiKey, baseUrl, requestId }) {
      return toKeyCheck(await core.checkKey({ apiKey, baseUrl: baseUrl ?? DEFAULT_BASE_URL, requestId }));
    },
  };

  const sync: SyncPort = {
    async start({ workspaceId, trigger, fresh, full, deadlineMs, ifRunning }) {
      if (!core.sync.isRunning(workspaceId)) await keyReachable(core, workspaceId);
      const h = await core.sync.start({
        workspaceId,
        trigger,
        ifRunning: ifRunning === 'refuse' ? 'busy' : 'join',
        ...(fresh ? { fresh } : {}),
        ...(full ? { full } : {}),
        ...(deadlineMs ? { deadlineMs } : {}),
      });
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
