import type { Store, StagedItem } from '../store';
import { canonicalJson, versionHash } from '../store';
import { addWorkspace, stagedItem, syncItems } from '../store/test-helpers';

/**
 * A workspace of ten live flows with the given names, each with a definition holding one draft email, listed
 * completely by its run: the audit judges such flows and names them in its findings, so their names reach the
 * PDF (a flow without a definition, or a run that did not list flows, is "not judged" and never printed).
 */
export async function workspaceOfNamedFlows(store: Store, workspaceId: string, names: string[]): Promise<void> {
  addWorkspace(store, workspaceId);
  const flows: StagedItem[] = names.map((name, i) => {
    const item = stagedItem(`F${i}`, { name, status: 'live', triggerType: 'Metric' });
    const definition = {
      triggers: [{ type: 'metric', id: 'M1' }],
      actions: [{ id: `A${i}`, type: 'send-email', links: { next: null }, data: { status: 'draft', message: {} } }],
    };
    const attributesJson = canonicalJson({ ...(JSON.parse(item.attributesJson) as object), definition });
    return { ...item, attributesJson, versionHash: versionHash(attributesJson, item.relationshipsJson) };
  });
  const runId = await syncItems(store, workspaceId, flows);
  store.runs.upsertResource({ runId, resource: 'flows', status: 'ok', complete: true, finishedAt: Date.now() });
}
