import { num, str } from './input';

/**
 * A flow definition read as a graph. The spec's `FlowDefinition.actions` are linked by id: most actions have
 * `links.next`; the splits (`conditional-split`, `trigger-split`, `action-output-split`) have `next_if_true` /
 * `next_if_false`; a `multi-branch-split` has one `links.next` per branch. A profile takes ONE way through a
 * split, so messages are counted per path, never summed over branches. An `ab-test` (or `content-experiment`)
 * is one step whatever its number of variations: the profile gets one of them.
 */

export type FlowStep = {
  id: string;
  /** the action's kind; an A/B test of emails reads as `send-email` (with `experiment`) */
  type: string;
  /** the action's status: live, draft, manual, disabled */
  status: string | null;
  smartSending: boolean | null;
  transactional: boolean;
  additionalFilters: unknown;
  delayMinutes: number | null;
  /** the step is an A/B test (`ab-test` / `content-experiment`) of this kind of message */
  experiment?: boolean;
};

/** Every action kind of the spec's FlowDefinition (revision 2026-07-15), by what it does for a profile. */
export const ACTION_KINDS = {
  email: ['send-email'],
  otherSend: ['send-sms', 'send-mobile-push', 'send-whatsapp'],
  /** messages to the team or to systems, never to the profile */
  internal: ['send-webhook', 'send-internal-alert'],
  delay: ['time-delay', 'countdown-delay', 'target-date', 'back-in-stock-delay'],
  split: ['conditional-split', 'trigger-split', 'action-output-split', 'multi-branch-split'],
  experiment: ['ab-test', 'content-experiment'],
  other: ['update-profile', 'list-update', 'internal-service', 'code'],
} as const;
const KNOWN = new Set<string>(Object.values(ACTION_KINDS).flat());

export const isKnownActionType = (t: string): boolean => KNOWN.has(t);

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Raw) : {});

/** One action as a step; an experiment reads as its main action's kind. */
export function parseStep(id: string, def: Raw): FlowStep {
  let type = str(def.type) ?? 'unknown';
  const data = obj(def.data);
  let experiment = false;
  let messageData = data;
  if (type === 'ab-test' || type === 'content-experiment') {
    const main = obj(data.main_action);
    const mainType = str(main.type);
    experiment = true;
    messageData = obj(main.data);
    if (mainType) type = mainType;
  }
  const message = obj(messageData.message);
  let delayMinutes: number | null = null;
  if (type === 'time-delay') {
    const v = num(data.value) ?? 0;
    const unit = str(data.unit) ?? 'days';
    delayMinutes = unit === 'minutes' ? v : unit === 'hours' ? v * 60 : v * 1440;
  }
  return {
    id,
    type,
    // an experiment's own status is the step's (its variations follow it)
    status: str(data.status) ?? str(messageData.status),
    smartSending: typeof message.smart_sending_enabled === 'boolean' ? message.smart_sending_enabled : null,
    transactional: message.transactional === true,
    additionalFilters: message.additional_filters ?? null,
    delayMinutes,
    ...(experiment ? { experiment: true } : {}),
  };
}

/** The ids an action leads to, whatever its kind of links. */
export function nextIds(action: Raw): string[] {
  const links = obj(action.links);
  const out: string[] = [];
  for (const k of ['next', 'next_if_true', 'next_if_false']) if (links[k] != null) out.push(String(links[k]));
  if (str(action.type) === 'multi-branch-split') {
    const branches = obj(action.data).branches;
    if (Array.isArray(branches))
      for (const b of branches) {
        const n = obj(obj(b).links).next;
        if (n != null) out.push(String(n));
      }
  }
  return out;
}

export type FlowGraph = {
  /** every action as a step, in the order the paths first meet them (unreachable ones last) */
  steps: FlowStep[];
  /** each way a profile can go from the entry action to an end (capped; see MAX_PATHS) */
  paths: FlowStep[][];
  /** action kinds the spec did not have when this was written: the flow is read, these steps are not judged */
  unknownTypes: string[];
};

/** Enough for any flow a person builds; a pathological definition is cut here rather than exploding. */
export const MAX_PATHS = 512;

/**
 * Reads a definition's actions as a graph from `entryId` (or, without it, from the action nothing leads to;
 * without links at all, the array order is the one path).
 */
export function readFlowGraph(actions: Raw[], entryId: string | null): FlowGraph {
  const byId = new Map<string, Raw>();
  actions.forEach((a, i) => byId.set(a.id != null ? String(a.id) : `#${i}`, a));
  const ids = [...byId.keys()];
  const stepOf = new Map(ids.map((id) => [id, parseStep(id, byId.get(id)!)]));
  const unknownTypes = [...new Set(actions.map((a) => str(a.type) ?? 'unknown').filter((t) => !isKnownActionType(t)))];
  const linked = actions.some((a) => nextIds(a).length > 0);
  if (!linked) {
    const steps = ids.map((id) => stepOf.get(id)!);
    return { steps, paths: steps.length ? [steps] : [], unknownTypes };
  }
  const targets = new Set(actions.flatMap(nextIds));
  const entry = entryId && byId.has(entryId) ? entryId : (ids.find((id) => !targets.has(id)) ?? ids[0] ?? null);
  const paths: FlowStep[][] = [];
  const met: string[] = [];
  const seenOnce = new Set<string>();
  const walk = (id: string, trail: string[]) => {
    if (paths.length >= MAX_PATHS) return;
    if (!seenOnce.has(id)) {
      seenOnce.add(id);
      met.push(id);
    }
    const here = [...trail, id];
    const next = nextIds(byId.get(id)!).filter((n) => byId.has(n) && !here.includes(n));
    if (!next.length) {
      paths.push(here.map((x) => stepOf.get(x)!));
      return;
    }
    // the two ways out of a split may meet again: each way is its own path
    for (const n of [...new Set(next)]) walk(n, here);
  };
  if (entry) walk(entry, []);
  const steps = [...met, ...ids.filter((id) => !seenOnce.has(id))].map((id) => stepOf.get(id)!);
  return { steps, paths, unknownTypes };
}

/** The live emails on the path that has the most of them (the series a profile can receive in full). */
export function bestPathLiveEmails(paths: FlowStep[][]): FlowStep[] {
  let best: FlowStep[] = [];
  for (const p of paths) {
    const e = p.filter((s) => s.type === 'send-email' && s.status === 'live');
    if (e.length > best.length) best = e;
  }
  return best;
}

/** The path with the most live emails (first such path), or null without paths. */
export function bestPath(paths: FlowStep[][]): FlowStep[] | null {
  let best: FlowStep[] | null = null;
  let n = -1;
  for (const p of paths) {
    const e = p.filter((s) => s.type === 'send-email' && s.status === 'live').length;
    if (e > n) {
      best = p;
      n = e;
    }
  }
  return best;
}
