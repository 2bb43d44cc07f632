import { AppError } from '../../../shared/errors';
import { sizeKey, type Store } from '../store';
import { loadFigures } from '../performance';
import { auditAfterSync } from './after-sync';
import { applyDecisions } from './decisions';
import { evaluateAudit } from './evaluate';
import type { AuditInput, InvItem, ResourceKey, ResourceState } from './input';
import { getManualAnswers, previousCounts, saveAudit } from './store';
import type { AuditResult } from './types';

/** The sync's resource names (plural, as the contract spells them) → the audit's. */
const RESOURCE_MAP: Record<string, ResourceKey> = {
  account: 'account',
  accounts: 'account',
  flows: 'flows',
  'flow-actions': 'flowActions',
  campaigns: 'campaigns',
  lists: 'lists',
  segments: 'segments',
  forms: 'forms',
  metrics: 'metrics',
  tags: 'tags',
};

function items(store: Store, workspaceId: string, resourceType: string): InvItem[] {
  return store.inventory.list({ workspaceId, resourceType, limit: 1_000_000 }).map((r) => ({
    id: r.klaviyoId,
    attributes: r.attributes,
    relationships: r.relationships as InvItem['relationships'],
    channel: r.channel,
  }));
}

/**
 * Lists or segments with their last known size as `profile_count`, as Klaviyo's own GET names it: sizes are kept
 * apart from the items (sizes/), so a size that moved never makes a new version of the list.
 */
function withSizes(store: Store, workspaceId: string, resourceType: 'lists' | 'segments'): InvItem[] {
  const known = store.sizes.known(workspaceId);
  return items(store, workspaceId, resourceType).map((it) => {
    const size = known.get(sizeKey(resourceType, it.id));
    return size ? { ...it, attributes: { ...it.attributes, profile_count: size.profileCount } } : it;
  });
}

/**
 * Builds the audit's input from what the sync stored: the current inventory, how each resource fared in the
 * latest complete run (forbidden / incomplete → the rules that need it say "unknown"), the performance figures
 * with their fetched-at, the manual answers and the counts seen by the previous audit.
 */
export function buildAuditInput(
  store: Store,
  workspaceId: string,
  now: number,
): { input: AuditInput; syncRunId: number | null } {
  const ws = store.workspaces.get(workspaceId);
  if (!ws) throw new AppError('not_found', 'No such workspace.', { details: { workspaceId } });
  const runs = store.runs.list({ workspaceId, status: ['ok', 'partial_or_timeout'], limit: 50 });
  // the audit is of the last complete inventory: a later run that stopped early leaves it standing (marked stale);
  // only before any complete run is the latest incomplete one audited, its gaps making rules unknown
  const complete = runs.find(
    (run) => auditAfterSync({ status: run.status, resources: store.runs.resources(run.id) }) === 'audit',
  );
  const latest = complete ?? runs[0];
  const resources: AuditInput['resources'] = {};
  const lastSuccessAt: number | null = complete ? (complete.finishedAt ?? complete.startedAt) : null;
  if (latest) {
    const done = store.runs.lastCompleteByResource(workspaceId);
    for (const r of store.runs.resources(latest.id)) {
      const key = RESOURCE_MAP[r.resource];
      if (!key) continue;
      let state: ResourceState;
      if (r.status === 'forbidden') {
        const scopes = JSON.parse(r.missingScopesJson || '[]') as string[];
        state = { status: 'forbidden', ...(scopes[0] ? { missingScope: scopes[0] } : {}) };
      } else if (r.status === 'ok' || r.complete) state = { status: 'ok' };
      else state = done[r.resource] ? { status: 'partial' } : { status: 'missing' };
      resources[key] = state;
    }
  }
  const accounts =
    resources.account?.status === 'ok'
      ? [...items(store, workspaceId, 'account'), ...items(store, workspaceId, 'accounts')]
      : [];
  const segments = withSizes(store, workspaceId, 'segments');
  const lists = withSizes(store, workspaceId, 'lists');
  const input: AuditInput = {
    now,
    account: accounts[0] ?? null,
    flows: items(store, workspaceId, 'flows'),
    flowActions: items(store, workspaceId, 'flow-actions'),
    campaigns: items(store, workspaceId, 'campaigns'),
    lists,
    segments,
    forms: items(store, workspaceId, 'forms'),
    metrics: items(store, workspaceId, 'metrics'),
    tags: items(store, workspaceId, 'tags'),
    resources,
    performance: loadFigures(store.db, workspaceId),
    manual: getManualAnswers(store.db, workspaceId),
    sync: {
      lastSuccessAt,
      lastRunAt: latest?.startedAt ?? null,
      previousCounts: previousCounts(store.db, workspaceId, latest?.id ?? null),
    },
  };
  return { input, syncRunId: latest?.id ?? null };
}

/** Profile counts this audit saw (inventory profile_count, else the segment report's total_members). */
export function countsOf(input: AuditInput): Record<string, number> {
  const out: Record<string, number> = {};
  for (const it of [...input.segments, ...input.lists]) {
    const n =
      typeof it.attributes.profile_count === 'number'
        ? it.attributes.profile_count
        : input.performance.segmentValues?.byId[it.id]?.total_members;
    if (typeof n === 'number') out[it.id] = n;
  }
  return out;
}

/** What evaluating a workspace gives, before the strategist's decisions are applied and it is stored. */
export type Evaluation = { syncRunId: number | null; result: AuditResult; counts: Record<string, number> };

/** Evaluates the workspace's current inventory (the heavy part: read every item, run every rule). */
export function evaluateWorkspace(store: Store, workspaceId: string, now: number): Evaluation & { input: AuditInput } {
  const { input, syncRunId } = buildAuditInput(store, workspaceId, now);
  return { input, syncRunId, result: evaluateAudit(input), counts: countsOf(input) };
}

/** Applies the strategist's decisions (accepted, snoozed: part of the score history and overview keep) and stores it. */
export function storeEvaluation(
  store: Store,
  workspaceId: string,
  e: Evaluation,
  now: number,
): { auditRunId: number; syncRunId: number | null; result: AuditResult } {
  const result = applyDecisions(e.result, store.findings.decisions(workspaceId), now);
  const auditRunId = saveAudit(store.db, workspaceId, e.syncRunId, result, e.counts);
  return { auditRunId, syncRunId: e.syncRunId, result };
}

/**
 * Evaluates the workspace's current inventory and stores the audit against its latest sync run, on this thread
 * (tests, fixtures; the app's service evaluates in the audit worker and stores here).
 */
export function auditWorkspace(
  store: Store,
  workspaceId: string,
  now: number,
): { auditRunId: number; syncRunId: number | null; result: AuditResult; input: AuditInput } {
  const e = evaluateWorkspace(store, workspaceId, now);
  return { ...storeEvaluation(store, workspaceId, e, now), input: e.input };
}
