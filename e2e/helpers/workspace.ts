import type { Workspace } from '../../src/shared/contract/workspaces';
import type { Stack } from './stack';

/** The workspace as the service sees it (what the page should be showing). */
export async function workspaceOf(stack: Stack, id: string): Promise<Workspace> {
  const r = await stack.call('workspaces:get', { workspaceId: id });
  if (!r.ok) throw new Error(r.error.message);
  return r.data as Workspace;
}

/** Waits until a run other than `previousRunId` has finished for the workspace, however it was started. */
export async function syncedAfter(stack: Stack, id: string, previousRunId: string | null): Promise<Workspace> {
  for (let i = 0; i < 300; i++) {
    const w = await workspaceOf(stack, id);
    if (w.lastRun && w.lastRun.runId !== previousRunId && w.lastRun.status !== 'running') return w;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('sync did not finish');
}

/** Adds the demo client and waits for its first sync; returns its id. */
export async function demoSynced(stack: Stack): Promise<string> {
  const created = await stack.call('demo:create', {});
  if (!created.ok) throw new Error(created.error.message);
  const id = (created.data as { workspace: Workspace }).workspace.id;
  const started = await stack.call('sync:start', { workspaceId: id });
  if (!started.ok) throw new Error(started.error.message);
  const w = await syncedAfter(stack, id, null);
  if (w.lastRun?.status !== 'ok') throw new Error(`first sync ended ${w.lastRun?.status}`);
  return id;
}
