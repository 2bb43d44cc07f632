/**
 * The English sentence of every change between two syncs, by message key (see `changeMessageKeys` in the
 * contract). `{type}` is the kind of item in words, `{from}`/`{to}` of a delay are durations in words; names,
 * statuses and Klaviyo's fields arrive as they are and are never translated. A key with a numeric `count` has
 * plural forms.
 */
export const changesEn = {
  added: '{type} ‘{name}’ added',
  removed: '{type} ‘{name}’ removed',
  status: '{name}: {from} → {to}',
  renamed: '{type} ‘{from}’ renamed to ‘{to}’',
  archived: '{type} ‘{name}’ archived',
  unarchived: '{type} ‘{name}’ restored from the archive',
  audience: '{type} ‘{name}’: audience {delta}',
  excluded: '{type} ‘{name}’: excluded {delta}',
  tags: '{type} ‘{name}’: tags {delta}',
  subject: '{name}: subject changed',
  profileCount_one: '{type} ‘{name}’: {from} → {to} profile',
  profileCount_other: '{type} ‘{name}’: {from} → {to} profiles',
  stepAdded: '{name}: step {step} added ({action})',
  stepRemoved: '{name}: step {step} removed ({action})',
  stepDelay: '{name}: step {step} delay {from} → {to}',
  stepStatus: '{name}: step {step} {from} → {to}',
  stepSubject: '{name}: step {step} ({message}) subject changed',
  stepChanged: '{name}: step {step} changed',
  triggerChanged: '{name}: trigger changed',
  filterChanged: '{name}: entry filter changed',
  fields_one: '{type} ‘{name}’: {count} field changed ({fields})',
  fields_other: '{type} ‘{name}’: {count} fields changed ({fields})',
  onlyTimestamps: '{type} ‘{name}’: only its update time moved',
} as const;

/** The kind of item, as a sentence starts with it. */
export const typeWordsEn = {
  flows: 'Flow',
  'flow-actions': 'Flow step',
  'flow-messages': 'Flow message',
  campaigns: 'Campaign',
  'campaign-messages': 'Campaign message',
  templates: 'Template',
  forms: 'Form',
  'form-versions': 'Form version',
  lists: 'List',
  segments: 'Segment',
  metrics: 'Metric',
  tags: 'Tag',
  'tag-groups': 'Tag group',
} as const;

/** Units of a delay: singular and plural. */
export const unitWordsEn = {
  minutes_one: 'minute',
  minutes_other: 'minutes',
  hours_one: 'hour',
  hours_other: 'hours',
  days_one: 'day',
  days_other: 'days',
  weeks_one: 'week',
  weeks_other: 'weeks',
} as const;

/** What a flow step does, by Klaviyo's action type; a type without words is shown as Klaviyo spells it. */
export const actionWordsEn: Record<string, string> = {
  'send-email': 'email',
  'send-sms': 'SMS',
  'send-mobile-push': 'push notification',
  'send-push-notification': 'push notification',
  'send-whatsapp': 'WhatsApp message',
  'send-internal-alert': 'internal alert',
  'time-delay': 'delay',
  'countdown-delay': 'countdown',
  'conditional-split': 'conditional split',
  'trigger-split': 'trigger split',
  'ab-test': 'A/B test',
  'update-profile': 'profile update',
  'list-update': 'list update',
  'send-webhook': 'webhook',
  webhook: 'webhook',
};
