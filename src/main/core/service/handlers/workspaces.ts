import { AppError } from '../../../../shared/errors';
import { notAvailable, type HandlerContext } from '../handler-context';
import type { HandlersOf } from '../types';

export const DEMO_WORKSPACE_NAME = 'Demo client';

/**
 * Workspaces: list, add (the key checked live first), rename, the client's name on reports, archive, remove, and
 * the demo client.
 */
export function workspaceHandlers(ctx: HandlerContext): HandlersOf<'workspaces:' | 'demo:'> {
  const { deps, store, emit, workspace, workspaceRow, syncing } = ctx;
  return {
    'workspaces:list': ({ includeArchived }) => store.workspaces.list({ includeArchived }).map(workspace),
    'workspaces:get': ({ workspaceId }) => workspace(workspaceRow(workspaceId)),
    'workspaces:add': async (input, { requestId }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      const { workspace: row, check } = await ws.add({ ...input, requestId });
      emit('workspaces:changed', { workspaceId: row.id, reason: 'added' });
      return { workspace: workspace(row), check };
    },
    'workspaces:checkKey': (input, { requestId }) =>
      (deps.workspaces ?? notAvailable('workspaces')).checkKey({ ...input, requestId }),
    'workspaces:setKey': async ({ workspaceId, apiKey }, { requestId }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      const { workspace: row, check } = await ws.setKey(workspaceId, apiKey, requestId);
      emit('workspaces:changed', { workspaceId, reason: 'key' });
      return { workspace: workspace(row), check };
    },
    'workspaces:rename': async ({ workspaceId, name }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      const row = await ws.rename(workspaceId, name);
      emit('workspaces:changed', { workspaceId, reason: 'renamed' });
      return workspace(row);
    },
    'workspaces:setClientName': ({ workspaceId, clientName }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      const row = ws.setClientName(workspaceId, clientName || null);
      emit('workspaces:changed', { workspaceId, reason: 'renamed' });
      return workspace(row);
    },
    'workspaces:archive': async ({ workspaceId, archived }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      const row = await ws.archive(workspaceId, archived);
      emit('workspaces:changed', { workspaceId, reason: 'archived' });
      return workspace(row);
    },
    'workspaces:remove': async ({ workspaceId }) => {
      const ws = deps.workspaces ?? notAvailable('workspaces');
      workspaceRow(workspaceId);
      if (syncing(workspaceId)) {
        throw new AppError(
          'busy',
          'This workspace is syncing. Cancel the sync or wait for it to finish, then remove it.',
          {
            details: { workspaceId },
          },
        );
      }
      await ws.remove(workspaceId);
      emit('workspaces:changed', { workspaceId, reason: 'removed' });
      return { removed: true as const, workspaceId };
    },
    'demo:create': async (_input, { requestId }) => {
      const existing = store.workspaces.list({ includeArchived: true }).find((w) => w.isDemo);
      if (existing) return { workspace: workspace(existing), created: false };
      const demo = deps.demo ?? notAvailable('demo');
      const ws = deps.workspaces ?? notAvailable('workspaces');
      const { baseUrl, apiKey, timeScale } = await demo.ensure();
      deps.demoSecrets?.setDemoKey(apiKey);
      let name = DEMO_WORKSPACE_NAME;
      for (let i = 2; store.workspaces.byName(name); i++) name = `${DEMO_WORKSPACE_NAME} (${i})`;
      const { workspace: row } = await ws.add({ name, apiKey, baseUrl, isDemo: true, timeScale, requestId });
      emit('workspaces:changed', { workspaceId: row.id, reason: 'added' });
      return { workspace: workspace(row), created: true };
    },
  };
}
