import { ACTION_KINDS, bestPath } from '../flow-paths';
import {
  type FlowRole,
  type FlowView,
  type Model,
  ageDays,
  allLiveEmails,
  buyerExclusion,
  firstSendDelayMinutes,
  liveEmails,
} from '../model';
import { primaryMetric, rates, type MessageStats } from '../../performance';
import { fail, flowItem, pass, percent, round, rule, unknown, type Outcome } from './define';

const describe = (f: FlowView) =>
  flowItem(
    f,
    { status: f.status, archived: f.archived, liveEmails: f.steps ? liveEmails(f).length : null },
    // steps of a kind newer than the audit are read as steps but not judged: say so rather than guess
    f.unknownActionTypes.length ? `steps not judged: ${f.unknownActionTypes.join(', ')}` : undefined,
  );

type Severity = 'critical' | 'high' | 'medium';
/** the rules checking that a live flow with a role exists, each with its own sentences */
type PresenceRule = 'F1' | 'F3' | 'F6' | 'F7' | 'F8' | 'F9' | 'F10';

/** The failing half of the presence check: no live flow with the role (null when there is one). */
function absence(flows: FlowView[], role: FlowRole, severity: Severity, id: PresenceRule): Outcome | null {
  const candidates = flows.filter((f) => f.roles.has(role) && !f.archived);
  if (candidates.some((f) => f.live)) return null;
  const items = candidates.map(describe);
  return candidates.length
    ? fail(
        severity,
        `${id}.failNotLive`,
        { flows: candidates.map((f) => `${f.name}: ${f.status}`).join(', ') },
        { items },
      )
    : fail(severity, `${id}.failMissing`, {}, { items });
}

/** Presence check shared by F1/F6/F7/F9/F10: a live flow with the role exists. */
function presence(
  flows: FlowView[],
  role: FlowRole,
  severity: Severity,
  id: Exclude<PresenceRule, 'F3' | 'F8'>,
): Outcome {
  const live = flows.filter((f) => f.roles.has(role) && f.live);
  return (
    absence(flows, role, severity, id) ?? pass(`${id}.pass`, { count: live.length }, { items: live.map(describe) })
  );
}

/** Metric-triggered roles can only be recognised when the trigger metric is known. */
function metricTriggersKnown(flows: FlowView[]): boolean {
  const metricFlows = flows.filter((f) => f.triggerType === 'Metric' && !f.archived);
  return metricFlows.every((f) => f.triggerMetricName !== null);
}

/**
 * The name of the account's checkout metric: the trigger of its checkout flows (live ones first), else the metric
 * that stands for checkouts in the account (its store's), else null.
 */
function checkoutMetricName(model: Model): string | null {
  const flows = model.flows.filter((f) => f.roles.has('checkout') && !f.archived && f.triggerMetricName);
  const trigger = (flows.find((f) => f.live) ?? flows[0])?.triggerMetricName;
  return trigger ?? primaryMetric(model.metrics, 'checkout')?.name ?? null;
}

const needDefinitions = (flows: FlowView[]) => flows.filter((f) => f.steps === null);

const PROFILE_SENDS = new Set<string>([...ACTION_KINDS.email, ...ACTION_KINDS.otherSend]);
const isProfileSend = (t: string) => PROFILE_SENDS.has(t);

/** The flows a rule could not read (no definition synced), named in its evidence instead of hiding the rest. */
const notJudged = (flows: FlowView[]) =>
  needDefinitions(flows).map((f) => flowItem(f, {}, 'not judged: no flow definition synced'));

export const flowRules = [
  rule({
    id: 'F1',
    area: 'flows',
    severity: 'critical',
    thresholds: {},
    source: 'heymay FLOW-001; excelohunt; retainapp; Klaviyo CX flow checklist',
    needs: ['flows'],
    evaluate: ({ model }) => presence(model.flows, 'welcome', 'critical', 'F1'),
  }),
  rule({
    id: 'F2',
    area: 'flows',
    severity: 'high',
    thresholds: {
      minEmails: { value: 3, unit: 'emails', source: 'retainapp; heymay FLOW-003' },
      maxFirstDelay: { value: 60, unit: 'minutes', source: 'heymay FLOW-002' },
    },
    source: 'retainapp; heymay FLOW-002/003',
    needs: ['flows'],
    evaluate: ({ model, t }) => {
      const live = model.flows.filter((f) => f.live && f.roles.has('welcome'));
      if (!live.length) return unknown('F2.unknownNoLive');
      const known = live.filter((f) => f.steps !== null);
      if (!known.length) return unknown('F2.unknownNoDefinition');
      // the best welcome flow counts: one good series is enough
      const scored = known.map((f) => ({
        f,
        emails: liveEmails(f).length,
        delay: firstSendDelayMinutes(
          (bestPath(f.paths ?? []) ?? []).filter((s) => s.type !== 'send-email' || s.status === 'live'),
        ),
      }));
      scored.sort((a, b) => b.emails - a.emails);
      const best = scored[0]!;
      const items = scored.map((s) => flowItem(s.f, { liveEmails: s.emails, firstDelayMinutes: s.delay }));
      const figures = { liveEmails: best.emails, firstDelayMinutes: best.delay };
      const flow = best.f.name;
      if (best.emails < t.minEmails.value)
        return fail(
          'high',
          'F2.failFewEmails',
          { flow, count: best.emails, min: t.minEmails.value },
          { items, figures },
        );
      if (best.delay !== null && best.delay > t.maxFirstDelay.value)
        return fail('medium', 'F2.failSlowStart', { flow, count: best.delay }, { items, figures });
      return pass('F2.pass', { flow, emails: best.emails, count: best.delay ?? 0 }, { items, figures });
    },
  }),
  rule({
    id: 'F3',
    area: 'flows',
    severity: 'critical',
    thresholds: { minEmails: { value: 2, unit: 'emails', source: 'heymay FLOW-005; schuylerpy minimal 2' } },
    source: 'heymay FLOW-004/005; schuylerpy; retainapp',
    needs: ['flows', 'metrics'],
    evaluate: ({ model, t }) => {
      // the title and advice name the account's own checkout metric ("Checkout Started" on Shopify)
      const named = (o: Outcome): Outcome => {
        const checkoutMetric = checkoutMetricName(model);
        return checkoutMetric
          ? { ...o, message: { ...o.message, params: { ...o.message.params, checkoutMetric } } }
          : o;
      };
      const missing = absence(model.flows, 'checkout', 'critical', 'F3');
      if (missing) return named(metricTriggersKnown(model.flows) ? missing : unknown('F3.unknownTriggers'));
      const all = model.flows.filter((f) => f.live && f.roles.has('checkout'));
      const live = all.filter((f) => f.steps !== null);
      if (!live.length) return named(unknown('F3.unknownNoDefinition'));
      const best = Math.max(...live.map((f) => liveEmails(f).length));
      const items = [...live.map(describe), ...notJudged(all)];
      if (best < t.minEmails.value)
        return named(fail('high', 'F3.failFewEmails', { count: best }, { items, figures: { liveEmails: best } }));
      return named(pass('F3.pass', { count: best }, { items, figures: { liveEmails: best } }));
    },
  }),
  rule({
    id: 'F4',
    area: 'flows',
    severity: 'high',
    thresholds: {},
    source: 'Klaviyo CX flow checklist (core filters); manifest.ly',
    needs: ['flows', 'metrics'],
    evaluate: ({ model }) => {
      let flows = model.flows.filter(
        (f) => f.live && (f.roles.has('checkout') || f.roles.has('cart') || f.roles.has('browse')),
      );
      if (!flows.length) return unknown('F4.unknownNoLive');
      const unread = notJudged(flows);
      flows = flows.filter((f) => f.steps !== null);
      if (!flows.length) return unknown('F4.unknownNoDefinitions');
      const po = model.orderMetricIds;
      if (!po.size) return unknown('F4.unknownNoPlacedOrder');
      // the flow filter, or else the filter of every email in it; a condition narrowed by a property filter
      // (metric_filters) keeps out only the buyers whose orders match it, so it does not count as excluding buyers
      const exclusion = (f: (typeof flows)[number]) => {
        const own = buyerExclusion(f.profileFilter, po);
        if (own === 'all') return own;
        const emails = (f.steps ?? []).filter((s) => s.type === 'send-email');
        const each = emails.map((e) => buyerExclusion(e.additionalFilters, po));
        if (each.length > 0 && each.every((x) => x === 'all')) return 'all';
        return own === 'some' || each.some((x) => x === 'some') ? 'some' : 'none';
      };
      const judged = flows.map((f) => ({ f, exclusion: exclusion(f) }));
      const bad = judged.filter((j) => j.exclusion !== 'all').map((j) => j.f);
      const note = (x: string) =>
        x === 'some'
          ? 'the Placed Order = 0 filter is narrowed by a property filter; other buyers are not excluded'
          : 'no Placed Order = 0 since flow start filter';
      const items = [
        ...judged.filter((j) => j.exclusion !== 'all').map((j) => flowItem(j.f, {}, note(j.exclusion))),
        ...unread,
      ];
      if (bad.length === flows.length) return fail('high', 'F4.failAll', { count: bad.length }, { items });
      if (bad.length) return fail('high', 'F4.fail', { count: bad.length, total: flows.length }, { items });
      return pass('F4.pass', { count: flows.length }, { items: [...flows.map(describe), ...unread] });
    },
  }),
  rule({
    id: 'F5',
    area: 'flows',
    severity: 'low',
    thresholds: {},
    source: 'Blossom (opinion: review-level warning)',
    needs: ['flows', 'metrics'],
    evaluate: ({ model }) => {
      const all = model.flows.filter((f) => f.live && (f.roles.has('checkout') || f.roles.has('cart')));
      if (!all.length) return unknown('F5.unknownNoLive');
      const flows = all.filter((f) => f.steps !== null);
      if (!flows.length) return unknown('F5.unknownNoDefinitions');
      const unread = notJudged(all);
      const hits = flows.flatMap((f) =>
        allLiveEmails(f)
          .filter((e) => e.smartSending === true)
          .map(() => f),
      );
      const uniq = [...new Set(hits)];
      if (uniq.length)
        return fail(
          'low',
          'F5.fail',
          { count: hits.length },
          {
            items: [
              ...uniq.map((f) => flowItem(f, { smartSendingEmails: hits.filter((h) => h === f).length })),
              ...unread,
            ],
          },
        );
      return pass('F5.pass', {}, { items: unread });
    },
  }),
  rule({
    id: 'F6',
    area: 'flows',
    severity: 'high',
    thresholds: {},
    source: 'heymay FLOW-007; vortexiq; excelohunt',
    needs: ['flows', 'metrics'],
    evaluate: ({ model }) => {
      const p = presence(model.flows, 'browse', 'high', 'F6');
      return p.status === 'fail' && !metricTriggersKnown(model.flows) ? unknown('F6.unknownTriggers') : p;
    },
  }),
  rule({
    id: 'F7',
    area: 'flows',
    severity: 'medium',
    thresholds: {},
    source: 'heymay FLOW-010; Klaviyo CX intent table',
    needs: ['flows', 'metrics'],
    evaluate: ({ model }) => {
      const p = presence(model.flows, 'cart', 'medium', 'F7');
      return p.status === 'fail' && !metricTriggersKnown(model.flows) ? unknown('F7.unknownTriggers') : p;
    },
  }),
  rule({
    id: 'F8',
    area: 'flows',
    severity: 'high',
    thresholds: { minEmails: { value: 2, unit: 'emails', source: 'retainapp' } },
    source: 'heymay FLOW-008; retainapp',
    needs: ['flows', 'metrics'],
    evaluate: ({ model, t }) => {
      const missing = absence(model.flows, 'postPurchase', 'high', 'F8');
      if (missing) return metricTriggersKnown(model.flows) ? missing : unknown('F8.unknownTriggers');
      const all = model.flows.filter((f) => f.live && f.roles.has('postPurchase'));
      const live = all.filter((f) => f.steps !== null);
      if (!live.length) return unknown('F8.unknownNoDefinition');
      const best = Math.max(...live.map((f) => liveEmails(f).length));
      const items = [...live.map(describe), ...notJudged(all)];
      if (best < t.minEmails.value) return fail('medium', 'F8.failFewEmails', { count: best }, { items });
      return pass('F8.pass', { count: best }, { items });
    },
  }),
  rule({
    id: 'F9',
    area: 'flows',
    severity: 'medium',
    thresholds: {},
    source: 'heymay FLOW-009; retainapp',
    needs: ['flows'],
    evaluate: ({ model }) => presence(model.flows, 'winback', 'medium', 'F9'),
  }),
  rule({
    id: 'F10',
    area: 'flows',
    severity: 'medium',
    thresholds: {},
    source: 'excelohunt deliverability #3; Klaviyo help 360017518492',
    needs: ['flows', 'segments'],
    evaluate: ({ model }) => {
      const p = presence(model.flows, 'sunset', 'medium', 'F10');
      if (p.status === 'fail') return p;
      const live = model.flows.filter((f) => f.live && f.roles.has('sunset'));
      const ok = live.filter((f) => {
        if (!f.triggerSegmentId) return true;
        const s = model.segments.find((x) => x.id === f.triggerSegmentId);
        return s ? s.active : false;
      });
      if (!ok.length) return fail('medium', 'F10.failSegment', {}, { items: live.map(describe) });
      return p;
    },
  }),
  rule({
    id: 'F11',
    area: 'flows',
    severity: 'high',
    thresholds: {},
    source: 'vortexiq (inactive flows); retainapp (partially active)',
    needs: ['flows'],
    evaluate: ({ model }) => {
      const core = model.flows.filter((f) => f.roles.size > 0 && !f.archived);
      const dormant = core.filter((f) => f.status === 'draft' || f.status === 'manual');
      const items = dormant.map((f) => flowItem(f, { status: f.status }, 'core flow not live'));
      const live = model.flows.filter((f) => f.live);
      const partial = live.filter((f) =>
        (f.steps ?? []).some(
          (s) => (s.type === 'send-email' || s.type === 'send-sms') && s.status !== null && s.status !== 'live',
        ),
      );
      for (const f of partial) {
        const off = (f.steps ?? []).filter(
          (s) => (s.type === 'send-email' || s.type === 'send-sms') && s.status !== 'live',
        ).length;
        items.push(flowItem(f, { messagesNotLive: off }, 'partially live'));
      }
      if (dormant.length) return fail('high', 'F11.failDormant', { count: dormant.length }, { items });
      if (partial.length) return fail('medium', 'F11.failPartial', { count: partial.length }, { items });
      if (live.length && live.every((f) => f.steps === null)) return unknown('F11.unknownNoDefinitions');
      return pass('F11.pass', { count: core.length }, { items: notJudged(live) });
    },
  }),
  rule({
    id: 'F12',
    area: 'flows',
    severity: 'high',
    thresholds: {
      minAgeDays: { value: 30, unit: 'days', source: 'derived: a flow younger than the window is skipped' },
    },
    source: 'retainapp red flag',
    needs: ['flows'],
    evaluate: ({ input, model, t }) => {
      const block = input.performance.flowValues30;
      if (!block) return unknown('F12.unknownNotFetched');
      const live = model.flows.filter(
        (f) => f.live && !f.transactional && (ageDays(input.now, f.created) ?? Infinity) >= t.minAgeDays.value,
      );
      if (!live.length) return unknown('F12.unknownNoOldFlows', {}, { figuresAsOf: block.fetchedAt });
      const bad = live.filter((f) => {
        const s = block.byId[f.id];
        return !s || s.recipients === 0 || s.conversion_value === 0;
      });
      const items = bad.map((f) =>
        flowItem(f, {
          recipients30d: block.byId[f.id]?.recipients ?? 0,
          revenue30d: round(block.byId[f.id]?.conversion_value ?? 0, 2),
        }),
      );
      if (bad.length) return fail('high', 'F12.fail', { count: bad.length }, { items, figuresAsOf: block.fetchedAt });
      return pass('F12.pass', { count: live.length }, { figuresAsOf: block.fetchedAt });
    },
  }),
  rule({
    id: 'F13',
    area: 'flows',
    severity: 'high',
    thresholds: {
      recentDays: { value: 7, unit: 'days', source: 'Klaviyo flow anomaly monitoring (help 15768091187227)' },
      baselineDays: { value: 28, unit: 'days', source: 'derived' },
      dropMedium: { value: 0.5, unit: 'fraction', source: 'derived' },
      dropHigh: { value: 0.8, unit: 'fraction', source: 'derived' },
      minBaselineRecipients: { value: 100, unit: 'recipients', source: 'derived: low-sample noise (Juno playbook)' },
    },
    source: 'Klaviyo flow anomaly monitoring / auto-monitors (help 15768091187227, 31141239059611)',
    needs: ['flows'],
    evaluate: ({ input, model, t }) => {
      const s = input.performance.flowSeries;
      if (!s) return unknown('F13.unknownNotFetched');
      const n = s.dates.length;
      const rd = t.recentDays.value;
      const bd = t.baselineDays.value;
      if (n < rd + bd)
        return unknown('F13.unknownShortSeries', { count: n, needed: rd + bd }, { figuresAsOf: s.fetchedAt });
      let judged = 0;
      const bad: { f: FlowView; before: number; after: number; drop: number }[] = [];
      for (const f of model.flows.filter((x) => x.live)) {
        const arr = s.byId[f.id];
        if (!arr) continue;
        const recent = arr.slice(n - rd).reduce((a, b) => a + b, 0) / rd;
        const baseArr = arr.slice(n - rd - bd, n - rd);
        const baseTotal = baseArr.reduce((a, b) => a + b, 0);
        if (baseTotal < t.minBaselineRecipients.value) continue;
        judged++;
        const before = baseTotal / bd;
        const drop = before > 0 ? 1 - recent / before : 0;
        if (drop >= t.dropMedium.value) bad.push({ f, before, after: recent, drop });
      }
      if (!judged) return unknown('F13.unknownSmallSample', {}, { figuresAsOf: s.fetchedAt });
      const items = bad.map((b) =>
        flowItem(b.f, { dailyBefore: round(b.before, 1), dailyRecent: round(b.after, 1), drop: round(b.drop, 3) }),
      );
      if (bad.length) {
        const worst = Math.max(...bad.map((b) => b.drop));
        return fail(
          worst >= t.dropHigh.value ? 'high' : 'medium',
          'F13.fail',
          { count: bad.length, drop: percent(worst, 0) },
          { items, figuresAsOf: s.fetchedAt },
        );
      }
      return pass('F13.pass', { count: judged }, { figuresAsOf: s.fetchedAt });
    },
  }),
  rule({
    id: 'F14',
    area: 'flows',
    severity: 'medium',
    thresholds: {
      warnDays: { value: 180, unit: 'days', source: 'heymay FLOW-011 (6–12 months = warning)' },
      failDays: { value: 365, unit: 'days', source: 'heymay FLOW-011; schuylerpy' },
    },
    source: 'heymay FLOW-011; schuylerpy',
    needs: ['flows'],
    evaluate: ({ input, model, t }) => {
      const live = model.flows.filter((f) => f.live);
      if (!live.length) return unknown('F14.unknownNoLive');
      const aged = live
        .map((f) => ({ f, age: ageDays(input.now, f.updated) }))
        .filter((x) => x.age !== null && x.age > t.warnDays.value);
      const items = aged.map((x) => flowItem(x.f, { daysSinceEdit: Math.floor(x.age!) }));
      const old = aged.filter((x) => x.age! > t.failDays.value);
      if (old.length) return fail('medium', 'F14.failOld', { count: old.length }, { items });
      if (aged.length) return fail('low', 'F14.failStale', { count: aged.length }, { items });
      return pass('F14.pass', { count: live.length });
    },
  }),
  rule({
    id: 'F15',
    area: 'flows',
    severity: 'medium',
    thresholds: {
      conversion: {
        value: 0.0171,
        unit: 'fraction',
        source: 'Klaviyo 2024 Benchmark Report (median placed-order rate)',
      },
      click: { value: 0.02, unit: 'fraction', source: 'retainapp' },
      open: { value: 0.3, unit: 'fraction', source: 'retainapp (secondary, MPP-inflated)' },
      minDelivered: { value: 250, unit: 'delivered', source: 'derived: low-sample noise' },
    },
    source: 'Klaviyo 2024 Benchmark Report; retainapp',
    needs: ['flows'],
    evaluate: ({ input, model, t }) => {
      const block = input.performance.flowValues90;
      if (!block) return unknown('F15.unknownNotFetched');
      const judged: { f: FlowView; s: MessageStats }[] = [];
      for (const f of model.flows.filter((x) => x.live && !x.transactional)) {
        const s = block.byId[f.id];
        if (s && s.delivered >= t.minDelivered.value) judged.push({ f, s });
      }
      if (!judged.length) return unknown('F15.unknownSmallSample', {}, { figuresAsOf: block.fetchedAt });
      const weak = judged.filter(({ s }) => {
        const r = rates(s);
        return (r.conversion ?? 0) < t.conversion.value || (r.click ?? 0) < t.click.value;
      });
      weak.sort((a, b) => b.s.recipients - a.s.recipients);
      const items = weak.map(({ f, s }) => {
        const r = rates(s);
        return flowItem(f, {
          recipients90d: s.recipients,
          conversionRate: round(r.conversion),
          clickRate: round(r.click),
          openRate: round(r.open),
        });
      });
      const evidence = { items, figuresAsOf: block.fetchedAt };
      if (weak.length === judged.length) return fail('medium', 'F15.failAll', { count: weak.length }, evidence);
      if (weak.length) return fail('medium', 'F15.fail', { count: weak.length, total: judged.length }, evidence);
      return pass('F15.pass', { count: judged.length }, { figuresAsOf: block.fetchedAt });
    },
  }),
  rule({
    id: 'F16',
    area: 'flows',
    severity: 'low',
    thresholds: {},
    source: 'retainapp',
    needs: ['flows'],
    evaluate: ({ model }) => {
      const all = model.flows.filter((f) => f.live && !f.transactional);
      if (!all.length) return unknown('F16.unknownNoLive');
      // judged one by one: a flow without a definition is named, the others are still judged
      const live = all.filter((f) => f.paths !== null);
      if (!live.length) return unknown('F16.unknownNoDefinitions');
      const unread = notJudged(all);
      const single = live.filter((f) => {
        // the longest way through the flow: one message to the profile, and it is an email
        const path = (f.paths ?? []).reduce<typeof f.steps>((best, p) => {
          const n = p.filter((s) => isProfileSend(s.type) && s.status === 'live').length;
          const b = (best ?? []).filter((s) => isProfileSend(s.type) && s.status === 'live').length;
          return n > b ? p : best;
        }, []);
        const sends = (path ?? []).filter((s) => isProfileSend(s.type) && s.status === 'live');
        return sends.length === 1 && sends[0]!.type === 'send-email';
      });
      if (single.length)
        return fail('low', 'F16.fail', { count: single.length }, { items: [...single.map(describe), ...unread] });
      return pass('F16.pass', {}, { items: unread });
    },
  }),
];
