export { TrendsTab } from './TrendsTab';
export { hasItemTrend, ItemTrend } from './ItemTrend';
