/**
 * The whole schema, split per domain. drizzle-kit reads this file (see drizzle.config.ts).
 *
 * Planned, not yet a table — the outbox (PRODUCT D): `outbox_items` (workspace, kind, target type/id,
 * payload JSON, base version hash for conflict checks (D4), state pending|sending|done|failed|conflict|rejected,
 * attempts, next attempt at, error envelope, push run id → sync_runs with direction 'push'). It is written in
 * the same transaction as the local change (D2), which the store's `transaction()` already allows.
 */
export * from './workspaces';
export * from './inventory';
export * from './sync';
export * from './history';
export * from './audit';
