import { DAY_MS, type InvItem, accountCurrency, nameOf, str, time } from '../input';
import { addStats, rates, zeroStats, type MessageStats, type ValuesBlock } from '../../performance';
import type { Model } from '../model';
import type { EvidenceItem, Severity } from '../types';
import { fail, pass, percent, round, rule, unknown, type Outcome, type Threshold } from './define';

export function campaignChannel(c: InvItem): string | null {
  return c.channel ?? str(c.attributes.channel) ?? str(c.attributes.send_channel) ?? null;
}

/** Sent email campaigns (or campaigns whose channel is not recorded) with their send time. */
const sentMemo = new WeakMap<InvItem[], Map<number, { c: InvItem; at: number }[]>>();

/** Memoised per inventory array: several rules ask for the same window of a 20,000-campaign account. */
export function sentCampaigns(items: InvItem[], since: number): { c: InvItem; at: number }[] {
  let byWindow = sentMemo.get(items);
  if (!byWindow) sentMemo.set(items, (byWindow = new Map()));
  const hit = byWindow.get(since);
  if (hit) return hit;
  const res = computeSent(items, since);
  byWindow.set(since, res);
  return res;
}

/**
 * Statuses of a campaign that went out: "Sent", and "Variations Sent" for an A/B test whose variations were sent
 * (the spec's Campaign status enum, revision 2026-07-15).
 */
export const SENT_STATUSES: ReadonlySet<string> = new Set(['sent', 'variations sent']);

function computeSent(items: InvItem[], since: number): { c: InvItem; at: number }[] {
  const out: { c: InvItem; at: number }[] = [];
  for (const c of items) {
    const status = str(c.attributes.status) ?? '';
    if (!SENT_STATUSES.has(status.trim().toLowerCase())) continue;
    const ch = campaignChannel(c);
    if (ch && ch !== 'email') continue;
    const at = time(c.attributes.send_time) ?? time(c.attributes.scheduled_at);
    if (at === null || at < since) continue;
    out.push({ c, at });
  }
  return out.sort((a, b) => a.at - b.at);
}

const campaignItem = (c: InvItem, figures: EvidenceItem['figures'] = {}, note?: string): EvidenceItem => ({
  type: 'campaign',
  id: c.id,
  name: nameOf(c),
  figures,
  ...(note ? { note } : {}),
});

function audienceIds(c: InvItem): { included: string[]; excluded: string[] } | null {
  const a = c.attributes.audiences as { included?: unknown; excluded?: unknown } | undefined;
  if (!a || typeof a !== 'object') return null;
  const ids = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return { included: ids(a.included), excluded: ids(a.excluded) };
}

const totalsMemo = new WeakMap<object, { total: MessageStats; per: { id: string; s: MessageStats }[] }>();
function totals(block: ValuesBlock<MessageStats>) {
  let t = totalsMemo.get(block);
  if (!t) {
    const total = zeroStats();
    const per: { id: string; s: MessageStats }[] = [];
    for (const [id, s] of Object.entries(block.byId)) {
      addStats(total, s);
      per.push({ id, s });
    }
    totalsMemo.set(block, (t = { total, per }));
  }
  return t;
}

type Band = { worse: number; severity: Severity };
/** Bands are checked worst first; a value at or above `worse` fails with that severity. */
function rateRule(
  id: 'C3' | 'C4' | 'C5' | 'C6',
  block: ValuesBlock<MessageStats> | null,
  pick: (r: ReturnType<typeof rates>) => number | null,
  label: string,
  bands: Band[],
  minDelivered: number,
  higherIsWorse = true,
): Outcome {
  if (!block) return unknown(`${id}.unknownNotFetched`);
  const { total, per } = totals(block);
  if (total.delivered < minDelivered)
    return unknown(
      `${id}.unknownFewDelivered`,
      { count: total.delivered, min: minDelivered },
      { figures: { delivered: total.delivered }, figuresAsOf: block.fetchedAt },
    );
  const value = pick(rates(total));
  const worst = per
    .filter((p) => p.s.delivered >= 100)
    .map((p) => ({ ...p, v: pick(rates(p.s)) ?? 0 }))
    .sort((a, b) => (higherIsWorse ? b.v - a.v : a.v - b.v))
    .slice(0, 5);
  const items: EvidenceItem[] = worst.map((w) => ({
    type: 'campaign',
    id: w.id,
    name: null,
    figures: { [label]: round(w.v), delivered: w.s.delivered },
  }));
  const figures = { [label]: round(value), delivered: total.delivered };
  const evidence = { items, figures, figuresAsOf: block.fetchedAt };
  // only the bounce rate can be missing with enough deliveries: Klaviyo's counts said delivered but no recipients.
  // A rate nobody can compute is not a pass.
  if (value === null) return unknown('C4.unknownNoRate', {}, evidence);
  const rate = { rate: percent(value, 3) };
  for (const b of bands) {
    const hit = value !== null && (higherIsWorse ? value >= b.worse : value < b.worse);
    if (hit) return fail(b.severity, `${id}.fail`, rate, evidence);
  }
  return pass(`${id}.pass`, rate, evidence);
}

const minSample: Threshold = {
  value: 1000,
  unit: 'delivered',
  source: 'Klaviyo deliverability score needs ≥1,000 emails in 30 days (help 18378819907995)',
};

function c2(model: Model, campaigns: { c: InvItem; at: number }[], t: Record<string, Threshold>): Outcome {
  let engaged = 0;
  const full: InvItem[] = [];
  let unmapped = 0;
  const segById = new Map(model.segments.map((s) => [s.id, s]));
  // an audience naming a list or segment deleted since: judged on what is left, and named
  const gone: InvItem[] = [];
  for (const { c } of campaigns) {
    const a = audienceIds(c);
    if (!a) {
      unmapped++;
      continue;
    }
    if ([...a.included, ...a.excluded].some((id) => !segById.has(id) && !model.listById.has(id))) gone.push(c);
    const inclSegs = a.included.map((id) => segById.get(id)).filter((s) => s !== undefined);
    const inclLists = a.included.filter((id) => model.listById.has(id));
    const exclSunset = a.excluded.some((id) => segById.get(id)?.kinds.has('sunset'));
    if (inclSegs.some((s) => s.kinds.has('engaged'))) engaged++;
    else if (inclLists.length && !exclSunset) full.push(c);
    if (!inclSegs.length && !inclLists.length && a.included.length) unmapped++;
  }
  const judged = campaigns.length - unmapped;
  if (judged <= 0) return unknown('C2.unknownUnmapped');
  const share = engaged / judged;
  const items = [
    ...full.map((c) => campaignItem(c, {}, 'sent to a full list without excluding unengaged profiles')),
    ...gone.filter((c) => !full.includes(c)).map((c) => campaignItem(c, {}, DELETED_AUDIENCE)),
  ];
  const figures = {
    campaigns: judged,
    toEngagedSegments: engaged,
    engagedShare: round(share, 3),
    fullListSends: full.length,
  };
  const engagedShare = { share: percent(share, 0) };
  if (share < t.critical!.value) return fail('critical', 'C2.failFewEngaged', engagedShare, { items, figures });
  if (full.length) return fail('high', 'C2.failFullList', { count: full.length }, { items, figures });
  if (share < t.high!.value) return fail('high', 'C2.failFewEngaged', engagedShare, { items, figures });
  return pass('C2.pass', engagedShare, { items, figures });
}

const DELETED_AUDIENCE = 'audience names a list or segment that no longer exists';

export const campaignRules = [
  rule({
    id: 'C1',
    area: 'campaigns',
    severity: 'medium',
    thresholds: {
      minPerWeek: { value: 1, unit: 'campaigns/week', source: 'heymay CAMP-001' },
      maxPerWeek: { value: 7, unit: 'campaigns/week', source: 'heymay CAMP-002' },
      maxGapDays: { value: 30, unit: 'days', source: 'heymay CAMP-008' },
      windowDays: { value: 90, unit: 'days', source: 'derived' },
    },
    source: 'heymay CAMP-001/002/008',
    needs: ['campaigns'],
    evaluate: ({ input, t }) => {
      const since = input.now - t.windowDays.value * DAY_MS;
      const sent = sentCampaigns(input.campaigns, since);
      const weeks = t.windowDays.value / 7;
      const perWeek = sent.length / weeks;
      let gap = 0;
      let prev = since;
      for (const s of sent) {
        gap = Math.max(gap, s.at - prev);
        prev = s.at;
      }
      gap = Math.max(gap, input.now - prev);
      const gapDays = Math.floor(gap / DAY_MS);
      const figures = { sent90d: sent.length, perWeek: round(perWeek, 2), longestGapDays: gapDays };
      const cadence = { perWeek: Number(perWeek.toFixed(1)) };
      if (!sent.length) return fail('high', 'C1.failNone', {}, { figures });
      if (gapDays >= t.maxGapDays.value) return fail('medium', 'C1.failGap', { count: gapDays }, { figures });
      if (perWeek < t.minPerWeek.value) return fail('medium', 'C1.failTooFew', cadence, { figures });
      if (perWeek > t.maxPerWeek.value) return fail('medium', 'C1.failTooMany', cadence, { figures });
      return pass('C1.pass', { ...cadence, count: gapDays }, { figures });
    },
  }),
  rule({
    id: 'C2',
    area: 'campaigns',
    severity: 'critical',
    thresholds: {
      critical: { value: 0.25, unit: 'share', source: 'heymay CAMP-003/SEG-005 (<25% critical)' },
      high: { value: 0.5, unit: 'share', source: 'heymay CAMP-004 (<50% high)' },
      windowDays: { value: 90, unit: 'days', source: 'audit-research.md §1.3 C2' },
    },
    source: 'heymay CAMP-003/004, SEG-005; Klaviyo 2025 benchmark report (against "full send")',
    needs: ['campaigns', 'lists', 'segments'],
    evaluate: ({ input, model, t }) => {
      const sent = sentCampaigns(input.campaigns, input.now - t.windowDays.value * DAY_MS);
      if (!sent.length) return unknown('C2.unknownNoCampaigns');
      return c2(model, sent, t);
    },
  }),
  rule({
    id: 'C3',
    area: 'campaigns',
    severity: 'critical',
    thresholds: {
      critical: { value: 0.001, unit: 'fraction', source: 'Gmail/Yahoo bulk-sender target <0.1%' },
      attention: { value: 0.0005, unit: 'fraction', source: 'Klaviyo deliverability tab (>0.05% needs attention)' },
      minDelivered: minSample,
    },
    source: 'Gmail/Yahoo 2024 rules; Klaviyo help 12695416712219',
    needs: ['campaigns'],
    evaluate: ({ input, t }) =>
      rateRule(
        'C3',
        input.performance.campaignValues90,
        (r) => r.spam,
        'spamRate',
        [
          { worse: t.critical.value, severity: 'critical' },
          { worse: t.attention.value, severity: 'medium' },
        ],
        t.minDelivered.value,
      ),
  }),
  rule({
    id: 'C4',
    area: 'campaigns',
    severity: 'high',
    thresholds: {
      attention: { value: 0.02, unit: 'fraction', source: 'Klaviyo deliverability tab; manifest.ly' },
      room: { value: 0.01, unit: 'fraction', source: 'Klaviyo deliverability tab (1–2% room to improve)' },
      minDelivered: minSample,
    },
    source: 'Klaviyo help 12695416712219; manifest.ly',
    needs: ['campaigns'],
    evaluate: ({ input, t }) =>
      rateRule(
        'C4',
        input.performance.campaignValues90,
        (r) => r.bounce,
        'bounceRate',
        [
          { worse: t.attention.value, severity: 'high' },
          { worse: t.room.value, severity: 'low' },
        ],
        t.minDelivered.value,
      ),
  }),
  rule({
    id: 'C5',
    area: 'campaigns',
    severity: 'medium',
    thresholds: {
      attention: { value: 0.01, unit: 'fraction', source: 'Klaviyo deliverability tab' },
      room: { value: 0.003, unit: 'fraction', source: 'Klaviyo deliverability tab (0.3–1% room)' },
      minDelivered: minSample,
    },
    source: 'Klaviyo help 12695416712219',
    needs: ['campaigns'],
    evaluate: ({ input, t }) =>
      rateRule(
        'C5',
        input.performance.campaignValues90,
        (r) => r.unsubscribe,
        'unsubscribeRate',
        [
          { worse: t.attention.value, severity: 'medium' },
          { worse: t.room.value, severity: 'low' },
        ],
        t.minDelivered.value,
      ),
  }),
  rule({
    id: 'C6',
    area: 'campaigns',
    severity: 'medium',
    thresholds: {
      attention: { value: 0.008, unit: 'fraction', source: 'Klaviyo deliverability tab (<0.8% needs attention)' },
      room: { value: 0.012, unit: 'fraction', source: 'Klaviyo deliverability tab (0.8–1.2% room)' },
      minDelivered: minSample,
    },
    source: 'Klaviyo help 12695416712219',
    needs: ['campaigns'],
    evaluate: ({ input, t }) => {
      const o = rateRule(
        'C6',
        input.performance.campaignValues90,
        (r) => r.click,
        'clickRate',
        [
          { worse: t.attention.value, severity: 'medium' },
          { worse: t.room.value, severity: 'low' },
        ],
        t.minDelivered.value,
        false,
      );
      const block = input.performance.campaignValues90;
      if (block && o.status !== 'unknown') {
        const total = zeroStats();
        for (const s of Object.values(block.byId)) addStats(total, s);
        o.figures = { ...o.figures, openRateSecondary: round(rates(total).open) };
      }
      return o;
    },
  }),
  rule({
    id: 'C7',
    area: 'campaigns',
    severity: 'low',
    thresholds: {
      rpr: { value: 0.11, unit: 'USD/recipient', source: 'Klaviyo 2024 Benchmark Report (email campaign average RPR)' },
      minRecipients: { value: 1000, unit: 'recipients', source: 'derived' },
    },
    source: 'Klaviyo 2024 Benchmark Report',
    needs: ['campaigns'],
    evaluate: ({ input, t }) => {
      const block = input.performance.campaignValues90;
      if (!block) return unknown('C7.unknownNotFetched');
      const total = zeroStats();
      for (const s of Object.values(block.byId)) addStats(total, s);
      if (total.recipients < t.minRecipients.value)
        return unknown('C7.unknownFewRecipients', { count: total.recipients }, { figuresAsOf: block.fetchedAt });
      const rpr = rates(total).revenuePerRecipient ?? 0;
      const currency = accountCurrency(input.account) ?? 'USD';
      const figures = { revenuePerRecipient: round(rpr, 3), currency, recipients: total.recipients };
      const params = { rpr: Number(rpr.toFixed(3)), currency };
      const evidence = { figures, figuresAsOf: block.fetchedAt };
      const usd = currency === 'USD';
      if (rpr < t.rpr.value) return fail('low', usd ? 'C7.fail' : 'C7.failOtherCurrency', params, evidence);
      return pass(usd ? 'C7.pass' : 'C7.passOtherCurrency', params, evidence);
    },
  }),
];
