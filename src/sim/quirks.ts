import { createRng } from './random';
import type { SimDataset, SimResource } from './types';

/**
 * What real Klaviyo accounts look like and a tidy generator would not produce: each store platform names its
 * metrics its own way, an old custom integration leaves metrics of the same name behind, list names repeat,
 * campaigns keep pointing at lists deleted since, timestamps come with and without microseconds. The simulator
 * is written from Klaviyo's side, so these names are its own data, not the app's table. A quirk never adds a field
 * the spec's schema lacks (e.g. no `send_options.ignore_unsubscribes`: this revision's send options have only
 * `use_smart_sending`).
 */

export type StorePlatform = {
  key: string;
  integration: { object: 'integration'; id: string; key: string; name: string; category: string };
  /** the store's metric names (the name Klaviyo shows for this platform's checkout, order, … events) */
  metrics: readonly string[];
  checkout: string;
};

const STORE_METRICS = (checkout: string) =>
  [
    'Placed Order',
    checkout,
    'Added to Cart',
    'Viewed Product',
    'Active on Site',
    'Ordered Product',
    'Fulfilled Order',
    'Cancelled Order',
    'Refunded Order',
  ] as const;

const platform = (key: string, id: string, name: string, checkout: string): StorePlatform => ({
  key,
  integration: { object: 'integration', id, key, name, category: 'eCommerce' },
  metrics: STORE_METRICS(checkout),
  checkout,
});

/** Shopify's checkout metric is "Checkout Started"; WooCommerce, BigCommerce and Magento say "Started Checkout". */
export const STORE_PLATFORMS: readonly StorePlatform[] = [
  platform('woocommerce', 'Xk4Rf2', 'WooCommerce', 'Started Checkout'),
  platform('bigcommerce', 'Tq7Lm9', 'BigCommerce', 'Started Checkout'),
  platform('shopify', '0eMvjm', 'Shopify', 'Checkout Started'),
  platform('magento_two', 'Mg2Pz8', 'Magento 2', 'Started Checkout'),
];

/** The account's store platform: seeds take turns (the demo's seed 4242 is a Shopify store). */
export const storePlatformOf = (seed: number): StorePlatform =>
  STORE_PLATFORMS[((seed % STORE_PLATFORMS.length) + STORE_PLATFORMS.length) % STORE_PLATFORMS.length]!;

export const API_INTEGRATION = { object: 'integration', id: '7FtS4J', key: 'api', name: 'API', category: 'API' };

/**
 * Metrics an old custom (API) integration left behind, with the store's own names: a second "Placed Order" and a
 * "Started Checkout" (on Shopify, next to its "Checkout Started"). They record nothing any more.
 */
export const LEGACY_API_METRICS = ['Placed Order', 'Started Checkout'] as const;

/** `2024-05-01T10:22:31.123456+00:00`: Klaviyo writes some times with microseconds and others without. */
export function withMicros(iso: string, micros: number): string {
  const m = /^(.*T\d{2}:\d{2}:\d{2})(\+00:00)$/.exec(iso);
  if (!m) return iso;
  return `${m[1]}.${String(Math.abs(micros) % 1_000_000).padStart(6, '0')}${m[2]}`;
}

const all = (ds: SimDataset, type: string): SimResource[] => [...(ds.resources.get(type)?.values() ?? [])];

function walkMetricConditions(node: unknown, visit: (c: Record<string, unknown>) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walkMetricConditions(n, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Record<string, unknown>;
  if (o.type === 'profile-metric') visit(o);
  for (const v of Object.values(o)) if (v && typeof v === 'object') walkMetricConditions(v, visit);
}

/**
 * Lays the account-wide quirks over a generated dataset. Uses its own random stream, so the rest of the account
 * is what the same seed always gave.
 */
export function applyQuirks(ds: SimDataset, seed: number): { deletedListId: string | null } {
  const rng = createRng(seed * 31 + 17);
  const campaigns = all(ds, 'campaign');
  const micro = (i: number) => (i * 7919 + seed * 104_729 + 1) % 1_000_000;

  campaigns.forEach((c, i) => {
    const a = c.attributes;
    // every other campaign (and its message) carries microseconds
    if (i % 2 === 0)
      for (const k of ['created_at', 'updated_at', 'scheduled_at'])
        if (typeof a[k] === 'string') a[k] = withMicros(a[k], micro(i));
    // every fifth static send goes out in each profile's own time zone
    const strategy = a.send_strategy as { method?: string; options?: unknown } | undefined;
    if (i % 5 === 1 && strategy?.method === 'static')
      strategy.options = { is_local: true, send_past_recipients_immediately: false };
  });
  for (const [i, m] of all(ds, 'campaign-message').entries())
    if (i % 2 === 0)
      for (const k of ['created_at', 'updated_at'])
        if (typeof m.attributes[k] === 'string') m.attributes[k] = withMicros(m.attributes[k] as string, micro(i));

  // metric conditions: Klaviyo answers `metric_filters: null` on some and a property filter list on others
  let n = 0;
  const tagConditions = (def: unknown) =>
    walkMetricConditions(def, (cond) => {
      if ('metric_filters' in cond) return;
      cond.metric_filters =
        n++ % 3 === 2
          ? [{ property: '$value', filter: { type: 'numeric', operator: 'greater-than', value: 0 } }]
          : null;
    });
  for (const f of all(ds, 'flow')) tagConditions(f.attributes.definition);
  for (const s of all(ds, 'segment')) tagConditions(s.attributes.definition);

  // two lists of one name (a re-created "Newsletter")
  const lists = all(ds, 'list');
  if (lists.length >= 3) lists[lists.length - 1]!.attributes.name = lists[0]!.attributes.name;

  // a list deleted after the last email campaign was sent to it: the campaign still names it
  let deletedListId: string | null = null;
  const emailIds = new Set(
    all(ds, 'campaign-message')
      .filter((m) => (m.attributes.definition as { channel?: string } | undefined)?.channel === 'email')
      .map((m) => (m.relationships?.campaign?.data as { id: string } | null)?.id),
  );
  const sent = campaigns.filter((c) => c.attributes.status === 'Sent' && emailIds.has(c.id));
  const latest = sent.sort(
    (x, y) => Date.parse(String(y.attributes.send_time)) - Date.parse(String(x.attributes.send_time)),
  )[0];
  if (latest) {
    const taken = new Set([
      ...(ds.resources.get('list')?.keys() ?? []),
      ...(ds.resources.get('segment')?.keys() ?? []),
    ]);
    do deletedListId = rng.alnum(6);
    while (taken.has(deletedListId));
    const aud = latest.attributes.audiences as { included: string[] };
    aud.included = [...aud.included, deletedListId];
  }
  return { deletedListId };
}
