/** Trends (PRODUCT B5): figures captured at every sync and read back as series per workspace and per item. */
export { captureSizes, captureTrends, sizePointsOf, trendPointsOf, WORKSPACE_METRICS } from './capture';
export { trendColumns, writeTrendsCsv } from './csv';
export { readTrends } from './read';
