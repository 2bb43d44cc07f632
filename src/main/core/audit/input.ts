import type { PerformanceFigures } from '../performance';
import type { ManualAnswers } from './types';

/** An inventory item as the sync stored it: Klaviyo's id, raw attributes and relationships. */
export type InvItem = {
  id: string;
  attributes: Record<string, unknown>;
  relationships?: Record<string, { data?: unknown } | undefined>;
  /** typed column kept by the sync (campaign channel comes from the listing partition) */
  channel?: string | null;
};

export const RESOURCE_KEYS = [
  'account',
  'flows',
  'flowActions',
  'campaigns',
  'lists',
  'segments',
  'forms',
  'metrics',
  'tags',
] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

/**
 * What the audit knows about how a resource was synced. `forbidden` (scope missing) and `missing`
 * (never synced / failed) make the rules that need it answer "unknown" instead of guessing.
 */
export type ResourceState = { status: 'ok' | 'partial' | 'forbidden' | 'missing'; missingScope?: string };

export type AuditInput = {
  now: number;
  account: InvItem | null;
  flows: InvItem[];
  flowActions: InvItem[];
  campaigns: InvItem[];
  lists: InvItem[];
  segments: InvItem[];
  forms: InvItem[];
  metrics: InvItem[];
  tags: InvItem[];
  resources: Partial<Record<ResourceKey, ResourceState>>;
  performance: PerformanceFigures;
  manual: ManualAnswers | null;
  sync: {
    lastSuccessAt: number | null;
    /** start of the latest run of any status */
    lastRunAt?: number | null;
    /** profile counts of lists/segments at an earlier sync (L7) */
    previousCounts: Record<string, { count: number; at: number }> | null;
  };
};

export const DAY_MS = 86_400_000;

export function resourceUsable(input: AuditInput, key: ResourceKey): boolean {
  const s = input.resources[key];
  return s?.status === 'ok';
}

export const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The account's preferred currency as an ISO 4217 code, or null: revenue figures are in it, and a malformed code
 * would make Intl throw where they are written.
 */
export function accountCurrency(account: AuditInput['account']): string | null {
  const c = account?.attributes['preferred_currency'];
  return typeof c === 'string' && /^[A-Z]{3}$/i.test(c) ? c.toUpperCase() : null;
}
export const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
export const time = (v: unknown): number | null => {
  if (typeof v !== 'string' && typeof v !== 'number') return null;
  const t = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(t) ? t : null;
};
export const nameOf = (it: InvItem): string => str(it.attributes.name) ?? it.id;

export function relIds(it: InvItem, rel: string): string[] {
  const d = it.relationships?.[rel]?.data;
  if (Array.isArray(d))
    return d.map((x) => (x as { id?: unknown }).id).filter((x): x is string => typeof x === 'string');
  if (d && typeof d === 'object' && typeof (d as { id?: unknown }).id === 'string') return [(d as { id: string }).id];
  return [];
}
