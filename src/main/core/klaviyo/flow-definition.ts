/**
 * Flow actions and flow messages read out of a flow's definition (`get_flow` with `additional-fields[flow]=definition`)
 * instead of one `get_actions_for_flow` per flow and one `get_flow_action_messages` per send action, all three at
 * 60/min: the definition's `actions` are the same action objects `get_actions_for_flow` serves as each action's
 * `definition`, and each send action's `data.message` is the message `get_flow_action_messages` serves as the
 * message's `definition` (with its id, name and template).
 *
 * What the definition does not carry: the action's and the message's own `created`/`updated`. No rule, change
 * sentence or drawer reads them (a step's change shows in its definition, timestamps are noise in a diff), so they
 * are left out rather than paid for with the listings that set the full sync's floor.
 *
 * A derivation answers null when the definition cannot stand in for the listing (no definition, an action or a
 * message without its id): the sync then lists that parent's children through the operation, as before.
 */

type Item = {
  type: string;
  id: string;
  attributes?: Record<string, unknown> | null;
  relationships?: Record<string, unknown> | null;
};

const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const idOf = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);

/** The actions of a flow, shaped as `get_actions_for_flow` serves them; null when the definition cannot tell. */
export function flowActionsFromDefinition(flow: Item): Item[] | null {
  const def = obj(flow.attributes?.definition);
  if (!def || !Array.isArray(def.actions)) return null;
  const out: Item[] = [];
  for (const raw of def.actions) {
    const action = obj(raw);
    const id = idOf(action?.id);
    if (!action || !id) return null;
    out.push({
      type: 'flow-action',
      id,
      attributes: { definition: action },
      relationships: { flow: { data: { type: 'flow', id: flow.id } } },
    });
  }
  return out;
}

/** Klaviyo's message channel for a send action's type (`send-mobile-push` → `push`). */
const CHANNELS: Record<string, string> = {
  'send-email': 'email',
  'send-sms': 'sms',
  'send-mobile-push': 'push',
  'send-whatsapp': 'whatsapp',
  'send-webhook': 'webhook',
  'send-internal-alert': 'internal-alert',
};

/** the send actions inside an action: itself, or an A/B test's main action and its variations */
function sendActionsOf(action: Record<string, unknown>): Record<string, unknown>[] {
  const type = typeof action.type === 'string' ? action.type : '';
  if (type.startsWith('send-')) return [action];
  const data = obj(action.data);
  if (!data) return [];
  const variations = obj(data.current_experiment)?.variations;
  return [data.main_action, ...(Array.isArray(variations) ? variations : [])]
    .map(obj)
    .filter((x): x is Record<string, unknown> => !!x);
}

/**
 * The messages of a flow action, shaped as `get_flow_action_messages` serves them; null when a send action's message
 * has no id (the listing then answers for it). An action that sends nothing has none.
 */
export function flowMessagesFromDefinition(action: Item): Item[] | null {
  const def = obj(action.attributes?.definition);
  if (!def) return null;
  const out = new Map<string, Item>();
  const sends = sendActionsOf(def);
  const type = typeof def.type === 'string' ? def.type : '';
  // an A/B test or experiment whose sends cannot be read: ask the listing
  if (!sends.length && !type.startsWith('send-') && (type === 'ab-test' || type === 'content-experiment')) return null;
  for (const send of sends) {
    const message = obj(obj(send.data)?.message);
    const id = idOf(message?.id);
    if (!message || !id) return null;
    const templateId = idOf(message.template_id);
    const sendType = typeof send.type === 'string' ? send.type : '';
    out.set(id, {
      type: 'flow-message',
      id,
      attributes: { channel: CHANNELS[sendType] ?? sendType.replace(/^send-/, ''), definition: message },
      relationships: {
        'flow-action': { data: { type: 'flow-action', id: action.id } },
        ...(templateId ? { template: { data: { type: 'template', id: templateId } } } : {}),
      },
    });
  }
  return [...out.values()];
}

/** The derivations a resource definition can name (`parent.fromDefinition`). */
export const DEFINITION_DERIVATIONS = {
  'flow-actions': flowActionsFromDefinition,
  'flow-messages': flowMessagesFromDefinition,
} as const;
export type DefinitionDerivation = keyof typeof DEFINITION_DERIVATIONS;
