import type {
  AudienceWords,
  StandardAudience,
  StandardAudienceKey,
  StandardThresholds,
} from '../../../shared/contract/audiences';
import type { SegmentDefinition } from '../../../shared/contract/outbox';
import { metricInfo, primaryMetric, type MetricInfo } from '../performance';

/**
 * The standard segments as the spec's SegmentDefinition. In a definition every condition group must hold and one
 * condition of a group is enough, so "VIP = orders ≥ N or revenue ≥ X" is one group of two conditions.
 */

export const STANDARD_NAMES: Record<StandardAudienceKey, string> = {
  all_customers: 'All Customers',
  new_subscribers: 'New Subscribers',
  vip: 'VIP',
  active: 'Active',
};

/** Klaviyo's own email metrics: the same name in every account, whatever the store platform */
const EMAIL_METRICS = { opened: 'Opened Email', clicked: 'Clicked Email' } as const;

/** the metrics a standard segment needs, resolved from the workspace's synced metrics */
export type AudienceMetrics = { order: MetricInfo | null; opened: MetricInfo | null; clicked: MetricInfo | null };

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Klaviyo's own metric of that name (integration "klaviyo" first), then the most recently updated */
function klaviyoMetric(metrics: MetricInfo[], name: string): MetricInfo | null {
  const hits = metrics.filter((m) => norm(m.name) === norm(name));
  hits.sort(
    (a, b) =>
      Number(b.integrationKey === 'klaviyo') - Number(a.integrationKey === 'klaviyo') ||
      (b.updated ?? 0) - (a.updated ?? 0) ||
      a.id.localeCompare(b.id),
  );
  return hits[0] ?? null;
}

export function resolveAudienceMetrics(rows: { id: string; attributes: Record<string, unknown> }[]): AudienceMetrics {
  const metrics = rows.map(metricInfo);
  return {
    order: primaryMetric(metrics, 'order'),
    opened: klaviyoMetric(metrics, EMAIL_METRICS.opened),
    clicked: klaviyoMetric(metrics, EMAIL_METRICS.clicked),
  };
}

type Condition = Record<string, unknown> & { type: string };
type Built = { groups: { conditions: Condition[]; words: AudienceWords[] }[]; missing: string | null };

const ALLTIME = { type: 'date', operator: 'alltime' };
const inLast = (days: number) => ({ type: 'date', operator: 'in-the-last', unit: 'day', quantity: days });
const atLeast = (value: number) => ({ type: 'numeric', operator: 'greater-than-or-equal', value });

function metricCondition(m: MetricInfo, measurement: 'count' | 'sum', min: number, timeframe: object): Condition {
  return {
    type: 'profile-metric',
    metric_id: m.id,
    measurement,
    measurement_filter: atLeast(min),
    timeframe_filter: timeframe,
  };
}

function build(key: StandardAudienceKey, t: StandardThresholds, m: AudienceMetrics): Built {
  switch (key) {
    case 'all_customers':
      if (!m.order) return { groups: [], missing: 'Placed Order' };
      return {
        groups: [
          {
            conditions: [metricCondition(m.order, 'count', 1, ALLTIME)],
            words: [{ key: 'ordersAtLeastEver', params: { count: 1, metric: m.order.name } }],
          },
        ],
        missing: null,
      };
    case 'vip':
      if (!m.order) return { groups: [], missing: 'Placed Order' };
      return {
        groups: [
          {
            conditions: [
              metricCondition(m.order, 'count', t.vipOrders, ALLTIME),
              metricCondition(m.order, 'sum', t.vipRevenue, ALLTIME),
            ],
            words: [
              { key: 'ordersAtLeastEver', params: { count: t.vipOrders, metric: m.order.name } },
              { key: 'revenueAtLeastEver', params: { amount: t.vipRevenue, metric: m.order.name } },
            ],
          },
        ],
        missing: null,
      };
    case 'active': {
      const used = [m.opened, m.clicked].filter((x): x is MetricInfo => x !== null);
      if (!used.length) return { groups: [], missing: EMAIL_METRICS.opened };
      return {
        groups: [
          {
            conditions: used.map((x) => metricCondition(x, 'count', 1, inLast(t.activeDays))),
            words: used.map((x) => ({ key: 'metricInLast', params: { metric: x.name, days: t.activeDays } })),
          },
        ],
        missing: null,
      };
    }
    case 'new_subscribers':
      return {
        groups: [
          {
            conditions: [
              {
                type: 'profile-marketing-consent',
                consent: {
                  channel: 'email',
                  can_receive_marketing: true,
                  consent_status: {
                    subscription: 'subscribed',
                    filters: [{ field: 'status_date', filter: inLast(t.newSubscriberDays) }],
                  },
                },
              },
            ],
            words: [{ key: 'emailSubscribedInLast', params: { days: t.newSubscriberDays } }],
          },
        ],
        missing: null,
      };
  }
}

/** One standard segment: its definition (null when a metric is missing) and the same in words. */
export function standardAudience(
  key: StandardAudienceKey,
  thresholds: StandardThresholds,
  metrics: AudienceMetrics,
): Pick<StandardAudience, 'key' | 'name' | 'definition' | 'words' | 'missingMetric'> {
  const b = build(key, thresholds, metrics);
  const definition: SegmentDefinition | null = b.missing
    ? null
    : { condition_groups: b.groups.map((g) => ({ conditions: g.conditions })) };
  return {
    key,
    name: STANDARD_NAMES[key],
    definition,
    words: b.groups.map((g) => g.words),
    missingMetric: b.missing,
  };
}
