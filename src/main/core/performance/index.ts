/**
 * Performance figures from Klaviyo's Reporting API and metric aggregates: what is fetched, the daily budget it
 * is fetched within, and where the figures are kept. The audit reads them; this folder knows nothing of rules
 * beyond the weights the caller passes in.
 */
export * from './figures';
export * from './trigger-metrics';
export { refreshWorkspaceFigures, type WorkspaceFiguresOptions } from './workspace';
export { refreshPerformance, type RefreshOptions, type RefreshResult } from './refresh';
export { REPORT_JOBS, planReports, jobWeight } from './plan';
export type { ReportJob, ReportKind, ReportResource, RuleWeight, Plan, PlanInput } from './plan';
export { loadFigures, saveFigures, type FigureKind } from './store';
export { createBudgetLedger, budgetDay, REPORTING_DAILY_CAP, type BudgetLedger } from './ledger';
