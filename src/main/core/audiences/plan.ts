import type {
  CreationCaps,
  StandardAudience,
  StandardAudienceKey,
  StandardThresholds,
} from '../../../shared/contract/audiences';
import { standardAudienceKeys } from '../../../shared/contract/audiences';
import type { OutboxChange } from '../../../shared/contract/outbox';
import { CREATION_CAPS, creationCapsUsed } from '../outbox';
import type { Store } from '../store';
import { resolveAudienceMetrics, standardAudience } from './standard';

const OPEN_OR_DONE = ['pending', 'sending', 'failed', 'done'] as const;

/** what is left of the daily creation caps, as the screens show it */
export function creationCaps(store: Store, workspaceId: string, now: number): CreationCaps {
  const used = creationCapsUsed(store, workspaceId, now);
  const cap = (kind: keyof typeof CREATION_CAPS) => ({
    cap: CREATION_CAPS[kind],
    used: used[kind],
    left: Math.max(0, CREATION_CAPS[kind] - used[kind]),
  });
  return { lists: cap('list_create'), segments: cap('segment_create') };
}

/** names of the segments the last sync saw, and of the segments the outbox creates or created */
function segmentNames(store: Store, workspaceId: string): { synced: Set<string>; queued: Set<string> } {
  const synced = new Set(
    store.inventory
      .list({ workspaceId, resourceType: 'segments' })
      .map((r) => r.name ?? '')
      .filter(Boolean),
  );
  const queued = new Set(
    store.outbox
      .list({ workspaceId, states: [...OPEN_OR_DONE], limit: 100_000 })
      .filter((r) => r.kind === 'segment_create')
      .map((r) => String((JSON.parse(r.payloadJson) as { name?: unknown }).name ?? '')),
  );
  return { synced, queued };
}

/** The standard set for a workspace: each segment's definition and words, whether it exists or is queued. */
export function standardPlan(store: Store, workspaceId: string, thresholds: StandardThresholds): StandardAudience[] {
  const metrics = resolveAudienceMetrics(
    store.inventory
      .list({ workspaceId, resourceType: 'metrics' })
      .map((r) => ({ id: r.klaviyoId, attributes: r.attributes })),
  );
  const names = segmentNames(store, workspaceId);
  return standardAudienceKeys.map((key) => {
    const a = standardAudience(key, thresholds, metrics);
    const state: StandardAudience['state'] = names.synced.has(a.name)
      ? 'exists'
      : names.queued.has(a.name)
        ? 'queued'
        : a.definition
          ? 'ready'
          : 'missing_metric';
    return { ...a, state };
  });
}

export type StandardSkip = {
  key: StandardAudienceKey;
  name: string;
  reason: 'exists' | 'queued' | 'missing_metric' | 'daily_cap';
  message: string;
};

/**
 * Which of the chosen standard segments to queue, in the set's order, and why the others are skipped: a name
 * that exists or is queued, a metric the account lacks, or no creation left of today's cap.
 */
export function chooseStandard(
  plan: StandardAudience[],
  keys: StandardAudienceKey[],
  segmentsLeft: number,
): { changes: Extract<OutboxChange, { kind: 'segment_create' }>[]; skipped: StandardSkip[] } {
  const changes: Extract<OutboxChange, { kind: 'segment_create' }>[] = [];
  const skipped: StandardSkip[] = [];
  let left = segmentsLeft;
  for (const a of plan.filter((p) => keys.includes(p.key))) {
    if (a.state === 'exists' || a.state === 'queued') {
      skipped.push({
        key: a.key,
        name: a.name,
        reason: a.state,
        message:
          a.state === 'exists'
            ? `A segment named "${a.name}" already exists in Klaviyo (last sync); it was not created again.`
            : `"${a.name}" is already in the outbox.`,
      });
    } else if (!a.definition) {
      skipped.push({
        key: a.key,
        name: a.name,
        reason: 'missing_metric',
        message: `"${a.name}" needs the metric "${a.missingMetric ?? ''}", which this account does not have (last sync).`,
      });
    } else if (left <= 0) {
      skipped.push({
        key: a.key,
        name: a.name,
        reason: 'daily_cap',
        message: `"${a.name}" was not queued: Klaviyo lets an account create ${CREATION_CAPS.segment_create} segments a day and none is left for the next 24 hours.`,
      });
    } else {
      left--;
      changes.push({ kind: 'segment_create', name: a.name, definition: a.definition });
    }
  }
  return { changes, skipped };
}
