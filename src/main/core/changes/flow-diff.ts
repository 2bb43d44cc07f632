import type { ChangeMessage, Duration } from '../../../shared/contract/changes';
import { durationUnits } from '../../../shared/contract/changes';
import { diffFields } from './field-diff';

type Action = { id?: unknown; type?: unknown; links?: unknown; data?: unknown };
type Definition = { actions?: unknown; entry_action_id?: unknown; triggers?: unknown; profile_filter?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function actionsOf(def: unknown): Action[] {
  const actions = isObject(def) ? (def as Definition).actions : undefined;
  return Array.isArray(actions) ? actions.filter(isObject) : [];
}

/**
 * A flow's actions in the order a person reads them: from the entry action along its links (depth first, the
 * "yes" branch before the "no" one), then any action no link reaches, in the definition's order.
 */
export function stepOrder(def: unknown): string[] {
  const actions = actionsOf(def);
  const byId = new Map(actions.map((a) => [str(a.id), a]));
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (id: string) => {
    // an explicit stack: a definition is untrusted input and may be long or cyclic
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop()!;
      if (!cur || seen.has(cur) || !byId.has(cur)) continue;
      seen.add(cur);
      order.push(cur);
      const links = byId.get(cur)!.links;
      const next = isObject(links) ? Object.values(links).map(str).filter(Boolean) : [];
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
    }
  };
  if (isObject(def)) visit(str((def as Definition).entry_action_id));
  for (const a of actions) visit(str(a.id));
  return order;
}

function unitOf(v: unknown): Duration['unit'] | null {
  const u = str(v).toLowerCase();
  const plural = u.endsWith('s') ? u : `${u}s`;
  return (durationUnits as readonly string[]).includes(plural) ? (plural as Duration['unit']) : null;
}

function delayOf(a: Action): Duration | null {
  const data = isObject(a.data) ? a.data : {};
  const unit = unitOf(data.unit);
  return unit && typeof data.value === 'number' ? { amount: data.value, unit } : null;
}

const DELAY_PATHS = new Set(['data.value', 'data.unit']);

/** What changed in one step (the same action id in both versions), worded; empty when nothing did. */
export function stepMessages(flowName: string, step: number, before: Action, after: Action): ChangeMessage[] {
  const fields = diffFields(
    { attributes: before as Record<string, unknown>, relationships: {} },
    {
      attributes: after as Record<string, unknown>,
      relationships: {},
    },
  ).filter((f) => !f.noise);
  if (!fields.length) return [];
  const out: ChangeMessage[] = [];
  let rest = fields;
  const from = delayOf(before);
  const to = delayOf(after);
  if (from && to && fields.some((f) => DELAY_PATHS.has(f.path))) {
    out.push({ key: 'stepDelay', params: { name: flowName, step, from, to } });
    rest = rest.filter((f) => !DELAY_PATHS.has(f.path));
  }
  if (rest.some((f) => f.path === 'data.status')) {
    const b = isObject(before.data) ? before.data.status : null;
    const a = isObject(after.data) ? after.data.status : null;
    out.push({ key: 'stepStatus', params: { name: flowName, step, from: str(b) || '—', to: str(a) || '—' } });
    rest = rest.filter((f) => f.path !== 'data.status');
  }
  if (rest.some((f) => f.path === 'data.message.subject_line')) {
    const msg = isObject(after.data) && isObject(after.data.message) ? after.data.message : {};
    out.push({ key: 'stepSubject', params: { name: flowName, step, message: str(msg.name) || str(after.type) } });
    rest = rest.filter((f) => f.path !== 'data.message.subject_line');
  }
  if (rest.length) out.push({ key: 'stepChanged', params: { name: flowName, step } });
  return out;
}

/**
 * A flow definition's changes in words: steps added and removed, and each kept step's changes, actions matched
 * by id (their position may move when a step is inserted before them), then trigger and entry filter.
 */
export function definitionMessages(flowName: string, before: unknown, after: unknown): ChangeMessage[] {
  const out: ChangeMessage[] = [];
  const a = new Map(actionsOf(before).map((x) => [str(x.id), x]));
  const b = new Map(actionsOf(after).map((x) => [str(x.id), x]));
  const orderA = stepOrder(before);
  const orderB = stepOrder(after);
  orderA.forEach((id, i) => {
    if (!b.has(id))
      out.push({ key: 'stepRemoved', params: { name: flowName, step: i + 1, action: str(a.get(id)!.type) } });
  });
  orderB.forEach((id, i) => {
    const now = b.get(id)!;
    const was = a.get(id);
    if (!was) out.push({ key: 'stepAdded', params: { name: flowName, step: i + 1, action: str(now.type) } });
    else out.push(...stepMessages(flowName, i + 1, was, now));
  });
  const part = (d: unknown, k: keyof Definition) => JSON.stringify(isObject(d) ? ((d as Definition)[k] ?? null) : null);
  if (part(before, 'triggers') !== part(after, 'triggers'))
    out.push({ key: 'triggerChanged', params: { name: flowName } });
  if (part(before, 'profile_filter') !== part(after, 'profile_filter'))
    out.push({ key: 'filterChanged', params: { name: flowName } });
  return out;
}
