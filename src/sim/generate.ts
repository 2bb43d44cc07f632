import { createRng, IdMaker, type Rng } from './random';
import { createDataset, getResource, isoSeconds, linkBoth, put, setToOne } from './dataset';
import { LazyEvents, type EventMetricWeight } from './events';
import { publicKeyFor } from './keys';
import { API_INTEGRATION, applyQuirks, LEGACY_API_METRICS, storePlatformOf, type StorePlatform } from './quirks';
import type { SimDataset, SimResource, SimSize } from './types';

export type SizeProfile = {
  flows: number;
  campaigns: number;
  templates: number;
  forms: number;
  lists: number;
  segments: number;
  metrics: number;
  tags: number;
  tagGroups: number;
  profiles: number;
  events: number;
};

/** xl is a big real account; large ≈ 1/4 of it, medium ≈ 1/20. */
export const SIZES: Record<SimSize, SizeProfile> = {
  tiny: {
    flows: 3,
    campaigns: 6,
    templates: 4,
    forms: 2,
    lists: 3,
    segments: 2,
    metrics: 10,
    tags: 4,
    tagGroups: 2,
    profiles: 20,
    events: 200,
  },
  small: {
    flows: 10,
    campaigns: 60,
    templates: 20,
    forms: 5,
    lists: 8,
    segments: 6,
    metrics: 25,
    tags: 12,
    tagGroups: 3,
    profiles: 200,
    events: 5_000,
  },
  medium: {
    flows: 20,
    campaigns: 1_000,
    templates: 100,
    forms: 15,
    lists: 15,
    segments: 10,
    metrics: 40,
    tags: 30,
    tagGroups: 4,
    profiles: 1_000,
    events: 50_000,
  },
  large: {
    flows: 100,
    campaigns: 5_000,
    templates: 500,
    forms: 75,
    lists: 75,
    segments: 50,
    metrics: 80,
    tags: 80,
    tagGroups: 6,
    profiles: 5_000,
    events: 250_000,
  },
  xl: {
    flows: 400,
    campaigns: 20_000,
    templates: 2_000,
    forms: 300,
    lists: 300,
    segments: 200,
    metrics: 150,
    tags: 200,
    tagGroups: 8,
    profiles: 20_000,
    events: 1_000_000,
  },
};

export type GenerateOptions = {
  size: SimSize;
  seed: number;
  accountId?: string;
  accountName?: string;
  /** epoch ms every timestamp is relative to (default: start of the current UTC day) */
  anchor?: number;
};

const DAY = 86_400_000;
const KLAVIYO_METRICS = [
  'Received Email',
  'Opened Email',
  'Clicked Email',
  'Bounced Email',
  'Marked Email as Spam',
  'Unsubscribed',
  'Subscribed to List',
  'Received SMS',
  'Clicked SMS',
  'Sent SMS',
  'Failed to Deliver SMS',
  'Unsubscribed from SMS',
  'Received Push',
  'Opened Push',
  'Form submitted by profile',
  'Viewed Form',
];
const FLOW_KINDS = [
  { name: 'Welcome Series', trigger: 'list' },
  { name: 'Abandoned Cart', trigger: 'metric', metric: 'Added to Cart' },
  { name: 'Abandoned Checkout', trigger: 'metric', metric: 'Started Checkout' },
  { name: 'Browse Abandonment', trigger: 'metric', metric: 'Viewed Product' },
  { name: 'Post-Purchase Thank You', trigger: 'metric', metric: 'Placed Order' },
  { name: 'Winback', trigger: 'metric', metric: 'Placed Order' },
  { name: 'Birthday', trigger: 'date' },
  { name: 'Price Drop', trigger: 'price-drop' },
  { name: 'Low Inventory', trigger: 'low-inventory' },
  { name: 'Sunset Unengaged', trigger: 'segment' },
  { name: 'VIP Thank You', trigger: 'segment' },
  { name: 'Draft idea', trigger: 'none' },
] as const;
const CAMPAIGN_TOPICS = [
  'Spring Sale',
  'New Arrivals',
  'Weekly Newsletter',
  'Black Friday',
  'Cyber Monday',
  'Back in Stock',
  'Flash Sale',
  'Holiday Gift Guide',
  'Summer Edit',
  'Last Chance',
  'VIP Early Access',
  'Product Launch',
];
const LIST_NAMES = [
  'Newsletter',
  'Email Subscribers',
  'SMS Subscribers',
  'Preview List',
  'VIP Customers',
  'Wholesale',
  'Giveaway Entrants',
  'Popup Signups',
  'Footer Signups',
  'Back in Stock',
];
const SEGMENT_NAMES = [
  'Engaged 30 days',
  'Engaged 90 days',
  'All Customers',
  'Repeat Buyers',
  'VIP',
  'New Subscribers',
  'Unengaged 180 days',
  'Active on Site',
  'High AOV',
  'Churn Risk',
];
const TAG_NAMES = [
  'Q1',
  'Q2',
  'Q3',
  'Q4',
  'BFCM',
  'Evergreen',
  'Promo',
  'Test',
  'Retention',
  'Acquisition',
  'Seasonal',
  'Core',
  'Archive me',
  'Review',
];
const TAG_GROUP_NAMES = ['Campaign type', 'Season', 'Owner', 'Channel', 'Status', 'Region', 'Audience', 'Priority'];
const FORM_TYPES = ['popup', 'flyout', 'embed', 'full_page', 'banner'] as const;

function ts(ms: number): string {
  return isoSeconds(ms);
}

type Ctx = {
  rng: Rng;
  ds: SimDataset;
  anchor: number;
  p: SizeProfile;
  seed: number;
  numericIds: { n: number };
  sixIds: IdMaker;
  platform: StorePlatform;
};

/** created/updated pair within the last `days`, with a few in the future and same-second clusters (PRODUCT A5). */
function stamps(c: Ctx, index: number, days = 700, minDays = 30): { created: number; updated: number } {
  const created = c.anchor - c.rng.int(minDays, days) * DAY + c.rng.int(0, DAY - 1);
  let updated = Math.min(c.anchor - 1000, created + c.rng.int(0, 200) * DAY + c.rng.int(0, DAY - 1));
  if (index % 37 === 5) updated = c.anchor + DAY + c.rng.int(60, 900) * 1000; // clock skew: slightly in the future
  return { created, updated };
}

function sameSecondCluster(items: SimResource[], field: string): void {
  // every 25th item shares its `updated` second with the next two (same-second writes are real)
  for (let i = 0; i + 2 < items.length; i += 25) {
    const v = items[i]!.attributes[field];
    items[i + 1]!.attributes[field] = v;
    items[i + 2]!.attributes[field] = v;
  }
}

/** The store platform's metrics, then what an old custom integration left (same names), then Klaviyo's own. */
function makeMetrics(c: Ctx): SimResource[] {
  const out: SimResource[] = [];
  const store = c.platform.metrics.length;
  const legacy = store + LEGACY_API_METRICS.length;
  const names = [...c.platform.metrics, ...LEGACY_API_METRICS, ...KLAVIYO_METRICS];
  for (let i = 0; i < c.p.metrics; i++) {
    const base = names[i];
    const name = base ?? `Custom Event ${i - names.length + 1}`;
    const { created, updated } = stamps(c, i, 1400);
    const integration =
      i < store
        ? c.platform.integration
        : base && i >= legacy
          ? { object: 'integration', id: '0rG4eQ', key: 'klaviyo', name: 'Klaviyo', category: 'Internal' }
          : API_INTEGRATION;
    out.push(
      put(c.ds, {
        type: 'metric',
        id: c.sixIds.next(),
        attributes: { name, created: ts(created), updated: ts(updated), integration },
        relationships: { 'flow-triggers': { data: [] } },
      }),
    );
  }
  return out;
}

function makeTagGroups(c: Ctx): { groups: SimResource[]; tags: SimResource[] } {
  const groups: SimResource[] = [];
  for (let i = 0; i < c.p.tagGroups; i++) {
    groups.push(
      put(c.ds, {
        type: 'tag-group',
        id: String(100000 + c.rng.int(0, 899999) * 10 + i),
        attributes: {
          name: i === 0 ? 'Default' : (TAG_GROUP_NAMES[i - 1] ?? `Group ${i}`),
          exclusive: i > 0 && i % 3 === 0,
          default: i === 0,
        },
        relationships: { tags: { data: [] } },
      }),
    );
  }
  const tags: SimResource[] = [];
  for (let i = 0; i < c.p.tags; i++) {
    const group = i < c.p.tags / 2 ? groups[0]! : c.rng.pick(groups);
    const tag = put(c.ds, {
      type: 'tag',
      id: c.rng.uuid(),
      attributes: { name: TAG_NAMES[i] ?? `${c.rng.pick(TAG_NAMES)} ${i}` },
      relationships: { flows: { data: [] }, campaigns: { data: [] }, lists: { data: [] }, segments: { data: [] } },
    });
    setToOne(tag, 'tag-group', group);
    linkBoth(group, 'tags', tag, '__none');
    delete tag.relationships!['__none'];
    tags.push(tag);
  }
  return { groups, tags };
}

function tagSome(c: Ctx, item: SimResource, tags: SimResource[], relOnTag: string, p = 0.35): void {
  if (!tags.length) return;
  item.relationships ??= {};
  item.relationships.tags ??= { data: [] };
  if (!c.rng.chance(p)) return;
  const n = c.rng.int(1, 3);
  for (let k = 0; k < n; k++) linkBoth(item, 'tags', c.rng.pick(tags), relOnTag);
}

function makeLists(c: Ctx, tags: SimResource[]): SimResource[] {
  const out: SimResource[] = [];
  for (let i = 0; i < c.p.lists; i++) {
    const { created, updated } = stamps(c, i);
    const l = put(c.ds, {
      type: 'list',
      id: c.sixIds.next(),
      attributes: {
        name: i < LIST_NAMES.length ? LIST_NAMES[i]! : `${c.rng.pick(LIST_NAMES)} ${i}`,
        created: ts(created),
        updated: ts(updated),
        opt_in_process: c.rng.chance(0.3) ? 'double_opt_in' : 'single_opt_in',
        profile_count: 0, // set from the memberships once profiles exist
      },
      relationships: { profiles: { data: [] }, 'flow-triggers': { data: [] } },
    });
    tagSome(c, l, tags, 'lists', 0.2);
    out.push(l);
  }
  sameSecondCluster(out, 'updated');
  return out;
}

function segmentDefinition(c: Ctx, metrics: SimResource[], lists: SimResource[]): unknown {
  const placed = metrics.find((m) => m.attributes.name === 'Placed Order') ?? metrics[0]!;
  const kind = c.rng.int(0, 2);
  if (kind === 0 && lists.length) {
    return {
      condition_groups: [
        { conditions: [{ type: 'profile-group-membership', is_member: true, group_ids: [c.rng.pick(lists).id] }] },
      ],
    };
  }
  if (kind === 1) {
    return {
      condition_groups: [
        {
          conditions: [
            {
              type: 'profile-metric',
              metric_id: placed.id,
              measurement: 'count',
              measurement_filter: { type: 'numeric', operator: 'greater-than-or-equal', value: c.rng.int(1, 4) },
              timeframe_filter: {
                type: 'date',
                operator: 'in-the-last',
                unit: 'day',
                quantity: c.rng.pick([30, 90, 180, 365]),
              },
            },
          ],
        },
      ],
    };
  }
  return {
    condition_groups: [
      {
        conditions: [
          {
            type: 'profile-property',
            property: 'location.country',
            filter: { type: 'string', operator: 'equals', value: c.rng.pick(['Poland', 'Germany', 'United States']) },
          },
        ],
      },
    ],
  };
}

function makeSegments(c: Ctx, tags: SimResource[], metrics: SimResource[], lists: SimResource[]): SimResource[] {
  const out: SimResource[] = [];
  for (let i = 0; i < c.p.segments; i++) {
    const { created, updated } = stamps(c, i);
    const s = put(c.ds, {
      type: 'segment',
      id: c.sixIds.next(),
      attributes: {
        name: i < SEGMENT_NAMES.length ? SEGMENT_NAMES[i]! : `${c.rng.pick(SEGMENT_NAMES)} ${i}`,
        definition: segmentDefinition(c, metrics, lists),
        created: ts(created),
        updated: ts(updated),
        is_active: !c.rng.chance(0.1),
        is_processing: c.rng.chance(0.05),
        is_starred: c.rng.chance(0.15),
        profile_count: 0, // set from the memberships once profiles exist
      },
      relationships: { profiles: { data: [] }, 'flow-triggers': { data: [] } },
    });
    tagSome(c, s, tags, 'segments', 0.2);
    out.push(s);
  }
  sameSecondCluster(out, 'updated');
  return out;
}

const EDITOR_TYPES = [
  ['SYSTEM_DRAGGABLE', 6],
  ['CODE', 2],
  ['USER_DRAGGABLE', 1],
] as const;

function makeTemplates(c: Ctx): SimResource[] {
  const out: SimResource[] = [];
  for (let i = 0; i < c.p.templates; i++) {
    const { created, updated } = stamps(c, i);
    const editor = c.rng.weighted(EDITOR_TYPES);
    const name = `${c.rng.pick(CAMPAIGN_TOPICS)} template ${i + 1}`;
    const attrs: Record<string, unknown> = {
      name,
      editor_type: editor,
      html: `<!DOCTYPE html><html><body><h1>${name}</h1><p>{{ first_name|default:'there' }}, see what is new.</p><a href="{% unsubscribe_url %}">Unsubscribe</a></body></html>`,
      text: null,
      amp: null,
      created: ts(created),
      updated: ts(updated),
    };
    if (editor === 'SYSTEM_DRAGGABLE') {
      attrs.definition = {
        body: { properties: { css_class: null }, styles: { background_color: '#ffffff', width: 600 }, sections: [] },
        styles: [
          { style_type: 'base-styles', properties: { currency: 'PLN', mobile_optimizations: true }, styles: {} },
        ],
      };
    }
    out.push(put(c.ds, { type: 'template', id: c.sixIds.next(), attributes: attrs }));
  }
  sameSecondCluster(out, 'updated');
  return out;
}

function makeForms(c: Ctx): void {
  const forms: SimResource[] = [];
  for (let i = 0; i < c.p.forms; i++) {
    const { created, updated } = stamps(c, i);
    const abTest = c.rng.chance(0.15);
    const form = put(c.ds, {
      type: 'form',
      id: c.sixIds.next(),
      attributes: {
        name: `${c.rng.pick(['Welcome', 'Spin to Win', 'Exit Intent', 'Footer', 'Back in Stock', 'SMS Opt-in'])} ${c.rng.pick(FORM_TYPES)} ${i + 1}`,
        status: c.rng.chance(0.6) ? 'live' : 'draft',
        ab_test: abTest,
        created_at: ts(created),
        updated_at: ts(updated),
      },
      relationships: { 'form-versions': { data: [] } },
    });
    const versions = abTest ? 2 : c.rng.int(1, 2);
    for (let v = 0; v < versions; v++) {
      const fv = put(c.ds, {
        type: 'form-version',
        id: String(c.numericIds.n++),
        attributes: {
          form_type: c.rng.pick(FORM_TYPES),
          variation_name: abTest ? `Variation ${String.fromCharCode(65 + v)}` : `Version ${v + 1}`,
          ...(abTest ? { ab_test: { variation_name: `Variation ${String.fromCharCode(65 + v)}` } } : {}),
          status: v === versions - 1 ? (form.attributes.status as string) : 'draft',
          created_at: ts(created + v * 3600_000),
          updated_at: ts(updated),
        },
      });
      setToOne(fv, 'form', form);
      linkBoth(form, 'form-versions', fv, '__none');
      delete fv.relationships!['__none'];
    }
    forms.push(form);
  }
  sameSecondCluster(forms, 'updated_at');
}

type FlowKind = (typeof FLOW_KINDS)[number];

function consentFilter(): unknown {
  return {
    condition_groups: [
      {
        conditions: [
          {
            type: 'profile-marketing-consent',
            consent: { channel: 'email', can_receive_marketing: true, consent_status: { subscription: 'subscribed' } },
          },
        ],
      },
    ],
  };
}

const ABANDONMENT = new Set(['Added to Cart', 'Started Checkout', 'Viewed Product']);

/** The flow kinds name the generic checkout metric; the store's own name is the platform's. */
const metricNameFor = (c: Ctx, generic: string): string =>
  generic === 'Started Checkout' ? c.platform.checkout : generic;

/** Abandonment flows usually exclude buyers since the flow started; about one in five forgets (audit rule F4). */
function flowProfileFilter(c: Ctx, kind: FlowKind, metrics: SimResource[]): unknown {
  if (kind.trigger !== 'metric') return null;
  if (!ABANDONMENT.has(kind.metric)) return kind.metric === 'Placed Order' ? null : consentFilter();
  if (c.rng.chance(0.2)) return null;
  const placed = metrics.find((m) => m.attributes.name === 'Placed Order') ?? metrics[0]!;
  return {
    condition_groups: [
      {
        conditions: [
          {
            type: 'profile-metric',
            metric_id: placed.id,
            measurement: 'count',
            measurement_filter: { type: 'numeric', operator: 'equals', value: 0 },
            timeframe_filter: { type: 'date', operator: 'flow-start' },
          },
        ],
      },
    ],
  };
}

function triggerFor(
  c: Ctx,
  kind: FlowKind,
  metrics: SimResource[],
  lists: SimResource[],
  segments: SimResource[],
): { triggerType: string; triggers: unknown[]; source?: SimResource } {
  switch (kind.trigger) {
    case 'list': {
      const l = lists.length ? c.rng.pick(lists) : undefined;
      return {
        triggerType: 'Added to List',
        triggers: l ? [{ type: 'list', id: l.id }] : [],
        ...(l ? { source: l } : {}),
      };
    }
    case 'segment': {
      const s = segments.length ? c.rng.pick(segments) : undefined;
      return {
        triggerType: 'Added to List',
        triggers: s ? [{ type: 'segment', id: s.id }] : [],
        ...(s ? { source: s } : {}),
      };
    }
    case 'metric': {
      const want = metricNameFor(c, kind.metric);
      const m = metrics.find((x) => x.attributes.name === want) ?? metrics[0]!;
      return { triggerType: 'Metric', triggers: [{ type: 'metric', id: m.id, trigger_filter: null }], source: m };
    }
    case 'date':
      return {
        triggerType: 'Date Based',
        triggers: [
          {
            type: 'date',
            date_field_type: 'profile-property',
            date_profile_property: 'birthday',
            timedelta_value_before_date: 0,
            timedelta_unit_before_date: 'days',
            recurrence_frequency: 'annually',
            trigger_time: '09:00:00',
          },
        ],
      };
    case 'price-drop':
      return {
        triggerType: 'Price Drop',
        triggers: [
          {
            type: 'price-drop',
            trigger_filter: null,
            price_drop_amount_value: 10,
            price_drop_amount_unit: 'percent',
            audience: ['viewed', 'checkout-started'],
            timeframe_days: 30,
          },
        ],
      };
    case 'low-inventory':
      return {
        triggerType: 'Low Inventory',
        triggers: [
          {
            type: 'low-inventory',
            product_level: 'product',
            trigger_filter: null,
            inventory_count: 5,
            audience: ['viewed', 'added-to-cart'],
            timeframe_days: 30,
          },
        ],
      };
    default:
      return { triggerType: 'Unconfigured', triggers: [] };
  }
}

function makeFlows(
  c: Ctx,
  tags: SimResource[],
  metrics: SimResource[],
  lists: SimResource[],
  segments: SimResource[],
  templates: SimResource[],
): void {
  const flows: SimResource[] = [];
  for (let i = 0; i < c.p.flows; i++) {
    const kind = FLOW_KINDS[i % FLOW_KINDS.length]!;
    const { created, updated } = stamps(c, i);
    const { triggerType, triggers, source } = triggerFor(c, kind, metrics, lists, segments);
    const status =
      kind.trigger === 'none'
        ? 'draft'
        : i % 7 === 3 // every account has a core flow left in manual (audit rule F11)
          ? 'manual'
          : c.rng.weighted([
              ['live', 6],
              ['manual', 2],
              ['draft', 2],
            ] as const);
    const archived = i % 9 === 8;
    const flow = put(c.ds, {
      type: 'flow',
      id: c.sixIds.next(),
      attributes: {
        name: i < FLOW_KINDS.length ? kind.name : `${kind.name} ${Math.floor(i / FLOW_KINDS.length) + 1}`,
        status,
        archived,
        created: ts(created),
        updated: ts(updated),
        trigger_type: triggerType,
      },
      relationships: { 'flow-actions': { data: [] } },
    });
    tagSome(c, flow, tags, 'flows');
    if (source && (source.type === 'list' || source.type === 'segment' || source.type === 'metric')) {
      linkBoth(source, 'flow-triggers', flow, '__none');
      delete flow.relationships!['__none'];
    }

    // Actions: a chain of sends and delays with an optional conditional split whose branches rejoin nothing.
    const steps = kind.trigger === 'none' ? 0 : c.rng.int(2, 7);
    const actions: Record<string, unknown>[] = [];
    const ids: string[] = [];
    for (let s = 0; s < steps; s++) ids.push(String(c.numericIds.n++));
    for (let s = 0; s < steps; s++) {
      const id = ids[s]!;
      const next = ids[s + 1] ?? null;
      const isLast = s === steps - 1;
      let action: Record<string, unknown>;
      const messageStatus =
        status === 'live'
          ? c.rng.weighted([
              ['live', 8],
              ['manual', 1],
              ['draft', 1],
            ] as const)
          : status === 'manual'
            ? 'manual'
            : 'draft';
      if (s % 2 === 1 && !isLast) {
        action = {
          id,
          type: 'time-delay',
          links: { next },
          data: {
            unit: c.rng.pick(['hours', 'days']),
            value: c.rng.pick([1, 2, 4, 24]),
            secondary_value: null,
            timezone: 'profile',
            delay_until_time: null,
            delay_until_weekdays: [],
          },
        };
      } else if (s === 2 && steps > 4) {
        action = {
          id,
          type: 'conditional-split',
          links: { next_if_true: next, next_if_false: null },
          data: {
            profile_filter: {
              condition_groups: [
                {
                  conditions: [
                    {
                      type: 'profile-metric',
                      metric_id: (metrics.find((m) => m.attributes.name === 'Placed Order') ?? metrics[0]!).id,
                      measurement: 'count',
                      measurement_filter: { type: 'numeric', operator: 'equals', value: 0 },
                      timeframe_filter: { type: 'date', operator: 'alltime' },
                    },
                  ],
                },
              ],
            },
          },
        };
      } else {
        const channel = c.rng.weighted([
          ['email', 7],
          ['sms', 2],
          ['push', 1],
        ] as const);
        const template = channel === 'email' && templates.length ? c.rng.pick(templates) : undefined;
        const msgId = c.sixIds.next();
        const msgName = `${kind.name} ${channel === 'email' ? 'Email' : channel === 'sms' ? 'SMS' : 'Push'} #${s + 1}`;
        const common = { smart_sending_enabled: c.rng.chance(0.8), additional_filters: null, name: msgName, id: msgId };
        let message: Record<string, unknown>;
        let type: string;
        if (channel === 'email') {
          type = 'send-email';
          message = {
            from_email: 'hello@example-shop.com',
            from_label: 'Example Shop',
            reply_to_email: null,
            cc_email: null,
            bcc_email: null,
            subject_line: `${kind.name}: a note for you`,
            preview_text: 'Open for more',
            template_id: template?.id ?? null,
            transactional: false,
            add_tracking_params: c.rng.chance(0.7),
            custom_tracking_params: [],
            ...common,
          };
        } else if (channel === 'sms') {
          type = 'send-sms';
          message = {
            body: `Example Shop: ${kind.name}. Reply STOP to opt out.`,
            image_id: null,
            shorten_links: true,
            include_contact_card: false,
            add_org_prefix: true,
            add_info_link: true,
            add_opt_out_language: c.rng.chance(0.9),
            sms_quiet_hours_enabled: true,
            transactional: false,
            add_tracking_params: false,
            custom_tracking_params: [],
            template_id: null,
            ...common,
          };
        } else {
          type = 'send-mobile-push';
          message = {
            title: kind.name,
            body: 'Something new for you',
            sound: true,
            badge: false,
            on_open: 'home',
            ...common,
          };
        }
        action = { id, type, links: { next }, data: { message, status: messageStatus } };
        const fm = put(c.ds, {
          type: 'flow-message',
          id: msgId,
          attributes: {
            channel: channel === 'push' ? 'push' : channel,
            created: ts(created),
            updated: ts(updated),
            definition: message,
          },
          relationships: {},
        });
        setToOne(fm, 'flow-action', { type: 'flow-action', id });
        setToOne(fm, 'template', template ? { type: 'template', id: template.id } : null);
      }
      actions.push(action);
      const fa = put(c.ds, {
        type: 'flow-action',
        id,
        attributes: { created: ts(created), updated: ts(updated), definition: action },
        relationships: { 'flow-messages': { data: [] } },
      });
      setToOne(fa, 'flow', flow);
      linkBoth(flow, 'flow-actions', fa, '__none');
      delete fa.relationships!['__none'];
      const msg = (action.data as { message?: { id?: string } } | undefined)?.message;
      if (msg?.id) fa.relationships!['flow-messages'] = { data: [{ type: 'flow-message', id: msg.id }] };
    }
    flow.attributes.definition = {
      triggers,
      profile_filter: flowProfileFilter(c, kind, metrics),
      actions,
      entry_action_id: ids[0] ?? null,
    };
    flows.push(flow);
  }
  sameSecondCluster(flows, 'updated');
}

const CAMPAIGN_STATUSES = [
  ['Sent', 70],
  ['Draft', 14],
  ['Scheduled', 5],
  ['Cancelled', 3],
  ['Cancelled: No Recipients', 1],
  ['Sending', 1],
  ['Variations Sent', 1],
] as const;

function makeCampaigns(
  c: Ctx,
  tags: SimResource[],
  lists: SimResource[],
  segments: SimResource[],
  templates: SimResource[],
): void {
  const audiences = [...lists, ...segments];
  const campaigns: SimResource[] = [];
  for (let i = 0; i < c.p.campaigns; i++) {
    const channel = c.rng.weighted([
      ['email', 70],
      ['sms', 22],
      ['mobile_push', 8],
    ] as const);
    // most campaigns are recent, so a demo account shows a believable weekly cadence
    const { created, updated } = stamps(c, i, c.rng.chance(0.7) ? 180 : 900, 12);
    const status = c.rng.weighted(CAMPAIGN_STATUSES);
    const sendAt = status === 'Scheduled' ? c.anchor + c.rng.int(1, 20) * DAY : created + c.rng.int(1, 10) * DAY;
    const sent = status === 'Sent' || status === 'Variations Sent' || status === 'Sending';
    const included = audiences.length ? [c.rng.pick(audiences).id] : [];
    if (audiences.length > 2 && c.rng.chance(0.3)) {
      const extra = c.rng.pick(audiences).id;
      if (!included.includes(extra)) included.push(extra);
    }
    const excluded =
      segments.length && c.rng.chance(0.4) ? [c.rng.pick(segments).id].filter((x) => !included.includes(x)) : [];
    const topic = c.rng.pick(CAMPAIGN_TOPICS);
    const campaign = put(c.ds, {
      type: 'campaign',
      id: c.rng.ulid(created),
      attributes: {
        name: `${topic} ${new Date(sendAt).toISOString().slice(0, 10)} ${channel === 'email' ? '' : channel.toUpperCase()}`.trim(),
        status,
        archived: i % 17 === 3,
        audiences: { included, excluded },
        send_options: { use_smart_sending: c.rng.chance(0.85) },
        tracking_options:
          channel === 'email'
            ? {
                add_tracking_params: c.rng.chance(0.7),
                custom_tracking_params: [],
                is_tracking_clicks: true,
                is_tracking_opens: c.rng.chance(0.9),
              }
            : channel === 'sms'
              ? { add_tracking_params: c.rng.chance(0.5), custom_tracking_params: [] }
              : null,
        send_strategy: c.rng.chance(0.8)
          ? { method: 'static', datetime: ts(sendAt), options: { is_local: false } }
          : { method: 'immediate' },
        created_at: ts(created),
        scheduled_at: status === 'Draft' ? null : ts(sendAt - 3600_000),
        updated_at: ts(Math.max(updated, created)),
        send_time: sent || status === 'Scheduled' ? ts(sendAt) : null,
      },
      relationships: { 'campaign-messages': { data: [] } },
    });
    if (campaign.attributes.tracking_options === null) delete campaign.attributes.tracking_options;
    tagSome(c, campaign, tags, 'campaigns', 0.25);
    const template = channel === 'email' && templates.length ? c.rng.pick(templates) : undefined;
    let definition: Record<string, unknown>;
    if (channel === 'email') {
      definition = {
        channel: 'email',
        label: `${topic} email`,
        content: {
          subject: `${topic}: ${c.rng.pick(['just for you', 'starts now', 'last chance', '20% off'])}`,
          preview_text: 'Open to see more',
          from_email: 'hello@example-shop.com',
          from_label: 'Example Shop',
          reply_to_email: null,
          cc_email: null,
          bcc_email: null,
        },
      };
    } else if (channel === 'sms') {
      definition = {
        channel: 'sms',
        content: { body: `Example Shop: ${topic}! Shop now {{ link }} Reply STOP to opt out`, media_url: null },
        render_options: {
          shorten_links: true,
          add_org_prefix: true,
          add_info_link: true,
          add_opt_out_language: c.rng.chance(0.85),
        },
      };
    } else {
      definition = {
        channel: 'mobile_push',
        notification_type: 'standard',
        content: { title: topic, body: 'Tap to see what is new', dynamic_image: null, action_buttons: [] },
        kv_pairs: null,
      };
    }
    const msg = put(c.ds, {
      type: 'campaign-message',
      id: c.rng.ulid(created + 1000),
      attributes: {
        definition,
        send_times: sent ? [{ datetime: ts(sendAt), is_local: false }] : [],
        created_at: ts(created),
        updated_at: campaign.attributes.updated_at,
      },
      relationships: {},
    });
    setToOne(msg, 'campaign', campaign);
    setToOne(msg, 'template', template ? { type: 'template', id: template.id } : null);
    setToOne(msg, 'image', null);
    linkBoth(campaign, 'campaign-messages', msg, '__none');
    delete msg.relationships!['__none'];
    campaigns.push(campaign);
  }
  sameSecondCluster(campaigns, 'updated_at');
}

/**
 * Real memberships (with joined_group_at) so GET /api/lists/{id}/profiles matches `profile_count`; a few lists
 * and segments stay empty on purpose (audit findings).
 */
function addMembers(c: Ctx, groups: SimResource[], profileIds: string[], maxShare: number): void {
  // keep the total near two memberships per profile, so xl stays small in memory and fast to build
  const damp = Math.min(1, 2 / Math.max(1, groups.length * (0.02 + maxShare / 2)));
  groups.forEach((g, gi) => {
    const members: { type: string; id: string; meta: { joined_group_at: string } }[] = [];
    const empty = g.type === 'list' ? gi % 11 === 7 : gi % 13 === 9;
    if (!empty && profileIds.length) {
      const want = Math.max(1, Math.round((0.02 + c.rng.next() * maxShare) * damp * profileIds.length));
      const picked = new Set<number>();
      for (let k = 0; k < want * 2 && picked.size < want; k++) picked.add(c.rng.int(0, profileIds.length - 1));
      for (const idx of [...picked].sort((a, b) => a - b)) {
        const id = profileIds[idx]!;
        const profile = getResource(c.ds, 'profile', id)!;
        const from = Date.parse(profile.attributes.created as string);
        const joined = from + Math.floor(c.rng.next() * Math.max(1, c.anchor - from));
        members.push({ type: 'profile', id, meta: { joined_group_at: isoSeconds(joined) } });
      }
    }
    g.relationships!.profiles = { data: members };
    g.attributes.profile_count = members.length;
  });
}

function makeProfiles(c: Ctx): string[] {
  const ids: string[] = [];
  const first = ['Anna', 'Jan', 'Maria', 'Piotr', 'Kasia', 'Tom', 'Emma', 'Liam', 'Zofia', 'Noah'];
  const last = ['Nowak', 'Kowalski', 'Smith', 'Müller', 'Wiśniewska', 'Brown', 'García', 'Lee'];
  for (let i = 0; i < c.p.profiles; i++) {
    const created = c.anchor - c.rng.int(1, 900) * DAY;
    const id = c.rng.ulid(created);
    const fn = c.rng.pick(first);
    const ln = c.rng.pick(last);
    put(c.ds, {
      type: 'profile',
      id,
      attributes: {
        email: `${fn.toLowerCase()}.${i}@example.com`,
        phone_number: c.rng.chance(0.3) ? `+4860${String(1000000 + i).padStart(7, '0')}` : null,
        external_id: c.rng.chance(0.5) ? `shopify-${100000 + i}` : null,
        first_name: fn,
        last_name: ln,
        organization: null,
        locale: c.rng.pick(['pl-PL', 'en-US', 'de-DE']),
        title: null,
        image: null,
        created: ts(created),
        updated: ts(created + c.rng.int(0, 100) * DAY),
        last_event_date: ts(c.anchor - c.rng.int(0, 60) * DAY),
        location: {
          address1: null,
          address2: null,
          city: c.rng.pick(['Warsaw', 'Kraków', 'Berlin', 'Austin']),
          country: c.rng.pick(['Poland', 'Germany', 'United States']),
          latitude: null,
          longitude: null,
          region: null,
          zip: null,
          timezone: 'Europe/Warsaw',
          ip: null,
        },
        properties: {},
      },
    });
    ids.push(id);
  }
  return ids;
}

const EVENT_WEIGHTS: Record<string, number> = {
  'Active on Site': 30,
  'Viewed Product': 25,
  'Added to Cart': 8,
  'Started Checkout': 4,
  'Checkout Started': 4,
  'Placed Order': 3,
  'Received Email': 20,
  'Opened Email': 10,
  'Clicked Email': 3,
};

/** Builds one account's dataset from (size, seed); xl finishes in a few seconds because events stay lazy. */
export function generateDataset(o: GenerateOptions): { dataset: SimDataset; name: string } {
  const p = SIZES[o.size];
  if (!p) throw new Error(`unknown simulator size "${o.size}" (tiny, small, medium, large, xl)`);
  const rng = createRng(o.seed);
  const anchor = o.anchor ?? Math.floor(Date.now() / DAY) * DAY;
  const accountId = o.accountId ?? publicKeyFor(o.seed);
  const ds = createDataset(accountId);
  const c: Ctx = {
    rng,
    ds,
    anchor,
    p,
    seed: o.seed,
    numericIds: { n: 10_000_000 + rng.int(0, 999_999) * 10 },
    sixIds: new IdMaker(() => rng.alnum(6)),
    platform: storePlatformOf(o.seed),
  };
  const name = o.accountName ?? `Demo Store ${accountId}`;
  put(ds, {
    type: 'account',
    id: accountId,
    attributes: {
      test_account: false,
      contact_information: {
        default_sender_name: name,
        default_sender_email: 'hello@example-shop.com',
        website_url: 'https://example-shop.com',
        organization_name: name,
        street_address: {
          address1: 'ul. Prosta 1',
          address2: null,
          city: 'Warsaw',
          region: 'Mazowieckie',
          country: 'Poland',
          zip: '00-001',
        },
      },
      industry: 'Apparel & Accessories',
      timezone: 'Europe/Warsaw',
      preferred_currency: 'PLN',
      public_api_key: accountId,
      locale: 'pl-PL',
    },
  });
  const metrics = makeMetrics(c);
  const { tags } = makeTagGroups(c);
  const lists = makeLists(c, tags);
  const segments = makeSegments(c, tags, metrics, lists);
  const templates = makeTemplates(c);
  makeForms(c);
  makeFlows(c, tags, metrics, lists, segments, templates);
  makeCampaigns(c, tags, lists, segments, templates);
  const profileIds = makeProfiles(c);
  addMembers(c, lists, profileIds, 0.6);
  addMembers(c, segments, profileIds, 0.4);
  applyQuirks(ds, o.seed);
  // the legacy API metrics record nothing any more: events go to the store's and Klaviyo's own
  const weights: EventMetricWeight[] = metrics
    .filter(
      (m) => EVENT_WEIGHTS[m.attributes.name as string] !== undefined && m.attributes.integration !== API_INTEGRATION,
    )
    .map((m) => ({
      metricId: m.id,
      name: m.attributes.name as string,
      weight: EVENT_WEIGHTS[m.attributes.name as string]!,
    }));
  // Every fourth seed has an integration that stopped sending Viewed Product ten days ago.
  const viewed = weights.find((w) => w.name === 'Viewed Product');
  const stalled = viewed && o.seed % 4 === 1 ? { metricId: viewed.metricId, fromMs: anchor - 10 * DAY } : undefined;
  ds.events = new LazyEvents({
    ...(stalled ? { stalled } : {}),
    seed: o.seed,
    count: weights.length && profileIds.length ? p.events : 0,
    startMs: anchor - 400 * DAY,
    endMs: anchor,
    metrics: weights,
    profileIds,
  });
  return { dataset: ds, name };
}
