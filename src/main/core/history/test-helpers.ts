import type { Store } from '../store';
import { decodeSnapshot } from './snapshot-codec';

/** the live inventory of a workspace, in the shape and order a rebuilt run has */
export function inventoryNow(store: Store, workspaceId: string) {
  return store.database.sqlite
    .prepare(
      `SELECT resource_type AS resourceType, klaviyo_id AS klaviyoId, version_hash AS versionHash,
              attributes_json AS attributesJson, relationships_json AS relationshipsJson
         FROM inventory_items WHERE workspace_id = ? AND removed_at IS NULL`,
    )
    .all(workspaceId)
    .sort((a, b) => {
      const x = a as { resourceType: string; klaviyoId: string };
      const y = b as { resourceType: string; klaviyoId: string };
      return x.resourceType === y.resourceType
        ? x.klaviyoId < y.klaviyoId
          ? -1
          : 1
        : x.resourceType < y.resourceType
          ? -1
          : 1;
    });
}

/** the kind of a run's stored manifest: full or delta */
export function snapshotKind(store: Store, runId: number): string {
  const row = store.snapshots.snapshotsOfRun(runId).find((r) => r.resource === 'manifest')!;
  return (decodeSnapshot(row) as { kind: string }).kind;
}
