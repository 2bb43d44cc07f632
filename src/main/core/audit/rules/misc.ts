import { DAY_MS, RESOURCE_KEYS, nameOf, relIds, resourceUsable, str } from '../input';
import { watchedMetricsOf } from '../model';
import { addStats, metricLabels, rates, zeroStats } from '../../performance';
import type { EvidenceItem } from '../types';
import { sentCampaigns } from './campaigns';
import { fail, pass, percent, round, rule, unknown } from './define';

export const trackingRules = [
  rule({
    id: 'M1',
    area: 'tracking',
    severity: 'critical',
    thresholds: {
      flatHours: { value: 72, unit: 'hours', source: 'runplaybook (24–72 h flatline = broken integration)' },
      steadyPerDay: { value: 1, unit: 'events/day', source: 'derived: "steady volume before"' },
      baselineDays: { value: 30, unit: 'days', source: 'derived' },
    },
    source: 'runplaybook.io audit checklist; heymay data map',
    needs: ['metrics'],
    evaluate: ({ input, model, t }) => {
      const block = input.performance.metricDaily;
      if (!block) return unknown('M1.unknownNotFetched');
      const n = block.dates.length;
      const recentDays = Math.ceil(t.flatHours.value / 24);
      const bd = t.baselineDays.value;
      if (n < recentDays + bd) return unknown('M1.unknownShortSeries', { count: n }, { figuresAsOf: block.fetchedAt });
      const items: EvidenceItem[] = [];
      let judged = 0;
      const flat: string[] = [];
      const labels = metricLabels(model.metrics);
      // by id when the figures have it (two metrics of one name stay apart), else by name (older figures)
      for (const { id, name: metricName } of watchedMetricsOf(model, resourceUsable(input, 'flows'))) {
        const name = labels.get(id) ?? metricName;
        const arr = block.byId ? block.byId[id] : block.byName[metricName];
        if (!arr) continue;
        const base = arr.slice(n - recentDays - bd, n - recentDays);
        const perDay = base.reduce((a, b) => a + b, 0) / bd;
        const activeDays = base.filter((x) => x > 0).length;
        const recent = arr.slice(n - recentDays).reduce((a, b) => a + b, 0);
        const figures = { baselinePerDay: round(perDay, 1), last72h: recent };
        items.push({ type: 'metric', id, name, figures });
        // steady = enough volume on most days; sporadic metrics cannot be judged by a 72 h gap
        if (perDay < t.steadyPerDay.value || activeDays < bd * 0.6) continue;
        judged++;
        if (recent === 0) flat.push(name);
      }
      const evidence = { items, figuresAsOf: block.fetchedAt };
      if (flat.length) return fail('critical', 'M1.fail', { metrics: flat.join(', ') }, evidence);
      if (!judged) return unknown('M1.unknownSmallSample', {}, evidence);
      return pass('M1.pass', { count: judged }, evidence);
    },
  }),
];

type D3Rate = 'spam' | 'bounce' | 'unsubscribe';
type D3Band =
  'spam' | 'bounce' | 'unsubscribe' | 'spamBounce' | 'spamUnsubscribe' | 'bounceUnsubscribe' | 'spamBounceUnsubscribe';

export const deliverabilityRules = [
  rule({
    id: 'D1',
    area: 'deliverability',
    severity: 'critical',
    thresholds: {},
    source: 'Gmail/Yahoo bulk-sender rules (Feb 2024); obaid-ullah (aim for p=quarantine)',
    needs: [],
    evaluate: ({ input }) => {
      const m = input.manual;
      if (!m) return unknown('D1.unknownNotAnswered');
      const figures = {
        spf: m.spf,
        dkim: m.dkim,
        dmarc: m.dmarc,
        dmarcPolicy: m.dmarcPolicy,
        sendingDomain: m.sendingDomain ?? null,
      };
      const failed = (['spf', 'dkim', 'dmarc'] as const).filter((k) => m[k] === 'fail');
      if (failed.length) return fail('critical', 'D1.fail', { checks: failed.join(', ').toUpperCase() }, { figures });
      if ([m.spf, m.dkim, m.dmarc].includes('unknown') || m.dmarcPolicy === 'unknown')
        return unknown('D1.unknownSomeUnknown', {}, { figures });
      return pass('D1.pass', { policy: m.dmarcPolicy }, { figures });
    },
  }),
  rule({
    id: 'D2',
    area: 'deliverability',
    severity: 'high',
    thresholds: {},
    source: 'obaid-ullah; excelohunt (not detectable through the API: manual answer)',
    needs: [],
    evaluate: ({ input }) => {
      const a = input.manual?.brandedDomain ?? 'unknown';
      if (a === 'unknown') return unknown('D2.unknownNotAnswered');
      return a === 'yes' ? pass('D2.pass') : fail('high', 'D2.fail');
    },
  }),
  rule({
    id: 'D3',
    area: 'deliverability',
    severity: 'critical',
    thresholds: {
      spamCritical: { value: 0.0015, unit: 'fraction', source: 'Klaviyo help 115000201131 (spam ≥0.15% critical)' },
      spamRoom: { value: 0.0008, unit: 'fraction', source: 'Klaviyo help 115000201131 (0.08–0.15% room)' },
      bounceCritical: { value: 0.015, unit: 'fraction', source: 'Klaviyo help 115000201131 (bounce ≥1.5% critical)' },
      bounceRoom: { value: 0.008, unit: 'fraction', source: 'Klaviyo help 115000201131 (0.8–1.5% room)' },
      unsubCritical: { value: 0.007, unit: 'fraction', source: 'Klaviyo help 115000201131 (unsub ≥0.7% critical)' },
      unsubRoom: { value: 0.003, unit: 'fraction', source: 'Klaviyo help 115000201131 (0.3–0.7% room)' },
      minDelivered: {
        value: 1000,
        unit: 'delivered',
        source: 'Klaviyo deliverability score needs ≥1,000 emails in 30 days',
      },
    },
    source: 'Klaviyo help 115000201131 bands',
    needs: [],
    evaluate: ({ input, t }) => {
      const c = input.performance.campaignValues30;
      const f = input.performance.flowValues30;
      if (!c || !f) return unknown('D3.unknownNotFetched');
      const total = zeroStats();
      for (const s of Object.values(c.byId)) addStats(total, s);
      for (const s of Object.values(f.byId)) addStats(total, s);
      const asOf = Math.min(c.fetchedAt, f.fetchedAt);
      if (total.delivered < t.minDelivered.value)
        return unknown(
          'D3.unknownFewDelivered',
          { count: total.delivered, min: t.minDelivered.value },
          { figuresAsOf: asOf },
        );
      const r = rates(total);
      const figures = {
        delivered: total.delivered,
        spamRate: round(r.spam, 5),
        bounceRate: round(r.bounce, 5),
        unsubscribeRate: round(r.unsubscribe, 5),
      };
      // each band names the rates in it, in this order: the key says which (D3.failCritical.spamBounce)
      const critical: D3Rate[] = [];
      const room: D3Rate[] = [];
      const rate: Record<string, number> = {};
      const check = (name: D3Rate, v: number | null, crit: number, rm: number) => {
        if (v === null) return;
        if (v >= crit) critical.push(name);
        else if (v >= rm) room.push(name);
        rate[name] = percent(v, 3);
      };
      check('spam', r.spam, t.spamCritical.value, t.spamRoom.value);
      check('bounce', r.bounce, t.bounceCritical.value, t.bounceRoom.value);
      check('unsubscribe', r.unsubscribe, t.unsubCritical.value, t.unsubRoom.value);
      const evidence = { figures, figuresAsOf: asOf };
      const band = (names: D3Rate[]) => {
        const id = names.map((n, i) => (i ? n[0]!.toUpperCase() + n.slice(1) : n)).join('') as D3Band;
        return [id, Object.fromEntries(names.map((n) => [n, rate[n]!]))] as const;
      };
      if (critical.length) {
        const [id, params] = band(critical);
        return fail('critical', `D3.failCritical.${id}`, params, evidence);
      }
      if (room.length) {
        const [id, params] = band(room);
        return fail('medium', `D3.failRoom.${id}`, params, evidence);
      }
      return pass('D3.pass', {}, evidence);
    },
  }),
];

export const formRules = [
  rule({
    id: 'FM1',
    area: 'forms',
    severity: 'high',
    thresholds: {},
    source: 'heymay; excelohunt',
    needs: ['forms'],
    evaluate: ({ input }) => {
      const live = input.forms.filter((f) => f.attributes.status === 'live');
      const items = live.map((f) => ({ type: 'form', id: f.id, name: nameOf(f), figures: {} }));
      return live.length ? pass('FM1.pass', { count: live.length }, { items }) : fail('high', 'FM1.fail');
    },
  }),
  rule({
    id: 'FM2',
    area: 'forms',
    severity: 'critical',
    thresholds: {
      critical: { value: 0.01, unit: 'fraction', source: 'heymay FORM-002 (<1% critical)' },
      high: { value: 0.02, unit: 'fraction', source: 'heymay FORM-003 (<2% high)' },
      good: { value: 0.03, unit: 'fraction', source: 'Klaviyo best-practices page (>3%)' },
      minViews: { value: 500, unit: 'views', source: 'derived: low-sample noise' },
    },
    source: 'heymay FORM-002/003; klaviyo.com email marketing best practices',
    needs: ['forms'],
    evaluate: ({ input, t }) => {
      const block = input.performance.formValues30;
      if (!block) return unknown('FM2.unknownNotFetched');
      const live = input.forms.filter((f) => f.attributes.status === 'live');
      const ranked = live
        .map((f) => ({ f, s: block.byId[f.id] ?? { viewed_form: 0, submits: 0 } }))
        .sort((a, b) => b.s.viewed_form - a.s.viewed_form);
      const primary = ranked[0];
      if (!primary || primary.s.viewed_form < t.minViews.value)
        return unknown('FM2.unknownFewViews', {}, { figuresAsOf: block.fetchedAt });
      const rate = primary.s.submits / primary.s.viewed_form;
      const items = [
        {
          type: 'form',
          id: primary.f.id,
          name: nameOf(primary.f),
          figures: { views30d: primary.s.viewed_form, submits30d: primary.s.submits, submitRate: round(rate) },
        },
      ];
      const o = { items, figures: { submitRate: round(rate) }, figuresAsOf: block.fetchedAt };
      const submits = { rate: percent(rate) };
      if (rate < t.critical.value) return fail('critical', 'FM2.fail', submits, o);
      if (rate < t.high.value) return fail('high', 'FM2.fail', submits, o);
      return pass(rate > t.good.value ? 'FM2.passGood' : 'FM2.pass', submits, o);
    },
  }),
  rule({
    id: 'FM3',
    area: 'forms',
    severity: 'medium',
    thresholds: { minViews: { value: 100, unit: 'views', source: 'derived' } },
    source: 'derived rule (audit-research.md suggestion)',
    needs: ['forms'],
    evaluate: ({ input, t }) => {
      const block = input.performance.formValues30;
      if (!block) return unknown('FM3.unknownNotFetched');
      const live = input.forms.filter((f) => f.attributes.status === 'live');
      const viewed = live.filter((f) => (block.byId[f.id]?.viewed_form ?? 0) >= t.minViews.value);
      if (!viewed.length) return unknown('FM3.unknownFewViews', {}, { figuresAsOf: block.fetchedAt });
      const broken = viewed.filter((f) => (block.byId[f.id]?.submits ?? 0) === 0);
      const items = broken.map((f) => ({
        type: 'form',
        id: f.id,
        name: nameOf(f),
        figures: { views30d: block.byId[f.id]!.viewed_form, submits30d: 0 },
      }));
      if (broken.length)
        return fail('medium', 'FM3.fail', { count: broken.length }, { items, figuresAsOf: block.fetchedAt });
      return pass('FM3.pass', { count: viewed.length }, { figuresAsOf: block.fetchedAt });
    },
  }),
  rule({
    id: 'FM4',
    area: 'forms',
    severity: 'medium',
    thresholds: { ratio: { value: 0.5, unit: 'ratio', source: 'heymay FORM-004' } },
    source: 'heymay FORM-004',
    needs: ['forms'],
    // The public form reports group by form and form version only, with no device breakdown, so the rates
    // come from the strategist (read off Klaviyo's UI) as manual answers; without them the rule stays unknown.
    evaluate: ({ input, t }) => {
      const m = input.manual;
      const mobile = m?.mobileSubmitRate;
      const desktop = m?.desktopSubmitRate;
      if (mobile === undefined || desktop === undefined || !desktop) return unknown('FM4.unknownNoRates');
      const ratio = mobile / desktop;
      const figures = { mobileSubmitRate: mobile, desktopSubmitRate: desktop, ratio: round(ratio, 3) };
      const mobileShare = { ratio: percent(ratio, 0) };
      if (ratio < t.ratio.value) return fail('medium', 'FM4.fail', mobileShare, { figures });
      return pass('FM4.pass', mobileShare, { figures });
    },
  }),
];

export const revenueRules = [
  rule({
    id: 'R1',
    area: 'revenue',
    severity: 'high',
    thresholds: {
      high: { value: 0.2, unit: 'share', source: 'heymay REV-003' },
      benchmark: { value: 0.3, unit: 'share', source: 'retainapp (>30%); goshdigital (50–60%)' },
    },
    source: 'heymay REV-003; retainapp; goshdigital',
    needs: [],
    evaluate: ({ input, t }) => {
      const f = input.performance.flowValues90;
      const c = input.performance.campaignValues90;
      if (!f || !c) return unknown('R1.unknownNotFetched');
      const fr = Object.values(f.byId).reduce((a, s) => a + s.conversion_value, 0);
      const cr = Object.values(c.byId).reduce((a, s) => a + s.conversion_value, 0);
      const asOf = Math.min(f.fetchedAt, c.fetchedAt);
      if (fr + cr <= 0) return unknown('R1.unknownNoRevenue', {}, { figuresAsOf: asOf });
      const share = fr / (fr + cr);
      const figures = { flowRevenue: round(fr, 2), campaignRevenue: round(cr, 2), flowShare: round(share, 3) };
      const flowShare = { share: percent(share, 0) };
      const evidence = { figures, figuresAsOf: asOf };
      if (share < t.high.value) return fail('high', 'R1.failLow', flowShare, evidence);
      if (share < t.benchmark.value) return fail('low', 'R1.failBelowBenchmark', flowShare, evidence);
      return pass('R1.pass', flowShare, evidence);
    },
  }),
  rule({
    id: 'R2',
    area: 'revenue',
    severity: 'medium',
    thresholds: {
      low: { value: 0.2, unit: 'share', source: 'goshdigital (<20% underbuilt)' },
      high: { value: 0.5, unit: 'share', source: 'goshdigital (>50% over-reliant)' },
    },
    source: 'goshdigital.co Klaviyo advanced reporting',
    needs: ['metrics'],
    evaluate: ({ input, t }) => {
      const f = input.performance.flowValues30;
      const c = input.performance.campaignValues30;
      const m = input.performance.metricDaily;
      const store = m?.valueByName?.['Placed Order'];
      if (!f || !c || !m || !store) return unknown('R2.unknownNotFetched');
      const attributed = [...Object.values(f.byId), ...Object.values(c.byId)].reduce(
        (a, s) => a + s.conversion_value,
        0,
      );
      const storeRevenue = store.slice(-30).reduce((a, b) => a + b, 0);
      const asOf = Math.min(f.fetchedAt, c.fetchedAt, m.fetchedAt);
      if (storeRevenue <= 0) return unknown('R2.unknownNoStoreRevenue', {}, { figuresAsOf: asOf });
      const share = attributed / storeRevenue;
      const figures = {
        attributed: round(attributed, 2),
        storeRevenue: round(storeRevenue, 2),
        share: round(share, 3),
      };
      const storeShare = { share: percent(share, 0) };
      const evidence = { figures, figuresAsOf: asOf };
      if (share < t.low.value) return fail('medium', 'R2.failLow', storeShare, evidence);
      if (share > t.high.value) return fail('low', 'R2.failHigh', storeShare, evidence);
      return pass('R2.pass', storeShare, evidence);
    },
  }),
];

export const accountRules = [
  rule({
    id: 'A1',
    area: 'account',
    severity: 'low',
    thresholds: {},
    source: 'Klaviyo benchmarks help 360050110072',
    needs: ['account'],
    evaluate: ({ input }) => {
      const industry = str(input.account?.attributes.industry);
      return industry ? pass('A1.pass', { industry }, { figures: { industry } }) : fail('low', 'A1.fail');
    },
  }),
  rule({
    id: 'A2',
    area: 'account',
    severity: 'info',
    thresholds: {},
    source: 'Klaviyo API field accounts.test_account',
    needs: ['account'],
    evaluate: ({ input }) =>
      input.account?.attributes.test_account === true
        ? fail('info', 'A2.fail', {}, { figures: { testAccount: true } })
        : pass('A2.pass', {}, { figures: { testAccount: false } }),
  }),
  rule({
    id: 'T1',
    area: 'account',
    severity: 'low',
    thresholds: { windowDays: { value: 90, unit: 'days', source: 'derived' } },
    source: 'Klaviyo Academy admin guide (taxonomy)',
    needs: ['tags', 'flows', 'campaigns'],
    evaluate: ({ input, t }) => {
      // tag links arrive only when flows/campaigns are listed with include=tags (or tags with their relationships)
      const linksKnown =
        [...input.flows, ...input.campaigns].some((it) => it.relationships && 'tags' in it.relationships) ||
        input.tags.some((t) => t.relationships && ('flows' in t.relationships || 'campaigns' in t.relationships));
      if (!linksKnown) return unknown('T1.unknownNoLinks');
      const tagged = new Set<string>();
      for (const tag of input.tags)
        for (const rel of ['flows', 'campaigns']) for (const id of relIds(tag, rel)) tagged.add(id);
      for (const it of [...input.flows, ...input.campaigns]) if (relIds(it, 'tags').length) tagged.add(it.id);
      const flows = input.flows.filter((f) => f.attributes.status === 'live' && f.attributes.archived !== true);
      const campaigns = sentCampaigns(input.campaigns, input.now - t.windowDays.value * DAY_MS).map((x) => x.c);
      const all = [...flows.map((f) => ['flow', f] as const), ...campaigns.map((c) => ['campaign', c] as const)];
      if (!all.length) return unknown('T1.unknownNothing');
      const untagged = all.filter(([, it]) => !tagged.has(it.id));
      const items = untagged.slice(0, 200).map(([type, it]) => ({ type, id: it.id, name: nameOf(it), figures: {} }));
      const figures = { checked: all.length, untagged: untagged.length };
      if (untagged.length === all.length) return fail('low', 'T1.failAll', { count: all.length }, { items, figures });
      if (untagged.length)
        return fail('low', 'T1.fail', { count: untagged.length, total: all.length }, { items, figures });
      return pass('T1.pass', { count: all.length }, { figures });
    },
  }),
];

export const syncRules = [
  rule({
    id: 'S1',
    area: 'sync',
    severity: 'medium',
    thresholds: { maxHours: { value: 24, unit: 'hours', source: 'ListGuard health score (sync staleness 24h+)' } },
    source: 'docs.listguardhq.com/agency',
    needs: [],
    evaluate: ({ input, t }) => {
      const last = input.sync.lastSuccessAt;
      if (last === null && input.sync.lastRunAt) return unknown('S1.unknownPartial');
      if (last === null) return fail('medium', 'S1.failNever');
      const hours = (input.now - last) / 3_600_000;
      const figures = { hoursSinceSync: round(hours, 1) };
      return hours > t.maxHours.value
        ? fail('medium', 'S1.failStale', { count: Math.floor(hours) }, { figures })
        : pass('S1.pass', { count: Math.max(0, Math.floor(hours)) }, { figures });
    },
  }),
  rule({
    id: 'S2',
    area: 'sync',
    severity: 'medium',
    thresholds: {},
    source: 'heymay pattern; Airbyte skips inaccessible streams (changelog 0.3.3)',
    needs: [],
    evaluate: ({ input }) => {
      const forbidden = RESOURCE_KEYS.filter((k) => input.resources[k]?.status === 'forbidden');
      const unsure = RESOURCE_KEYS.filter(
        (k) => input.resources[k]?.status !== 'ok' && input.resources[k]?.status !== 'forbidden',
      );
      const items = forbidden.map((k) => ({
        type: 'resource',
        id: k,
        name: k,
        figures: { missingScope: input.resources[k]?.missingScope ?? null },
      }));
      if (forbidden.length) return fail('medium', 'S2.fail', { resources: forbidden.join(', ') }, { items });
      if (unsure.length) return unknown('S2.unknownUnconfirmed', { resources: unsure.join(', ') });
      return pass('S2.pass');
    },
  }),
];
