import type { SimOperationHandler } from '../types';

/**
 * Reporting API handlers (POST …-values-reports, …-series-reports, metric-aggregates), by operationId.
 * Owned by AUDIT. The simulator consults this registry after auth, scopes, rate limits and daily caps; an
 * operation missing here answers a JSON:API 501 error.
 */
export const reportingHandlers: Record<string, SimOperationHandler> = {};
