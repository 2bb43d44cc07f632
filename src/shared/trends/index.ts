export { trendHeaders, trendMetricWord, trendStatusWord, trendSubjectWord, type TrendLang } from './words';
