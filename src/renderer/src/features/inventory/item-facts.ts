import type { InventoryDetail } from '../../../../shared/contract/inventory';
import type { ResourceType } from '../../../../shared/contract/primitives';
import { showControls } from '../../../../shared/text';
import { valueWord, type DrawerT } from './drawer-words';

/**
 * An item's attributes as facts a strategist reads: labelled lines in words, names instead of ids, times in the
 * account's zone, a segment's conditions as sentences. Klaviyo's nested JSON stays in the Raw tab; an attribute
 * this table does not know is shown only when it is a plain value.
 */
export type Fact = { key: string; label: string; lines: string[] };

export type FactWords = {
  t: DrawerT;
  /** a time in the account's zone */
  time: (iso: string) => string;
  number: (n: number) => string;
  /** status-like enumerations as the app words them elsewhere */
  status: (s: string) => string;
  /** a resource type's name (flows, lists…) */
  resource: (type: ResourceType) => string;
};

type Attrs = Record<string, unknown>;
const rec = (v: unknown): Attrs => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Attrs) : {});
// Klaviyo's text is shown with its control characters written out, so a name cannot disguise itself
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? showControls(v) : null);
const strs = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** the name of a referenced item, or that it is not in the local inventory */
function namer(detail: InventoryDetail, t: DrawerT) {
  return (id: string, types?: ResourceType[]) => {
    const ref = detail.references.find((r) => r.id === id && (!types || types.includes(r.type)));
    return ref?.name != null ? showControls(ref.name) : t('value.notSynced', { id });
  };
}

function relIds(detail: InventoryDetail, rel: string): string[] {
  const data = rec(detail.relationships[rel]).data;
  return (Array.isArray(data) ? data : data ? [data] : []).map((d) => String(rec(d).id ?? '')).filter(Boolean);
}

/** a segment's definition in sentences: groups joined by "and", conditions within a group by "or" */
export function conditionLines(definition: unknown, t: DrawerT, name: (id: string) => string): string[] {
  const groups = Array.isArray(rec(definition).condition_groups) ? (rec(definition).condition_groups as unknown[]) : [];
  if (!groups.length) return [t('condition.none')];
  const op = (o: unknown) => {
    const w = t(`condition.op.${String(o)}`);
    return w.startsWith('condition.op.') ? String(o) : w;
  };
  const when = (tf: Attrs) => {
    if (tf.operator === 'in-the-last') {
      const unit = t(`condition.unit.${String(tf.unit)}`);
      return t('condition.inTheLast', {
        quantity: Number(tf.quantity),
        unit: unit.startsWith('condition.') ? String(tf.unit) : unit,
      });
    }
    return tf.operator === 'alltime' || !tf.operator
      ? t('condition.allTime')
      : `${op(tf.operator)} ${String(tf.value ?? '')}`;
  };
  const sentence = (c: Attrs): string => {
    switch (c.type) {
      case 'profile-group-membership': {
        const names = strs(c.group_ids)
          .map((id) => `“${name(id)}”`)
          .join(', ');
        return t(c.is_member === false ? 'condition.notMember' : 'condition.member', { names });
      }
      case 'profile-metric': {
        const filter = rec(c.measurement_filter);
        const params = {
          metric: name(String(c.metric_id ?? '')),
          op: op(filter.operator),
          value: String(filter.value ?? ''),
          when: when(rec(c.timeframe_filter)),
          measurement: String(c.measurement ?? ''),
        };
        return t(c.measurement === 'count' ? 'condition.metricCount' : 'condition.metricOther', params);
      }
      case 'profile-property': {
        const filter = rec(c.filter);
        const params = {
          property: String(c.property ?? ''),
          op: op(filter.operator),
          value: String(filter.value ?? ''),
        };
        return t(filter.value === undefined ? 'condition.propertySet' : 'condition.property', params);
      }
      default:
        return t('condition.other', { type: String(c.type ?? '?') });
    }
  };
  return groups.map((g, i) => {
    const conditions = Array.isArray(rec(g).conditions) ? (rec(g).conditions as unknown[]) : [];
    const text = conditions.map((c) => sentence(rec(c))).join(` ${t('condition.or')} `);
    return i === 0 ? text : `${t('condition.and')} ${text}`;
  });
}

/** The facts of one item, by type, in the order a strategist asks about them. */
export function itemFacts(detail: InventoryDetail, w: FactWords): Fact[] {
  const { t } = w;
  const a = detail.attributes;
  const name = namer(detail, t);
  const facts: Fact[] = [];
  const used = new Set<string>(['name', 'definition', 'html', 'text', 'amp']);
  const add = (key: string, lines: (string | null | undefined)[], label = t(`fact.${key}`)) => {
    const kept = lines.filter((l): l is string => !!l);
    if (kept.length) facts.push({ key, label, lines: kept });
  };
  const attr = (attrKey: string, factKey = attrKey, word: (v: unknown) => string | null = (v) => plain(v, w)) => {
    used.add(attrKey);
    if (a[attrKey] !== undefined && a[attrKey] !== null) add(factKey, [word(a[attrKey])]);
  };
  const time = (v: unknown) => (str(v) ? w.time(v as string) : null);
  // a list's or segment's last known size, asked apart from the sync, with when Klaviyo gave it
  const size = () => {
    if (detail.size)
      add('profileCount', [w.number(detail.size.count), t('value.sizeAsOf', { time: w.time(detail.size.observedAt) })]);
    else attr('profile_count', 'profileCount', (v) => (typeof v === 'number' ? w.number(v) : null));
    used.add('profile_count');
  };
  const yesNo = (v: unknown) => (typeof v === 'boolean' ? t(v ? 'value.yes' : 'value.no') : null);
  const refs = (ids: string[], types?: ResourceType[]) => ids.map((id) => name(id, types));
  const rel = (rel: string, factKey: string, types?: ResourceType[]) => add(factKey, refs(relIds(detail, rel), types));

  switch (detail.item.type) {
    case 'flows':
      attr('status', 'status', (v) => w.status(String(v)));
      attr('trigger_type', 'triggerType', str);
      attr('archived', 'archived', yesNo);
      rel('tags', 'tags');
      break;
    case 'campaigns': {
      attr('status', 'status', (v) => w.status(String(v)));
      const aud = rec(a.audiences);
      used.add('audiences');
      add('included', refs(strs(aud.included), ['lists', 'segments']));
      add('excluded', refs(strs(aud.excluded), ['lists', 'segments']));
      const strategy = rec(a.send_strategy);
      used.add('send_strategy');
      attr('send_time', 'sendTime', time);
      if (a.send_time === undefined || a.send_time === null) add('sendTime', [time(strategy.datetime)]);
      attr('scheduled_at', 'scheduledAt', time);
      if (str(strategy.method)) {
        const method = valueWord(t, String(strategy.method));
        add('sendMethod', [rec(strategy.options).is_local ? t('value.localTime', { method }) : method]);
      }
      const send = rec(a.send_options);
      used.add('send_options');
      if (typeof send.use_smart_sending === 'boolean') add('smartSending', [yesNo(send.use_smart_sending)]);
      if (send.ignore_unsubscribes === true) add('ignoreUnsubscribes', [t('value.yes')]);
      const tracking = rec(a.tracking_options);
      used.add('tracking_options');
      if (typeof tracking.is_tracking_opens === 'boolean')
        add('tracking', [
          t('value.opensClicks', {
            opens: t(tracking.is_tracking_opens ? 'value.on' : 'value.off'),
            clicks: t(tracking.is_tracking_clicks ? 'value.on' : 'value.off'),
          }),
        ]);
      attr('archived', 'archived', yesNo);
      rel('tags', 'tags');
      break;
    }
    case 'campaign-messages':
    case 'flow-messages': {
      const def = rec(a.definition);
      const content = { ...rec(a.content), ...rec(def.content), ...def };
      add('label', [str(def.label) ?? str(a.label)]);
      add('channel', [str(def.channel) ?? str(a.channel)]);
      used.add('channel').add('label').add('content');
      add('subject', [str(content.subject) ?? str(content.subject_line)]);
      add('previewText', [str(content.preview_text)]);
      add('from', [
        [str(content.from_label), str(content.from_email) && `<${String(content.from_email)}>`]
          .filter(Boolean)
          .join(' ') || null,
      ]);
      add('replyTo', [str(content.reply_to_email)]);
      rel('template', 'template', ['templates']);
      if (!relIds(detail, 'template').length && str(content.template_id))
        add('template', [name(String(content.template_id), ['templates'])]);
      rel('campaign', 'campaign', ['campaigns']);
      rel('flow-action', 'flowAction', ['flow-actions']);
      used.add('send_times');
      break;
    }
    case 'flow-actions': {
      const def = rec(a.definition);
      add('actionType', [str(def.type) ?? str(a.action_type)]);
      add('status', [str(rec(def.data).status) ? w.status(String(rec(def.data).status)) : str(a.status)]);
      used.add('action_type').add('status');
      rel('flow', 'flow', ['flows']);
      rel('flow-messages', 'messages', ['flow-messages']);
      break;
    }
    case 'lists':
      size();
      attr('opt_in_process', 'optIn', (v) => valueWord(t, String(v)));
      rel('tags', 'tags');
      break;
    case 'segments':
      size();
      add(
        'conditions',
        conditionLines(a.definition, t, (id) => name(id)),
      );
      attr('is_active', 'active', yesNo);
      attr('is_processing', 'processing', yesNo);
      attr('is_starred', 'starred', yesNo);
      rel('tags', 'tags');
      break;
    case 'metrics': {
      const integration = rec(a.integration);
      used.add('integration');
      add('integration', [str(integration.name) ?? str(integration.key)]);
      break;
    }
    case 'tags': {
      rel('tag-group', 'tagGroup', ['tag-groups']);
      const before = facts.length;
      for (const type of ['flows', 'campaigns', 'lists', 'segments'] as const)
        add(`appliedTo.${type}`, refs(relIds(detail, type), [type]), t('fact.appliedTo', { what: w.resource(type) }));
      // a tag on nothing says so, rather than leaving the strategist to wonder what was not read
      if (facts.length === before) add('appliedTo', [t('value.nothing')], t('fact.appliedToAny'));
      break;
    }
    case 'tag-groups':
      attr('exclusive', 'exclusive', yesNo);
      attr('default', 'isDefault', yesNo);
      rel('tags', 'tags', ['tags']);
      break;
    case 'templates':
      attr('editor_type', 'editorType', (v) => valueWord(t, String(v)));
      break;
    case 'forms':
      attr('status', 'status', (v) => w.status(String(v)));
      attr('ab_test', 'abTest', yesNo);
      rel('form-versions', 'versions', ['form-versions']);
      break;
    case 'form-versions':
      attr('form_type', 'formType', (v) => valueWord(t, String(v)));
      attr('variation_name', 'variationName', str);
      attr('status', 'status', (v) => w.status(String(v)));
      rel('form', 'form', ['forms']);
      break;
  }
  for (const k of ['created', 'created_at']) attr(k, 'created', time);
  for (const k of ['updated', 'updated_at']) attr(k, 'updated', time);
  // what the table does not know, when it is a plain value; nested JSON is for the Raw tab
  for (const [k, v] of Object.entries(a)) {
    if (used.has(k) || v === null || typeof v === 'object') continue;
    add(`attr.${k}`, [plain(v, w)], humanize(k));
  }
  return facts;
}

function plain(v: unknown, w: FactWords): string | null {
  if (typeof v === 'boolean') return w.t(v ? 'value.yes' : 'value.no');
  if (typeof v === 'number') return w.number(v);
  if (typeof v === 'string') return showControls(v);
  return null;
}

/** `opt_in_process` → "Opt in process": an attribute this app has no words for, readable all the same */
export function humanize(key: string): string {
  const s = key.replace(/[_-]+/g, ' ').trim();
  return s.charAt(0).toUpperCase() + s.slice(1);
}
