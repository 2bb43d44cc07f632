import type { FlowStep } from '../../../shared/contract/inventory';

type Action = { id?: unknown; type?: unknown; links?: Record<string, unknown>; data?: Record<string, unknown> };
type Scalar = string | number | boolean | null;

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

function describe(a: Action): { title: string; status: string | null; details: Record<string, Scalar> } {
  const type = str(a.type) ?? 'unknown';
  const data = (a.data ?? {}) as Record<string, unknown>;
  const message = (data.message ?? {}) as Record<string, unknown>;
  switch (type) {
    case 'time-delay': {
      const value = data.value;
      const unit = str(data.unit) ?? '';
      const singular = value === 1 ? unit.replace(/s$/, '') : unit;
      return {
        title: `Wait ${value ?? '?'} ${singular}`.trim(),
        status: null,
        details: scalars(data, ['value', 'unit', 'delay_until_time']),
      };
    }
    case 'send-email':
    case 'send-sms':
    case 'send-mobile-push':
    case 'send-push-notification': {
      const channel = type === 'send-email' ? 'email' : type === 'send-sms' ? 'SMS' : 'push notification';
      const name = str(message.name);
      return {
        title: name ? `Send ${channel} “${name}”` : `Send ${channel}`,
        status: str(data.status),
        details: {
          ...scalars(message, ['subject_line', 'preview_text', 'smart_sending_enabled', 'template_id', 'body']),
          messageId: str(message.id),
        },
      };
    }
    case 'conditional-split':
      return { title: 'Conditional split', status: null, details: {} };
    case 'trigger-split':
      return { title: 'Trigger split', status: null, details: {} };
    case 'ab-test':
      return { title: 'A/B test', status: str(data.status), details: {} };
    case 'update-profile':
      return { title: 'Update profile property', status: null, details: {} };
    case 'webhook':
      return { title: 'Webhook', status: str(data.status), details: scalars(data, ['url']) };
    default:
      return {
        title: type.replace(/-/g, ' ').replace(/^./, (c) => c.toUpperCase()),
        status: str(data.status),
        details: {},
      };
  }
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
    const type = str(t?.type) ?? 'trigger';
    steps.push({
      id: `trigger-${i}`,
      type: 'trigger',
      title: `Trigger: ${type}${str(t?.id) ? ` (${str(t?.id)})` : ''}`,
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
