import type { InventoryRow as ContractInventoryRow } from '../../../shared/contract/inventory';
import type { ResourceType } from '../../../shared/contract/primitives';
import type { InventoryItemSummary } from './queries/inventory-read';

/**
 * A stored item as a row of the inventory: what `inventory:list` and `inventory:get` answer and what an inventory
 * CSV writes (with the raw attributes beside it). The one mapping from the store's columns to the contract's.
 */
export function inventoryRowOf(r: InventoryItemSummary): ContractInventoryRow {
  return {
    id: r.klaviyoId,
    type: r.resourceType as ResourceType,
    name: r.name,
    status: r.status,
    channel: r.channel,
    triggerType: r.triggerType,
    archived: r.archived,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    versionHash: r.versionHash,
    extra: r.parentId ? { parentType: r.parentType, parentId: r.parentId } : {},
  };
}
