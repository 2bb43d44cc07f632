import type { Store, WorkspaceRow } from '../store';
import { REPORTING_DAILY_CAP } from '../performance';
import { BUDGET_LOOKBACK_DAYS, HEALTH_LOOKBACK_DAYS, healthOf, type Health } from './health';

const DAY_MS = 86_400_000;

/** One workspace's health, read through the store: its recent pull runs, their issues and its account's budget. */
export function workspaceHealth(store: Store, ws: WorkspaceRow, now: number): Health {
  const window = { workspaceId: ws.id, direction: 'pull' as const, from: now - HEALTH_LOOKBACK_DAYS * DAY_MS, to: now };
  return healthOf({
    now,
    runs: store.history.analyticsRuns(window),
    issues: store.history.resourceIssues(window),
    lastCompleteAt: store.history.lastCompleteAt(ws.id),
    budgetDays: ws.klaviyoAccountId
      ? store.history.budgetDays(ws.klaviyoAccountId, now - BUDGET_LOOKBACK_DAYS * DAY_MS)
      : [],
    budgetCap: REPORTING_DAILY_CAP,
  });
}
