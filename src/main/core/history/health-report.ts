import type { Store, WorkspaceRow } from '../store';
import { REPORTING_DAILY_CAP } from '../performance';
import { BUDGET_LOOKBACK_DAYS, HEALTH_LOOKBACK_DAYS, healthOf, type Health } from './health';

const DAY_MS = 86_400_000;

/**
 * One workspace's health, read through the store: its recent runs both ways, their issues, its account's budget
 * and whether its queue of changes to Klaviyo is paused.
 */
export function workspaceHealth(store: Store, ws: WorkspaceRow, now: number): Health {
  const window = { workspaceId: ws.id, from: now - HEALTH_LOOKBACK_DAYS * DAY_MS, to: now };
  const pause = store.outbox.paused(ws.id);
  return healthOf({
    now,
    runs: store.history.analyticsRuns(window),
    issues: store.history.resourceIssues(window),
    lastCompleteAt: store.history.lastCompleteAt(ws.id),
    budgetDays: ws.klaviyoAccountId
      ? store.history.budgetDays(ws.klaviyoAccountId, now - BUDGET_LOOKBACK_DAYS * DAY_MS)
      : [],
    budgetCap: REPORTING_DAILY_CAP,
    outboxPause: pause ? { pausedAt: pause.pausedAt, errorJson: pause.errorJson } : null,
  });
}
