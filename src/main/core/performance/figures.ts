/**
 * Performance figures as the audit consumes them: summed counts per object, rates derived by us so that
 * per-message rows (the Reporting API always groups by message) add up correctly. Each block carries the
 * time it was fetched, because the Reporting API budget means figures are often hours old.
 */

import { KNOWN_TRIGGER_METRIC_NAMES } from './trigger-metrics';

/** Every trigger metric name known on any platform, Placed Order first (the charts pick their series by it). */
export const TRIGGER_METRIC_NAMES = KNOWN_TRIGGER_METRIC_NAMES;

/** Summed counts for one flow / campaign over a timeframe. */
export type MessageStats = {
  recipients: number;
  delivered: number;
  opens_unique: number;
  clicks_unique: number;
  conversion_uniques: number;
  conversion_value: number;
  bounced: number;
  spam_complaints: number;
  unsubscribe_uniques: number;
};

export const MESSAGE_COUNT_STATISTICS = [
  'recipients',
  'delivered',
  'opens_unique',
  'clicks_unique',
  'conversion_uniques',
  'conversion_value',
  'bounced',
  'spam_complaints',
  'unsubscribe_uniques',
] as const satisfies readonly (keyof MessageStats)[];

export type FormStats = { viewed_form: number; submits: number };
export type SegmentStats = { total_members: number };

export type ValuesBlock<T> = { fetchedAt: number; timeframe: string; byId: Record<string, T> };
export type SeriesBlock = { fetchedAt: number; dates: string[]; byId: Record<string, number[]> };
export type MetricDailyBlock = {
  fetchedAt: number;
  /** ISO dates (YYYY-MM-DD), ascending, the last one is today */
  dates: string[];
  /** metric name → counts aligned with dates; names absent from the account are absent here */
  byName: Record<string, number[]>;
  /** metric name → revenue per day (Placed Order sum_value), when fetched */
  valueByName?: Record<string, number[]>;
  /**
   * metric id → counts aligned with dates: the metrics the live flows are triggered by (and the account's Placed
   * Order), so two metrics of one name stay apart. Absent in figures fetched before it existed.
   */
  byId?: Record<string, number[]>;
};

export type PerformanceFigures = {
  flowValues30: ValuesBlock<MessageStats> | null;
  flowValues90: ValuesBlock<MessageStats> | null;
  campaignValues30: ValuesBlock<MessageStats> | null;
  campaignValues90: ValuesBlock<MessageStats> | null;
  /** daily recipients per flow */
  flowSeries: SeriesBlock | null;
  formValues30: ValuesBlock<FormStats> | null;
  segmentValues: ValuesBlock<SegmentStats> | null;
  metricDaily: MetricDailyBlock | null;
};

export const emptyFigures = (): PerformanceFigures => ({
  flowValues30: null,
  flowValues90: null,
  campaignValues30: null,
  campaignValues90: null,
  flowSeries: null,
  formValues30: null,
  segmentValues: null,
  metricDaily: null,
});

export const zeroStats = (): MessageStats => ({
  recipients: 0,
  delivered: 0,
  opens_unique: 0,
  clicks_unique: 0,
  conversion_uniques: 0,
  conversion_value: 0,
  bounced: 0,
  spam_complaints: 0,
  unsubscribe_uniques: 0,
});

export function addStats(into: MessageStats, s: Partial<MessageStats>): MessageStats {
  for (const k of MESSAGE_COUNT_STATISTICS) into[k] += Number(s[k] ?? 0) || 0;
  return into;
}

/** Rates as fractions, over delivered (as Klaviyo's UI does) except bounce, which is over recipients. */
export function rates(s: MessageStats) {
  const d = s.delivered || 0;
  const r = s.recipients || 0;
  return {
    open: d ? s.opens_unique / d : null,
    click: d ? s.clicks_unique / d : null,
    conversion: d ? s.conversion_uniques / d : null,
    spam: d ? s.spam_complaints / d : null,
    unsubscribe: d ? s.unsubscribe_uniques / d : null,
    bounce: r ? s.bounced / r : null,
    revenuePerRecipient: r ? s.conversion_value / r : null,
  };
}
