import { inventoryRowOf, openStore } from '../store';
import type { InventoryCsvRow } from './csv';
import type { InventorySource } from './job';

/** rows per page: what one turn of the export worker reads and writes */
export const INVENTORY_PAGE = 200;

/**
 * An inventory CSV's rows, a page at a time, from a read connection of the export worker's own to the store (WAL:
 * the screens' connection and a running sync's go on meanwhile). The table is sorted once (see listInBatches);
 * `close()` ends the connection, whether or not every page was read.
 */
export function inventoryPages(source: InventorySource): {
  next(): InventoryCsvRow[];
  close(): Promise<void>;
} {
  const store = openStore(source.storeFile, {
    readonly: true,
    migrate: false,
    backgroundCheckpoint: false,
    // each page is read once: a big cache would only fill up
    cacheKb: 2048,
  });
  const batches = store.inventory.listJsonInBatches(
    {
      workspaceId: source.workspaceId,
      resourceType: source.resourceType,
      sort: { field: 'name', direction: 'asc' },
    },
    INVENTORY_PAGE,
  );
  return {
    next() {
      const r = batches.next();
      if (r.done) return [];
      // the stored text as it is: canonical JSON, what JSON.stringify of the parsed attributes gives
      return r.value.map((row) => ({ ...inventoryRowOf(row), attributesJson: row.attributesJson }));
    },
    async close() {
      batches.return(undefined);
      await store.close();
    },
  };
}
