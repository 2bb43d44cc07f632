import type { FlowStep, FlowStepLabel } from '../../../shared/contract/inventory';
import type { InventoryItemSummary, Store } from '../store';

type Action = { id?: unknown; type?: unknown; links?: Record<string, unknown>; data?: Record<string, unknown> };
type Scalar = string | number | boolean | null;
type Described = Pick<FlowStep, 'label' | 'status' | 'details'>;

const MAX_STEPS = 500;

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
}

function scalars(o: Record<string, unknown> | undefined, keys: string[]): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const k of keys) {
    const v = o?.[k];
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
  }
  return out;
}

const label = (key: FlowStepLabel['key'], params: FlowStepLabel['params'] = {}): FlowStepLabel => ({ key, params });

type UnitKeys = { units: Record<string, FlowStepLabel['key']>; other: FlowStepLabel['key'] };

// Klaviyo spells units in the plural ("days"); the singular is accepted so an older export still reads.
const delayKeys: UnitKeys = {
  units: { minute: 'delayMinutes', hour: 'delayHours', day: 'delayDays' },
  other: 'delayOther',
};
// countdown-delay counts down to the date of a date-triggered flow, in days, weeks or months
const countdownKeys: UnitKeys = {
  units: { day: 'countdownDays', week: 'countdownWeeks', month: 'countdownMonths' },
  other: 'countdownOther',
};

/** A whole number of a known unit, or `value` and `unit` passed through as Klaviyo gave them. */
function unitLabel({ units, other }: UnitKeys, value: unknown, unit: unknown): FlowStepLabel {
  const key = units[(str(unit) ?? '').toLowerCase().replace(/s$/, '')];
  if (key && typeof value === 'number' && Number.isInteger(value) && value >= 0) return label(key, { count: value });
  return label(other, { value: str(value) ?? '?', unit: str(unit) ?? '' });
}

// send-push-notification is not in the current spec; older definitions used it for send-mobile-push
const sendKeys: Record<string, [FlowStepLabel['key'], FlowStepLabel['key']]> = {
  'send-email': ['sendEmail', 'sendEmailNamed'],
  'send-sms': ['sendSms', 'sendSmsNamed'],
  'send-mobile-push': ['sendPush', 'sendPushNamed'],
  'send-push-notification': ['sendPush', 'sendPushNamed'],
  'send-whatsapp': ['sendWhatsApp', 'sendWhatsAppNamed'],
  'send-internal-alert': ['sendInternalAlert', 'sendInternalAlertNamed'],
};

// Actions described by their kind alone (plus their status); `webhook` is the pre-spec spelling of send-webhook.
const plainKeys: Record<string, FlowStepLabel['key']> = {
  'conditional-split': 'conditionalSplit',
  'trigger-split': 'triggerSplit',
  'ab-test': 'abTest',
  'content-experiment': 'abTest',
  'update-profile': 'updateProfile',
  'list-update': 'updateList',
  'send-webhook': 'webhook',
  webhook: 'webhook',
  'action-output-split': 'actionOutputSplit',
  'back-in-stock-delay': 'backInStockDelay',
  code: 'code',
  'internal-service': 'internalService',
};

function describe(a: Action): Described {
  const type = str(a.type) ?? 'unknown';
  const data = (a.data ?? {}) as Record<string, unknown>;
  const message = (data.message ?? {}) as Record<string, unknown>;
  const status = str(data.status);
  if (type === 'time-delay')
    return {
      label: unitLabel(delayKeys, data.value, data.unit),
      status: null,
      details: scalars(data, ['value', 'unit', 'delay_until_time']),
    };
  if (type === 'countdown-delay')
    return {
      label: unitLabel(countdownKeys, data.value, data.unit),
      status: null,
      details: scalars(data, ['value', 'unit', 'timezone', 'delay_until_time']),
    };
  if (type === 'target-date') {
    const time = str(data.target_time);
    const days = Array.isArray(data.target_days) ? data.target_days.filter((d) => typeof d === 'string') : [];
    return {
      label: time ? label('targetDateAt', { time }) : label('targetDate'),
      status: null,
      details: {
        ...scalars(data, ['target_time', 'timezone']),
        ...(days.length ? { target_days: days.join(', ') } : {}),
      },
    };
  }
  if (type === 'multi-branch-split') {
    const name = str(data.name);
    const count = Array.isArray(data.branches) ? data.branches.length : 0;
    return {
      label: name ? label('multiBranchSplitNamed', { name, count }) : label('multiBranchSplit', { count }),
      status,
      details: {},
    };
  }
  const send = sendKeys[type];
  if (send) {
    const name = str(message.name);
    return {
      label: name ? label(send[1], { name }) : label(send[0]),
      status,
      details: {
        ...scalars(message, ['subject_line', 'preview_text', 'smart_sending_enabled', 'template_id', 'body']),
        messageId: str(message.id),
      },
    };
  }
  const plain = plainKeys[type];
  if (plain) return { label: label(plain), status, details: scalars({ ...data, ...message }, ['url']) };
  return { label: label('other', { type }), status, details: {} };
}

function triggerLabel(t: Record<string, unknown> | undefined): FlowStepLabel {
  const type = str(t?.type) ?? 'trigger';
  const id = str(t?.id);
  if (id && type === 'list') return label('triggerList', { id });
  if (id && type === 'segment') return label('triggerSegment', { id });
  if (id && type === 'metric') return label('triggerMetric', { id });
  const property = str(t?.date_profile_property) ?? str(t?.custom_object_label);
  if (type === 'date' && property) return label('triggerDate', { property });
  if (type === 'price-drop') return label('triggerPriceDrop');
  if (type === 'low-inventory') return label('triggerLowInventory');
  return label('triggerOther', { type });
}

/**
 * A flow definition (`triggers`, `actions` linked by `links.next` / `next_if_true` / `next_if_false`,
 * `entry_action_id`) flattened into readable steps in walking order: the main path at depth 0, each branch of a
 * split one level deeper. Actions not reachable from the entry are listed at the end so nothing is hidden;
 * cycles and absurd sizes are cut off.
 */
export function flowSteps(definition: unknown): FlowStep[] | null {
  if (!definition || typeof definition !== 'object') return null;
  const def = definition as { actions?: unknown; entry_action_id?: unknown; triggers?: unknown };
  const actions = Array.isArray(def.actions) ? (def.actions as Action[]) : [];
  const byId = new Map<string, Action>();
  for (const a of actions) {
    const id = str(a?.id);
    if (id) byId.set(id, a);
  }
  const steps: FlowStep[] = [];
  const seen = new Set<string>();

  const triggers = Array.isArray(def.triggers) ? (def.triggers as Array<Record<string, unknown>>) : [];
  for (const [i, t] of triggers.entries()) {
    steps.push({
      id: `trigger-${i}`,
      type: 'trigger',
      label: triggerLabel(t),
      status: null,
      depth: 0,
      branch: null,
      details: scalars(t, ['type', 'id']),
    });
  }

  const walk = (startId: string | null, depth: number, branch: string | null) => {
    let id = startId;
    let first = true;
    while (id && !seen.has(id) && steps.length < MAX_STEPS) {
      const a = byId.get(id);
      if (!a) break;
      seen.add(id);
      const d = describe(a);
      steps.push({ id, type: str(a.type) ?? 'unknown', ...d, depth, branch: first ? branch : null });
      first = false;
      const links = a.links ?? {};
      if ('next_if_true' in links || 'next_if_false' in links) {
        walk(str(links.next_if_true), depth + 1, 'yes');
        walk(str(links.next_if_false), depth + 1, 'no');
        id = str(links.next);
      } else {
        id = str(links.next);
      }
    }
  };
  walk(str(def.entry_action_id) ?? str(actions[0]?.id), 0, null);
  for (const a of actions) {
    const id = str(a?.id);
    if (id && !seen.has(id)) walk(id, 0, null);
  }
  return steps;
}

/**
 * A flow's steps from its `definition`; when the sync did not keep one on the flow, from its actions' own
 * definitions (each flow-action item carries its action), so the drawer still reads as a list of steps.
 */
export function flowStepsOf(
  store: Store,
  workspaceId: string,
  definition: unknown,
  children: InventoryItemSummary[],
): FlowStep[] | null {
  const fromFlow = flowSteps(definition);
  if (fromFlow && fromFlow.length) return fromFlow;
  const actions = children
    .filter((c) => c.resourceType === 'flow-actions')
    .map((c) => store.inventory.get(workspaceId, 'flow-actions', c.klaviyoId)?.attributes.definition)
    .filter((d) => d && typeof d === 'object');
  return actions.length ? flowSteps({ actions }) : fromFlow;
}
