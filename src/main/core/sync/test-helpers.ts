import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '../../../sim';
import type { SimResource, Simulator, SimulatorOptions } from '../../../sim/types';
import { createCoreContext, type Clock, type CoreContext } from '../context';
import { createLogger, memorySink } from '../log';
import { MemorySecretStore } from '../secrets';
import { canonicalJson, type Store } from '../store';
import { relationshipData } from './extract';
import { relIds } from '../../../sim/dataset';
import { parentQualifies, RESOURCE_DEFS, type ResourceDef } from '../klaviyo/resources';
import { RESOURCE_DEFINITIONS } from './klaviyo-source';
import type { SyncSourceFactory } from './source';

/** Attributes the API serves only on request, and whether our sync asks for them (see klaviyo-source.ts). */
function hiddenFields(def: ResourceDef, type: string): string[] {
  const hidden =
    {
      flow: ['definition'],
      list: ['profile_count'],
      segment: ['profile_count'],
      template: ['definition'],
      form: ['definition'],
    }[type] ?? [];
  const asked = [...(def.additionalFields?.[type] ?? []), ...(def.detail?.additionalFields?.[type] ?? [])];
  return hidden.filter((f) => !asked.includes(f));
}

export type SyncFixture = {
  sim: Simulator;
  ctx: CoreContext;
  dir: string;
  logLines: string[];
  timeScale: number;
  addWorkspace(name: string, key?: string): Promise<string>;
  close(): Promise<void>;
};

export async function syncFixture(
  simOpts: SimulatorOptions & { timeScale: number },
  /** list from this source in the test's own thread instead of the sync worker; the core's clock */
  opts: { sourceFactory?: SyncSourceFactory; clock?: Clock } = {},
): Promise<SyncFixture> {
  const sim = await startSimulator({ seed: 7, ...simOpts });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-test-'));
  const sink = memorySink();
  const logger = createLogger({ sink, level: 'debug' });
  const secrets = new MemorySecretStore();
  const ctx = createCoreContext({ dataDir: dir, secrets, logger, ...opts });
  return {
    sim,
    ctx,
    dir,
    logLines: sink.lines,
    timeScale: simOpts.timeScale,
    async addWorkspace(name, key = sim.keys.full!) {
      const { workspace } = await ctx.workspaces.add({
        name,
        apiKey: key,
        baseUrl: sim.baseUrl,
        settings: { timeScale: simOpts.timeScale },
      });
      return workspace.id;
    },
    async close() {
      await ctx.close();
      await sim.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the API serves for a dataset item, as our store keeps it (canonical attributes, relationship data). */
export function expectedItem(r: SimResource, def: ResourceDef): { attributes: string; relationships: string } {
  // read out of the flow's definition, which carries neither the action's nor the message's own timestamps (and a
  // message's name only inside its definition)
  const hidden = [...hiddenFields(def, r.type), ...(def.parent?.fromDefinition ? ['created', 'updated', 'name'] : [])];
  const includes = def.include ?? [];
  const attrs = Object.fromEntries(Object.entries(r.attributes).filter(([k]) => !hidden.includes(k)));
  const rels: Record<string, unknown> = {};
  for (const [name, rel] of Object.entries(r.relationships ?? {})) {
    const toOne = !Array.isArray(rel.data);
    if ((toOne && rel.data) || includes.includes(name)) rels[name] = { data: rel.data };
  }
  return { attributes: canonicalJson(attrs), relationships: canonicalJson(relationshipData(rels)) };
}

/**
 * Differences between the inventory of a workspace and a simulator account's dataset, item for item and
 * field for field (empty when they are equal). Archived flows/campaigns are part of the dataset too.
 */
export function inventoryDiff(store: Store, workspaceId: string, sim: Simulator, accountIdx = 0): string[] {
  const ds = sim.accounts[accountIdx]!.dataset;
  const problems: string[] = [];
  for (const def of RESOURCE_DEFINITIONS) {
    let expected = ds.resources.get(def.type) ?? new Map<string, SimResource>();
    // children listed only under some parents (flow messages under send actions): those are the expected ones
    if (def.parent?.when) {
      const parents = ds.resources.get(RESOURCE_DEFS[def.parent.resource].type) ?? new Map<string, SimResource>();
      const wanted = new Set<string>();
      for (const p of parents.values()) {
        if (!parentQualifies(def, p)) continue;
        for (const x of relIds(p, def.type === 'flow-message' ? 'flow-messages' : `${def.type}s`)) wanted.add(x.id);
      }
      expected = new Map([...expected].filter(([id]) => wanted.has(id)));
    }
    const key = def.name;
    const rows = store.inventory.list({ workspaceId, resourceType: key, limit: 1_000_000 });
    const got = new Map(rows.map((r) => [r.klaviyoId, r]));
    if (got.size !== rows.length) problems.push(`${key}: duplicate rows`);
    if (got.size !== expected.size) problems.push(`${key}: ${got.size} items, dataset has ${expected.size}`);
    for (const [id, r] of expected) {
      const row = got.get(id);
      if (!row) {
        problems.push(`${key} ${id}: missing`);
        continue;
      }
      const want = expectedItem(r, def);
      if (canonicalJson(row.attributes) !== want.attributes) problems.push(`${key} ${id}: attributes differ`);
      if (canonicalJson(row.relationships) !== want.relationships) problems.push(`${key} ${id}: relationships differ`);
    }
    for (const id of got.keys()) if (!expected.has(id)) problems.push(`${key} ${id}: not in the dataset`);
    if (problems.length > 20) break;
  }
  return problems;
}

export function duplicateCount(store: Store): number {
  const row = store.database.sqlite
    .prepare(
      `SELECT count(*) AS n FROM (SELECT 1 FROM inventory_items GROUP BY workspace_id, resource_type, klaviyo_id
       HAVING count(*) > 1)`,
    )
    .get() as { n: number };
  return row.n;
}

/** tables that make up the inventory (what failed_auth must leave byte for byte unchanged) */
export const INVENTORY_TABLES = ['inventory_items', 'item_versions'];
