import type { ChannelInput } from '../../../../shared/contract/channels';
import type { ResourceType, RunOutcome, runSortFields, SyncTrigger } from '../../../../shared/contract/primitives';

export type RunSortField = (typeof runSortFields)[number];
export type SortDirection = 'asc' | 'desc';

/** What the History screen filters by; dates are the person's calendar days (`yyyy-mm-dd`, local time). */
export interface HistoryFilters {
  workspaceId: string | null;
  outcome: RunOutcome[];
  direction: 'pull' | 'push' | null;
  trigger: SyncTrigger[];
  resource: ResourceType | null;
  from: string;
  to: string;
  item: string;
}

export const NO_FILTERS: HistoryFilters = {
  workspaceId: null,
  outcome: [],
  direction: null,
  trigger: [],
  resource: null,
  from: '',
  to: '',
  item: '',
};

export interface HistorySort {
  by: RunSortField;
  dir: SortDirection;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Midnight starting a local calendar day, or the last millisecond of it (`end`), as an ISO instant. */
export function dayBound(day: string, end: boolean): string | undefined {
  const m = DAY.exec(day);
  if (!m) return undefined;
  const start = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + (end ? 1 : 0));
  if (Number.isNaN(start.getTime())) return undefined;
  return new Date(start.getTime() - (end ? 1 : 0)).toISOString();
}

/** The selection part shared by the screen's page and the CSV export, so both ask for the very same runs. */
export function selection(f: HistoryFilters, sort: HistorySort) {
  const item = f.item.trim();
  return {
    ...(f.workspaceId ? { workspaceId: f.workspaceId } : {}),
    ...(f.outcome.length ? { outcome: f.outcome } : {}),
    ...(f.direction ? { direction: f.direction } : {}),
    ...(f.trigger.length ? { trigger: f.trigger } : {}),
    ...(f.resource ? { resource: f.resource } : {}),
    ...(item ? { item } : {}),
    ...(dayBound(f.from, false) ? { from: dayBound(f.from, false) } : {}),
    ...(dayBound(f.to, true) ? { to: dayBound(f.to, true) } : {}),
    sortBy: sort.by,
    sort: sort.dir,
  };
}

/** One page of the history as the screen shows it (`page` counts from 0). */
export function pageQuery(
  f: HistoryFilters,
  sort: HistorySort,
  page: number,
  pageSize: number,
): ChannelInput<'sync:runs'> {
  return { ...selection(f, sort), offset: page * pageSize, limit: pageSize };
}

/** Every page of the same selection, in the same order, as a CSV in the screen's language. */
export function exportQuery(f: HistoryFilters, sort: HistorySort, lang: 'en' | 'pl'): ChannelInput<'sync:runsExport'> {
  return { ...selection(f, sort), lang };
}

/** Clicking a column: the same column flips its direction, another starts descending (newest, longest first). */
export function nextSort(current: HistorySort, by: RunSortField): HistorySort {
  if (current.by === by) return { by, dir: current.dir === 'desc' ? 'asc' : 'desc' };
  return { by, dir: by === 'workspace' ? 'asc' : 'desc' };
}

/** How many filters narrow the selection (the "clear" button shows while any does). */
export function activeFilters(f: HistoryFilters, fixedWorkspace: boolean): number {
  return [
    !fixedWorkspace && f.workspaceId,
    f.outcome.length,
    f.direction,
    f.trigger.length,
    f.resource,
    f.from,
    f.to,
    f.item.trim(),
  ].filter(Boolean).length;
}
