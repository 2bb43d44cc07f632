import { type FlowRole, type FlowView, ageDays, excludesBuyers, firstSendDelayMinutes, liveEmails } from '../model';
import { rates, type MessageStats } from '../../reporting/figures';
import { fail, flowItem, pass, pct, round, rule, unknown, type Outcome } from './define';

const describe = (f: FlowView) =>
  flowItem(f, { status: f.status, archived: f.archived, liveEmails: f.steps ? liveEmails(f).length : null });

const ROLE_LABEL: Record<FlowRole, string> = {
  welcome: 'Welcome',
  checkout: 'Checkout abandonment',
  cart: 'Added-to-cart abandonment',
  browse: 'Browse abandonment',
  postPurchase: 'Post-purchase',
  winback: 'Winback',
  sunset: 'Sunset',
};

/** Presence check shared by F1/F6/F7/F9/F10: a live flow with the role exists. */
function presence(flows: FlowView[], role: FlowRole, severity: 'critical' | 'high' | 'medium'): Outcome {
  const candidates = flows.filter((f) => f.roles.has(role) && !f.archived);
  const live = candidates.filter((f) => f.live);
  if (live.length) return pass(`${live.length} live ${ROLE_LABEL[role]} flow(s).`, { items: live.map(describe) });
  return fail(
    severity,
    candidates.length
      ? `A ${ROLE_LABEL[role]} flow exists but none is live (${candidates.map((f) => `${f.name}: ${f.status}`).join(', ')}).`
      : `No ${ROLE_LABEL[role]} flow found.`,
    { items: candidates.map(describe) },
  );
}

/** Metric-triggered roles can only be recognised when the trigger metric is known. */
function metricTriggersKnown(flows: FlowView[]): boolean {
  const metricFlows = flows.filter((f) => f.triggerType === 'Metric' && !f.archived);
  return metricFlows.every((f) => f.triggerMetricName !== null);
}

const needDefinitions = (flows: FlowView[]) => flows.filter((f) => f.steps === null);

export const flowRules = [
  rule({
    id: 'F1',
    area: 'flows',
    title: 'A live Welcome flow exists',
    severity: 'critical',
    thresholds: {},
    source: 'heymay FLOW-001; excelohunt; retainapp; Klaviyo CX flow checklist',
    needs: ['flows'],
    recommendation:
      'Build (or switch on) a Welcome series triggered when someone joins your main list or submits a signup form.',
    evaluate: ({ model }) => presence(model.flows, 'welcome', 'critical'),
  }),
  rule({
    id: 'F2',
    area: 'flows',
    title: 'The Welcome flow has at least 3 live emails and the first goes out within 60 minutes',
    severity: 'high',
    thresholds: {
      minEmails: { value: 3, unit: 'emails', source: 'retainapp; heymay FLOW-003' },
      maxFirstDelay: { value: 60, unit: 'minutes', source: 'heymay FLOW-002' },
    },
    source: 'retainapp; heymay FLOW-002/003',
    needs: ['flows'],
    recommendation:
      'Send the first welcome email immediately (no delay, or under an hour) and build the series out to at least three live emails.',
    evaluate: ({ model, t }) => {
      const live = model.flows.filter((f) => f.live && f.roles.has('welcome'));
      if (!live.length) return unknown('No live Welcome flow to judge (see F1).');
      const known = live.filter((f) => f.steps !== null);
      if (!known.length) return unknown('The Welcome flow definition was not synced, so its emails cannot be counted.');
      // the best welcome flow counts: one good series is enough
      const scored = known.map((f) => ({
        f,
        emails: liveEmails(f).length,
        delay: firstSendDelayMinutes((f.steps ?? []).filter((s) => s.type !== 'send-email' || s.status === 'live')),
      }));
      scored.sort((a, b) => b.emails - a.emails);
      const best = scored[0]!;
      const items = scored.map((s) => flowItem(s.f, { liveEmails: s.emails, firstDelayMinutes: s.delay }));
      const figures = { liveEmails: best.emails, firstDelayMinutes: best.delay };
      if (best.emails < t.minEmails.value)
        return fail(
          'high',
          `${best.f.name} has ${best.emails} live email(s); at least ${t.minEmails.value} expected.`,
          {
            items,
            figures,
          },
        );
      if (best.delay !== null && best.delay > t.maxFirstDelay.value)
        return fail('medium', `${best.f.name} waits ${best.delay} minutes before its first email.`, { items, figures });
      return pass(`${best.f.name} has ${best.emails} live emails, first after ${best.delay ?? 0} minutes.`, {
        items,
        figures,
      });
    },
  }),
  rule({
    id: 'F3',
    area: 'flows',
    title: 'A live checkout-abandonment flow (Started Checkout) with at least 2 live emails',
    severity: 'critical',
    thresholds: { minEmails: { value: 2, unit: 'emails', source: 'heymay FLOW-005; schuylerpy minimal 2' } },
    source: 'heymay FLOW-004/005; schuylerpy; retainapp',
    needs: ['flows', 'metrics'],
    recommendation:
      'Create a checkout-abandonment flow on Started Checkout with at least two (ideally three) emails, excluding anyone who has ordered since the flow started.',
    evaluate: ({ model, t }) => {
      const p = presence(model.flows, 'checkout', 'critical');
      if (p.status === 'fail')
        return metricTriggersKnown(model.flows) ? p : unknown('Trigger metrics of some flows could not be resolved.');
      const live = model.flows.filter((f) => f.live && f.roles.has('checkout'));
      if (live.some((f) => f.steps === null)) return unknown('The checkout flow definition was not synced.');
      const best = Math.max(...live.map((f) => liveEmails(f).length));
      const items = live.map(describe);
      if (best < t.minEmails.value)
        return fail('high', `The checkout-abandonment flow has only ${best} live email(s).`, {
          items,
          figures: { liveEmails: best },
        });
      return pass(`Live checkout-abandonment flow with ${best} live emails.`, { items, figures: { liveEmails: best } });
    },
  }),
  rule({
    id: 'F4',
    area: 'flows',
    title: 'Abandonment flows exclude buyers (Placed Order zero times since starting the flow)',
    severity: 'high',
    thresholds: {},
    source: 'Klaviyo CX flow checklist (core filters); manifest.ly',
    needs: ['flows', 'metrics'],
    recommendation:
      'Add the flow filter "Placed Order zero times since starting this flow" to every abandonment flow (or to every message in it), so buyers stop getting reminders.',
    evaluate: ({ model }) => {
      const flows = model.flows.filter(
        (f) => f.live && (f.roles.has('checkout') || f.roles.has('cart') || f.roles.has('browse')),
      );
      if (!flows.length) return unknown('No live abandonment flow to check.');
      if (needDefinitions(flows).length) return unknown('Flow definitions were not synced; filters cannot be read.');
      const po = model.metricIdByName.get('Placed Order') ?? null;
      if (!po) return unknown('The account has no Placed Order metric, so the buyer exclusion cannot be checked.');
      const bad = flows.filter((f) => {
        if (excludesBuyers(f.profileFilter, po)) return false;
        const emails = (f.steps ?? []).filter((s) => s.type === 'send-email');
        return !(emails.length > 0 && emails.every((e) => excludesBuyers(e.additionalFilters, po)));
      });
      const items = bad.map((f) => flowItem(f, {}, 'no Placed Order = 0 since flow start filter'));
      if (bad.length)
        return fail('high', `${bad.length} of ${flows.length} abandonment flow(s) do not exclude buyers.`, { items });
      return pass(`All ${flows.length} abandonment flows exclude buyers.`, { items: flows.map(describe) });
    },
  }),
  rule({
    id: 'F5',
    area: 'flows',
    title: 'Smart Sending on cart/checkout abandonment emails is reviewed',
    severity: 'low',
    thresholds: {},
    source: 'Blossom (opinion: review-level warning)',
    needs: ['flows', 'metrics'],
    recommendation:
      'Review Smart Sending on abandonment emails: it can silently skip high-intent shoppers who received another email recently.',
    evaluate: ({ model }) => {
      const flows = model.flows.filter((f) => f.live && (f.roles.has('checkout') || f.roles.has('cart')));
      if (!flows.length) return unknown('No live cart/checkout abandonment flow.');
      if (needDefinitions(flows).length) return unknown('Flow definitions were not synced.');
      const hits = flows.flatMap((f) =>
        liveEmails(f)
          .filter((e) => e.smartSending === true)
          .map(() => f),
      );
      const uniq = [...new Set(hits)];
      if (uniq.length)
        return fail('low', `Smart Sending is on for ${hits.length} abandonment email(s).`, {
          items: uniq.map((f) => flowItem(f, { smartSendingEmails: hits.filter((h) => h === f).length })),
        });
      return pass('Smart Sending is off on all cart/checkout abandonment emails.');
    },
  }),
  rule({
    id: 'F6',
    area: 'flows',
    title: 'A live Browse Abandonment flow exists (Viewed Product / Active on Site)',
    severity: 'high',
    thresholds: {},
    source: 'heymay FLOW-007; vortexiq; excelohunt',
    needs: ['flows', 'metrics'],
    recommendation: 'Add a browse-abandonment flow triggered by Viewed Product.',
    evaluate: ({ model }) => {
      const p = presence(model.flows, 'browse', 'high');
      return p.status === 'fail' && !metricTriggersKnown(model.flows)
        ? unknown('Trigger metrics of some flows could not be resolved.')
        : p;
    },
  }),
  rule({
    id: 'F7',
    area: 'flows',
    title: 'A live Added-to-Cart flow exists, separate from checkout',
    severity: 'medium',
    thresholds: {},
    source: 'heymay FLOW-010; Klaviyo CX intent table',
    needs: ['flows', 'metrics'],
    recommendation: 'Add an Added to Cart flow for shoppers who never reach checkout.',
    evaluate: ({ model }) => {
      const p = presence(model.flows, 'cart', 'medium');
      return p.status === 'fail' && !metricTriggersKnown(model.flows)
        ? unknown('Trigger metrics of some flows could not be resolved.')
        : p;
    },
  }),
  rule({
    id: 'F8',
    area: 'flows',
    title: 'A live Post-purchase flow exists with at least 2 emails',
    severity: 'high',
    thresholds: { minEmails: { value: 2, unit: 'emails', source: 'retainapp' } },
    source: 'heymay FLOW-008; retainapp',
    needs: ['flows', 'metrics'],
    recommendation:
      'Build a post-purchase flow on Placed Order (thank you, product education, review request, cross-sell).',
    evaluate: ({ model, t }) => {
      const p = presence(model.flows, 'postPurchase', 'high');
      if (p.status === 'fail')
        return metricTriggersKnown(model.flows) ? p : unknown('Trigger metrics of some flows could not be resolved.');
      const live = model.flows.filter((f) => f.live && f.roles.has('postPurchase'));
      if (live.every((f) => f.steps === null)) return unknown('The post-purchase flow definition was not synced.');
      const best = Math.max(...live.map((f) => liveEmails(f).length));
      if (best < t.minEmails.value)
        return fail('medium', `The post-purchase flow has ${best} live email(s).`, { items: live.map(describe) });
      return pass(`Live post-purchase flow with ${best} emails.`, { items: live.map(describe) });
    },
  }),
  rule({
    id: 'F9',
    area: 'flows',
    title: 'A live Winback flow exists (90–180 days without a purchase)',
    severity: 'medium',
    thresholds: {},
    source: 'heymay FLOW-009; retainapp',
    needs: ['flows'],
    recommendation: 'Add a winback flow for customers who have not bought in 90–180 days.',
    evaluate: ({ model }) => presence(model.flows, 'winback', 'medium'),
  }),
  rule({
    id: 'F10',
    area: 'flows',
    title: 'A live Sunset flow exists and its segment is active',
    severity: 'medium',
    thresholds: {},
    source: 'excelohunt deliverability #3; Klaviyo help 360017518492',
    needs: ['flows', 'segments'],
    recommendation:
      'Create a sunset segment (received ≥10 emails in 180 days, never opened, clicked or ordered) and a flow that re-engages and then suppresses it.',
    evaluate: ({ model }) => {
      const p = presence(model.flows, 'sunset', 'medium');
      if (p.status === 'fail') return p;
      const live = model.flows.filter((f) => f.live && f.roles.has('sunset'));
      const ok = live.filter((f) => {
        if (!f.triggerSegmentId) return true;
        const s = model.segments.find((x) => x.id === f.triggerSegmentId);
        return s ? s.active : false;
      });
      if (!ok.length)
        return fail('medium', 'The sunset flow is triggered by a segment that is inactive or missing.', {
          items: live.map(describe),
        });
      return p;
    },
  }),
  rule({
    id: 'F11',
    area: 'flows',
    title: 'No core flow sits in draft or manual, and no live flow is only partially live',
    severity: 'high',
    thresholds: {},
    source: 'vortexiq (inactive flows); retainapp (partially active)',
    needs: ['flows'],
    recommendation:
      'Switch core flows to live, and set every message of a live flow to live (or remove messages you do not want).',
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
      if (dormant.length) return fail('high', `${dormant.length} core flow(s) are in draft or manual.`, { items });
      if (partial.length) return fail('medium', `${partial.length} live flow(s) are only partially live.`, { items });
      if (live.some((f) => f.steps === null))
        return unknown('Core flows are live, but message statuses need the flow definitions, which were not synced.');
      return pass(`All ${core.length} core flow(s) are live and fully switched on.`);
    },
  }),
  rule({
    id: 'F12',
    area: 'flows',
    title: 'No live flow had 0 recipients or $0 revenue in the last 30 days',
    severity: 'high',
    thresholds: {
      minAgeDays: { value: 30, unit: 'days', source: 'derived: a flow younger than the window is skipped' },
    },
    source: 'retainapp red flag',
    needs: ['flows'],
    recommendation:
      'Open each flagged flow: check its trigger still fires (see M1), its filters are not excluding everyone, and its messages are live.',
    evaluate: ({ input, model, t }) => {
      const block = input.performance.flowValues30;
      if (!block) return unknown('Flow performance for the last 30 days has not been fetched yet.');
      const live = model.flows.filter(
        (f) => f.live && !f.transactional && (ageDays(input.now, f.created) ?? Infinity) >= t.minAgeDays.value,
      );
      if (!live.length) return unknown('No live flow older than 30 days.', { figuresAsOf: block.fetchedAt });
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
      if (bad.length)
        return fail('high', `${bad.length} live flow(s) had no recipients or no revenue in 30 days.`, {
          items,
          figuresAsOf: block.fetchedAt,
        });
      return pass(`All ${live.length} live flows had recipients and revenue in 30 days.`, {
        figuresAsOf: block.fetchedAt,
      });
    },
  }),
  rule({
    id: 'F13',
    area: 'flows',
    title: 'Flow send volume has not fallen sharply against its own history',
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
    recommendation:
      'Look at what changed on the flagged flows: trigger metric still arriving, list still growing, filters or smart sending changed.',
    evaluate: ({ input, model, t }) => {
      const s = input.performance.flowSeries;
      if (!s) return unknown('Flow series have not been fetched yet.');
      const n = s.dates.length;
      const rd = t.recentDays.value;
      const bd = t.baselineDays.value;
      if (n < rd + bd)
        return unknown(`The series covers ${n} days; ${rd + bd} are needed.`, { figuresAsOf: s.fetchedAt });
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
      if (!judged)
        return unknown('No live flow has enough volume to judge a drop (sample too small).', {
          figuresAsOf: s.fetchedAt,
        });
      const items = bad.map((b) =>
        flowItem(b.f, { dailyBefore: round(b.before, 1), dailyRecent: round(b.after, 1), drop: round(b.drop, 3) }),
      );
      if (bad.length) {
        const worst = Math.max(...bad.map((b) => b.drop));
        return fail(
          worst >= t.dropHigh.value ? 'high' : 'medium',
          `${bad.length} flow(s) dropped by up to ${pct(worst, 0)}.`,
          {
            items,
            figuresAsOf: s.fetchedAt,
          },
        );
      }
      return pass(`Volume steady on ${judged} flow(s).`, { figuresAsOf: s.fetchedAt });
    },
  }),
  rule({
    id: 'F14',
    area: 'flows',
    title: 'Live flows were edited within the last year',
    severity: 'medium',
    thresholds: {
      warnDays: { value: 180, unit: 'days', source: 'heymay FLOW-011 (6–12 months = warning)' },
      failDays: { value: 365, unit: 'days', source: 'heymay FLOW-011; schuylerpy' },
    },
    source: 'heymay FLOW-011; schuylerpy',
    needs: ['flows'],
    recommendation: 'Review stale flows: refresh creative, offers and timing, and check links still work.',
    evaluate: ({ input, model, t }) => {
      const live = model.flows.filter((f) => f.live);
      if (!live.length) return unknown('No live flows.');
      const aged = live
        .map((f) => ({ f, age: ageDays(input.now, f.updated) }))
        .filter((x) => x.age !== null && x.age > t.warnDays.value);
      const items = aged.map((x) => flowItem(x.f, { daysSinceEdit: Math.floor(x.age!) }));
      const old = aged.filter((x) => x.age! > t.failDays.value);
      if (old.length) return fail('medium', `${old.length} live flow(s) not edited for over a year.`, { items });
      if (aged.length) return fail('low', `${aged.length} live flow(s) not edited for 6–12 months.`, { items });
      return pass(`All ${live.length} live flows were edited in the last 6 months.`);
    },
  }),
  rule({
    id: 'F15',
    area: 'flows',
    title: 'Flow placed-order rate at or above the Klaviyo median (1.71%), click ≥ 2%',
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
    recommendation:
      'Work on the weakest high-volume flows first (Klaviyo CX advice): offer, timing, subject lines and the first email.',
    evaluate: ({ input, model, t }) => {
      const block = input.performance.flowValues90;
      if (!block) return unknown('Flow performance for the last 90 days has not been fetched yet.');
      const judged: { f: FlowView; s: MessageStats }[] = [];
      for (const f of model.flows.filter((x) => x.live && !x.transactional)) {
        const s = block.byId[f.id];
        if (s && s.delivered >= t.minDelivered.value) judged.push({ f, s });
      }
      if (!judged.length)
        return unknown('No flow has enough deliveries to judge (sample too small).', { figuresAsOf: block.fetchedAt });
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
      if (weak.length)
        return fail(
          'medium',
          `${weak.length} of ${judged.length} flow(s) below the median placed-order or click rate.`,
          {
            items,
            figuresAsOf: block.fetchedAt,
          },
        );
      return pass(`All ${judged.length} flows at or above benchmark.`, { figuresAsOf: block.fetchedAt });
    },
  }),
  rule({
    id: 'F16',
    area: 'flows',
    title: 'No single-email flows (except transactional)',
    severity: 'low',
    thresholds: {},
    source: 'retainapp',
    needs: ['flows'],
    recommendation: 'Extend single-email flows into a short series (2–3 messages) or merge them into another flow.',
    evaluate: ({ model }) => {
      const live = model.flows.filter((f) => f.live && !f.transactional);
      if (!live.length) return unknown('No live, non-transactional flows.');
      if (live.some((f) => f.steps === null)) return unknown('Flow definitions were not synced.');
      const single = live.filter((f) => {
        const sends = (f.steps ?? []).filter((s) => s.type.startsWith('send-') && s.status === 'live');
        return sends.length === 1 && sends[0]!.type === 'send-email';
      });
      if (single.length)
        return fail('low', `${single.length} live flow(s) send only one email.`, { items: single.map(describe) });
      return pass('No single-email flows.');
    },
  }),
];
