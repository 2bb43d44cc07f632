/**
 * What a Klaviyo metric means for the audit, read from its name and its integration. Each store integration
 * names the same shopper action its own way (Shopify's "Checkout Started" is everyone else's "Started
 * Checkout"), and one account can hold several metrics of one name (a Shopify "Placed Order" next to an old API
 * one). The names are data, one table per platform, each from that platform's Klaviyo data reference:
 * - Shopify: help.klaviyo.com/hc/en-us/articles/115005080447 (Checkout Started, Placed Order, Ordered Product,
 *   Fulfilled Order, Added to Cart; Active on Site and Viewed Product come from Klaviyo's own snippet);
 * - WooCommerce: help.klaviyo.com/hc/en-us/articles/360030732832 (Started Checkout, Added to Cart, …);
 * - BigCommerce: help.klaviyo.com/hc/en-us/articles/115005082587 (Started Checkout, Placed Order, …);
 * - Magento 2 and custom / API integrations: developers.klaviyo.com "Integrate a platform without a pre-built
 *   Klaviyo integration" (Active on Site, Viewed Product, Added to Cart, Started Checkout, Placed Order, Ordered
 *   Product, Fulfilled Order).
 */

export type MetricRole = 'checkout' | 'cart' | 'browse' | 'activeOnSite' | 'order' | 'orderedProduct' | 'fulfilled';

type NameTable = Partial<Record<MetricRole, readonly string[]>>;

const API_NAMES: NameTable = {
  checkout: ['Started Checkout'],
  cart: ['Added to Cart'],
  browse: ['Viewed Product'],
  activeOnSite: ['Active on Site'],
  order: ['Placed Order'],
  orderedProduct: ['Ordered Product'],
  fulfilled: ['Fulfilled Order'],
};

/** Metric names per integration key (`metric.attributes.integration.key`); `api` covers custom integrations. */
export const METRIC_NAMES_BY_PLATFORM: Record<string, NameTable> = {
  shopify: {
    checkout: ['Checkout Started'],
    cart: ['Added to Cart'],
    browse: ['Viewed Product'],
    activeOnSite: ['Active on Site'],
    order: ['Placed Order'],
    orderedProduct: ['Ordered Product'],
    fulfilled: ['Fulfilled Order', 'Fulfilled Partial Order'],
  },
  woocommerce: API_NAMES,
  bigcommerce: API_NAMES,
  magento_two: API_NAMES,
  magento: API_NAMES,
  api: API_NAMES,
};

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** every known name → its role (a name means the same on every platform that uses it) */
const ROLE_BY_NAME: Map<string, MetricRole> = (() => {
  const out = new Map<string, MetricRole>();
  for (const table of Object.values(METRIC_NAMES_BY_PLATFORM))
    for (const [role, names] of Object.entries(table) as [MetricRole, readonly string[]][])
      for (const n of names) out.set(norm(n), role);
  return out;
})();

/** Every metric name the audit recognises, in a stable order (charts and tests list them). */
export const KNOWN_TRIGGER_METRIC_NAMES: readonly string[] = [
  ...new Set(Object.values(METRIC_NAMES_BY_PLATFORM).flatMap((t) => Object.values(t).flat())),
];

/** The metric as the audit needs it: Klaviyo's id, name, integration and when Klaviyo last touched it. */
export type MetricInfo = {
  id: string;
  name: string;
  integrationKey: string | null;
  /** the integration as Klaviyo names it ("Shopify", "API") */
  integrationName: string | null;
  integrationCategory: string | null;
  updated: number | null;
};

export function metricInfo(m: { id: string; attributes: Record<string, unknown> }): MetricInfo {
  const integ = m.attributes.integration;
  const o = integ && typeof integ === 'object' ? (integ as Record<string, unknown>) : {};
  const key = typeof o.key === 'string' ? o.key : typeof o.id === 'string' ? o.id : null;
  const updated = typeof m.attributes.updated === 'string' ? Date.parse(m.attributes.updated) : NaN;
  return {
    id: m.id,
    name: typeof m.attributes.name === 'string' ? m.attributes.name : '',
    integrationKey: key ? key.toLowerCase() : null,
    integrationName: typeof o.name === 'string' && o.name.trim() ? o.name : null,
    integrationCategory: typeof o.category === 'string' ? o.category : null,
    updated: Number.isFinite(updated) ? updated : null,
  };
}

/**
 * Each metric's name as a person reads it: the name, and when another metric of the account carries the same
 * name, its integration too ("Placed Order (Shopify)" beside "Placed Order (API)"), so two are never confused.
 */
export function metricLabels(metrics: MetricInfo[]): Map<string, string> {
  const count = new Map<string, number>();
  for (const m of metrics) count.set(norm(m.name), (count.get(norm(m.name)) ?? 0) + 1);
  return new Map(
    metrics.map((m) => [
      m.id,
      (count.get(norm(m.name)) ?? 0) > 1 ? `${m.name} (${m.integrationName ?? m.integrationKey ?? m.id})` : m.name,
    ]),
  );
}

/** The role of a metric from its name; null for metrics no flow role hangs on (Opened Email, custom events). */
export function roleOfMetric(name: string | null | undefined): MetricRole | null {
  return name ? (ROLE_BY_NAME.get(norm(name)) ?? null) : null;
}

/** A store platform's integration ranks above Klaviyo's own (API / snippet), which ranks above none. */
function integrationRank(m: MetricInfo): number {
  if (m.integrationKey && m.integrationKey !== 'api' && m.integrationKey in METRIC_NAMES_BY_PLATFORM) return 2;
  if (m.integrationCategory && /commerce/i.test(m.integrationCategory)) return 2;
  return m.integrationKey ? 1 : 0;
}

/**
 * The one metric that stands for a role when several carry it (two "Placed Order": Shopify's and an old API
 * one): the store integration's first, then the one with the most recent activity (events in the window when
 * known, else Klaviyo's `updated`), then the lowest id so the choice is stable.
 */
export function primaryMetric(
  metrics: MetricInfo[],
  role: MetricRole,
  recentEvents?: (id: string) => number | null,
): MetricInfo | null {
  const candidates = metrics.filter((m) => roleOfMetric(m.name) === role);
  if (!candidates.length) return null;
  const score = (m: MetricInfo) => recentEvents?.(m.id) ?? -1;
  return [...candidates].sort(
    (a, b) =>
      integrationRank(b) - integrationRank(a) ||
      score(b) - score(a) ||
      (b.updated ?? 0) - (a.updated ?? 0) ||
      a.id.localeCompare(b.id),
  )[0]!;
}

/** The watched metric of a role: the metric whose events prove the integration still records. */
export type WatchedMetric = { id: string; name: string; role: MetricRole | null; withValue: boolean };

/**
 * The metrics worth watching (M1) and fetching daily: every metric a live flow is triggered by, whatever its
 * name, plus the account's primary Placed Order (its value is the store's revenue, R2). Returned in a stable
 * order: by role as listed, then by name and id.
 */
export function watchedMetrics(metrics: MetricInfo[], liveTriggerMetricIds: Iterable<string>): WatchedMetric[] {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const ids = new Set<string>();
  for (const id of liveTriggerMetricIds) if (byId.has(id)) ids.add(id);
  const order = primaryMetric(metrics, 'order');
  if (order) ids.add(order.id);
  const roleOrder: (MetricRole | null)[] = [
    'order',
    'checkout',
    'cart',
    'browse',
    'activeOnSite',
    'orderedProduct',
    'fulfilled',
    null,
  ];
  return [...ids]
    .map((id) => byId.get(id)!)
    .map((m) => ({ id: m.id, name: m.name, role: roleOfMetric(m.name), withValue: m.id === order?.id }))
    .sort(
      (a, b) =>
        roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) ||
        a.name.localeCompare(b.name) ||
        a.id.localeCompare(b.id),
    );
}
