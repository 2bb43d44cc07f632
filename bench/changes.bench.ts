/**
 * "What changed" benchmark: the change set between two xl syncs with 1 % churn (goal ≤ 300 ms), next to a
 * baseline from the same run: one pass over every version span of the workspace (what any diff that compares
 * every item must at least read). Both runs are written by the store's real merge from the simulator's xl
 * dataset, so the numbers measure the diff, not HTTP or the rate limits.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDataset } from '../src/sim/generate';
import type { SimResource } from '../src/sim/types';
import { openStore, type StagedItem, type Store } from '../src/main/core/store';
import { toStagedItem } from '../src/main/core/sync';
import { changeSet } from '../src/main/core/changes';
import type { BenchRow } from './types';

/** Inventory resource, JSON:API type, and the relationship naming the parent (children only). */
const RESOURCES: [string, string, string?][] = [
  ['flows', 'flow'],
  ['flow-actions', 'flow-action', 'flow'],
  ['flow-messages', 'flow-message', 'flow-action'],
  ['campaigns', 'campaign'],
  ['campaign-messages', 'campaign-message', 'campaign'],
  ['templates', 'template'],
  ['forms', 'form'],
  ['form-versions', 'form-version', 'form'],
  ['lists', 'list'],
  ['segments', 'segment'],
  ['metrics', 'metric'],
  ['tags', 'tag'],
  ['tag-groups', 'tag-group'],
];

function staged(resource: string, r: SimResource, parentRel?: string): StagedItem {
  const parent = parentRel ? (r.relationships?.[parentRel]?.data as { type: string; id: string } | null) : null;
  return toStagedItem(resource, r, parent ? { parentType: parent.type, parentId: parent.id } : {});
}

/** One sync run written by the store's real staging and merge (no HTTP): what a complete sync leaves in the store. */
export async function syncRun(store: Store, ws: string, items: Map<string, StagedItem[]>): Promise<number> {
  const runId = store.runs.insert({
    requestId: `bench-${Math.random()}`,
    workspaceId: ws,
    trigger: 'cli',
    status: 'running',
    startedAt: Date.now(),
  }).id;
  for (const [resource, rows] of items) {
    for (let i = 0; i < rows.length; i += 500) store.inventory.stagePage(runId, resource, rows.slice(i, i + 500));
    await store.inventory.mergeStaged(ws, runId, resource);
    // as the sync records each resource it listed completely (the audit reads which resources it may judge)
    store.runs.upsertResource({
      runId,
      resource,
      status: 'ok',
      complete: true,
      itemsSeen: rows.length,
      finishedAt: Date.now(),
    });
  }
  store.inventory.dropStage(runId);
  store.runs.update(runId, { status: 'ok', finishedAt: Date.now() });
  return runId;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Two syncs of an xl account into the store, the second with 1 % churn; the dataset and the staged rows are
 * dropped on return, so the measurement does not run against a heap full of them.
 */
export async function twoRuns(
  store: Store,
  ws = 'xl',
): Promise<{ r1: number; r2: number; churned: number; items: number }> {
  {
    const { dataset } = generateDataset({ size: 'xl', seed: 3, anchor: Date.UTC(2026, 0, 1) });
    const all = new Map<string, SimResource[]>(
      RESOURCES.map(([res, type]) => [res, [...(dataset.resources.get(type)?.values() ?? [])]]),
    );
    const first = new Map(RESOURCES.map(([res, , rel]) => [res, all.get(res)!.map((r) => staged(res, r, rel))]));
    const r1 = await syncRun(store, ws, first);

    // 1 % churn: every hundredth item edited, removed or added, flows with a longer delay in their definition
    let churned = 0;
    const second = new Map<string, StagedItem[]>();
    for (const [res, type, rel] of RESOURCES) {
      const rows: StagedItem[] = [];
      all.get(res)!.forEach((r, i) => {
        if (i % 100 === 50) {
          churned++;
          return; // removed
        }
        if (i % 100 === 7) {
          churned++;
          const attributes: Record<string, unknown> = {
            ...r.attributes,
            name: `${String(r.attributes.name ?? '')} (edited)`,
            updated: '2026-01-02T00:00:00+00:00',
          };
          const def = attributes.definition as { actions?: { type?: string; data?: { value?: number } }[] } | undefined;
          if (res === 'flows' && def?.actions) {
            attributes.definition = {
              ...def,
              actions: def.actions.map((a) =>
                a.type === 'time-delay' ? { ...a, data: { ...a.data, value: (a.data?.value ?? 1) + 1 } } : a,
              ),
            };
          }
          rows.push(staged(res, { ...r, attributes }, rel));
          return;
        }
        rows.push(staged(res, r, rel));
      });
      for (let k = 0; k < Math.ceil(all.get(res)!.length / 100); k++) {
        churned++;
        rows.push(staged(res, { type, id: `new-${res}-${k}`, attributes: { name: `New ${k}` }, relationships: {} }));
      }
      second.set(res, rows);
    }
    const r2 = await syncRun(store, ws, second);
    return { r1, r2, churned, items: [...first.values()].reduce((s, r) => s + r.length, 0) };
  }
}

export default async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-changes-'));
  const store = openStore(path.join(dir, 'db.sqlite'));
  try {
    store.workspaces.insert({ id: 'xl', name: 'xl', secretRef: 'workspace:xl', createdAt: 1, updatedAt: 1 });
    const { r1, r2, churned, items } = await twoRuns(store);

    const sqlite = store.database.sqlite;
    const scanTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      sqlite.prepare('SELECT count(*), max(length(version_hash)) FROM item_versions WHERE workspace_id = ?').get('xl');
      scanTimes.push(performance.now() - t0);
    }
    const times: number[] = [];
    let total = 0;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      const set = changeSet(store, { workspaceId: 'xl', fromRunId: r1, toRunId: r2, limit: 100_000 });
      times.push(performance.now() - t0);
      total = set.total + Object.values(set.counts).reduce((s, c) => s + c.touched, 0);
    }
    if (total !== churned) throw new Error(`the change set has ${total} items, the churn made ${churned}`);
    const ms = median(times);
    const base = median(scanTimes);
    return [
      {
        name: `diff of two xl runs (${items} items, ${churned} changed), median of 5`,
        value: ms,
        unit: 'ms',
        baseline: { name: 'one pass over every version span', value: base },
        ratio: ms / Math.max(base, 0.001),
        goal: '≤ 300 ms',
        pass: ms <= 300,
      },
    ];
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
