import { DAY_MS, RESOURCE_KEYS, nameOf, relIds, str } from '../input';
import { addStats, rates, zeroStats } from '../../reporting/figures';
import type { EvidenceItem } from '../types';
import { sentCampaigns } from './campaigns';
import { fail, pass, pct, round, rule, unknown } from './define';

export const TRIGGER_METRIC_NAMES = [
  'Placed Order',
  'Started Checkout',
  'Added to Cart',
  'Viewed Product',
  'Active on Site',
];

export const trackingRules = [
  rule({
    id: 'M1',
    area: 'tracking',
    title: 'Trigger metrics are still recording (events in the last 72 hours)',
    severity: 'critical',
    thresholds: {
      flatHours: { value: 72, unit: 'hours', source: 'runplaybook (24–72 h flatline = broken integration)' },
      steadyPerDay: { value: 1, unit: 'events/day', source: 'derived: "steady volume before"' },
      baselineDays: { value: 30, unit: 'days', source: 'derived' },
    },
    source: 'runplaybook.io audit checklist; heymay data map',
    needs: ['metrics'],
    recommendation:
      'Check the store integration (Shopify/Woo/custom) and the onsite tracking snippet: a trigger metric that stopped recording silently breaks the flows built on it.',
    evaluate: ({ input, t }) => {
      const block = input.performance.metricDaily;
      if (!block) return unknown('Daily event counts have not been fetched yet.');
      const n = block.dates.length;
      const recentDays = Math.ceil(t.flatHours.value / 24);
      const bd = t.baselineDays.value;
      if (n < recentDays + bd) return unknown(`Only ${n} days of counts.`, { figuresAsOf: block.fetchedAt });
      const items: EvidenceItem[] = [];
      let judged = 0;
      const flat: string[] = [];
      const metricIds = new Map(input.metrics.map((m) => [str(m.attributes.name) ?? '', m.id]));
      for (const name of TRIGGER_METRIC_NAMES) {
        const arr = block.byName[name];
        if (!arr) continue;
        const base = arr.slice(n - recentDays - bd, n - recentDays);
        const perDay = base.reduce((a, b) => a + b, 0) / bd;
        const activeDays = base.filter((x) => x > 0).length;
        const recent = arr.slice(n - recentDays).reduce((a, b) => a + b, 0);
        const figures = { baselinePerDay: round(perDay, 1), last72h: recent };
        items.push({ type: 'metric', id: metricIds.get(name) ?? name, name, figures });
        // steady = enough volume on most days; sporadic metrics cannot be judged by a 72 h gap
        if (perDay < t.steadyPerDay.value || activeDays < bd * 0.6) continue;
        judged++;
        if (recent === 0) flat.push(name);
      }
      if (flat.length)
        return fail('critical', `${flat.join(', ')} recorded no events in the last 72 hours.`, {
          items,
          figuresAsOf: block.fetchedAt,
        });
      if (!judged)
        return unknown('No trigger metric had steady volume to judge (sample too small).', {
          items,
          figuresAsOf: block.fetchedAt,
        });
      return pass(`${judged} trigger metric(s) recording normally.`, { items, figuresAsOf: block.fetchedAt });
    },
  }),
];

export const deliverabilityRules = [
  rule({
    id: 'D1',
    area: 'deliverability',
    title: 'SPF, DKIM and DMARC pass for the sending domain (DMARC at least p=none)',
    severity: 'critical',
    thresholds: {},
    source: 'Gmail/Yahoo bulk-sender rules (Feb 2024); obaid-ullah (aim for p=quarantine)',
    needs: [],
    recommendation:
      'Publish SPF and DKIM for the sending domain and a DMARC record (start at p=none, move to p=quarantine once reports are clean).',
    evaluate: ({ input }) => {
      const m = input.manual;
      if (!m) return unknown('Not answered yet: enter the SPF/DKIM/DMARC results in the audit page (manual check).');
      const figures = {
        spf: m.spf,
        dkim: m.dkim,
        dmarc: m.dmarc,
        dmarcPolicy: m.dmarcPolicy,
        sendingDomain: m.sendingDomain ?? null,
      };
      const failed = (['spf', 'dkim', 'dmarc'] as const).filter((k) => m[k] === 'fail');
      if (failed.length)
        return fail('critical', `${failed.join(', ').toUpperCase()} failing for the sending domain.`, { figures });
      if ([m.spf, m.dkim, m.dmarc].includes('unknown') || m.dmarcPolicy === 'unknown')
        return unknown('Some authentication answers are still "unknown".', { figures });
      return pass(`SPF, DKIM and DMARC pass (p=${m.dmarcPolicy}).`, { figures });
    },
  }),
  rule({
    id: 'D2',
    area: 'deliverability',
    title: 'A branded (dedicated) sending domain is in use',
    severity: 'high',
    thresholds: {},
    source: 'obaid-ullah; excelohunt (not detectable through the API: manual answer)',
    needs: [],
    recommendation:
      'Set up a branded sending domain in Klaviyo (e.g. send.yourbrand.com) instead of the shared Klaviyo domain.',
    evaluate: ({ input }) => {
      const a = input.manual?.brandedDomain ?? 'unknown';
      if (a === 'unknown')
        return unknown('Not answered yet: say in the audit page whether a branded sending domain is set up.');
      return a === 'yes'
        ? pass('A branded sending domain is in use.')
        : fail('high', 'Email goes out from the shared Klaviyo domain.');
    },
  }),
  rule({
    id: 'D3',
    area: 'deliverability',
    title: 'Account-level 30-day spam, bounce and unsubscribe rates within Klaviyo bands',
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
    recommendation: 'Tighten sending to engaged profiles, clean bounced addresses, and review content and frequency.',
    evaluate: ({ input, t }) => {
      const c = input.performance.campaignValues30;
      const f = input.performance.flowValues30;
      if (!c || !f) return unknown('30-day campaign and flow figures are both needed and have not been fetched yet.');
      const total = zeroStats();
      for (const s of Object.values(c.byId)) addStats(total, s);
      for (const s of Object.values(f.byId)) addStats(total, s);
      const asOf = Math.min(c.fetchedAt, f.fetchedAt);
      if (total.delivered < t.minDelivered.value)
        return unknown(`Only ${total.delivered} emails delivered in 30 days (needs ${t.minDelivered.value}).`, {
          figuresAsOf: asOf,
        });
      const r = rates(total);
      const figures = {
        delivered: total.delivered,
        spamRate: round(r.spam, 5),
        bounceRate: round(r.bounce, 5),
        unsubscribeRate: round(r.unsubscribe, 5),
      };
      const critical: string[] = [];
      const room: string[] = [];
      const check = (label: string, v: number | null, crit: number, rm: number) => {
        if (v === null) return;
        if (v >= crit) critical.push(`${label} ${pct(v, 3)}`);
        else if (v >= rm) room.push(`${label} ${pct(v, 3)}`);
      };
      check('spam', r.spam, t.spamCritical.value, t.spamRoom.value);
      check('bounce', r.bounce, t.bounceCritical.value, t.bounceRoom.value);
      check('unsubscribe', r.unsubscribe, t.unsubCritical.value, t.unsubRoom.value);
      if (critical.length)
        return fail('critical', `Critical band: ${critical.join(', ')}.`, { figures, figuresAsOf: asOf });
      if (room.length) return fail('medium', `Room to improve: ${room.join(', ')}.`, { figures, figuresAsOf: asOf });
      return pass('Spam, bounce and unsubscribe rates are healthy.', { figures, figuresAsOf: asOf });
    },
  }),
];

export const formRules = [
  rule({
    id: 'FM1',
    area: 'forms',
    title: 'At least one live signup form',
    severity: 'high',
    thresholds: {},
    source: 'heymay; excelohunt',
    needs: ['forms'],
    recommendation: 'Publish a signup form (popup or flyout with an incentive) to grow the list.',
    evaluate: ({ input }) => {
      const live = input.forms.filter((f) => f.attributes.status === 'live');
      const items = live.map((f) => ({ type: 'form', id: f.id, name: nameOf(f), figures: {} }));
      return live.length ? pass(`${live.length} live form(s).`, { items }) : fail('high', 'No live signup form.');
    },
  }),
  rule({
    id: 'FM2',
    area: 'forms',
    title: 'Primary form submit rate at least 2% (above 3% is good)',
    severity: 'critical',
    thresholds: {
      critical: { value: 0.01, unit: 'fraction', source: 'heymay FORM-002 (<1% critical)' },
      high: { value: 0.02, unit: 'fraction', source: 'heymay FORM-003 (<2% high)' },
      good: { value: 0.03, unit: 'fraction', source: 'Klaviyo best-practices page (>3%)' },
      minViews: { value: 500, unit: 'views', source: 'derived: low-sample noise' },
    },
    source: 'heymay FORM-002/003; klaviyo.com email marketing best practices',
    needs: ['forms'],
    recommendation:
      'Test a stronger offer, a shorter form and a later trigger (exit intent or after scrolling) on the main form.',
    evaluate: ({ input, t }) => {
      const block = input.performance.formValues30;
      if (!block) return unknown('Form performance has not been fetched yet.');
      const live = input.forms.filter((f) => f.attributes.status === 'live');
      const ranked = live
        .map((f) => ({ f, s: block.byId[f.id] ?? { viewed_form: 0, submits: 0 } }))
        .sort((a, b) => b.s.viewed_form - a.s.viewed_form);
      const primary = ranked[0];
      if (!primary || primary.s.viewed_form < t.minViews.value)
        return unknown('No live form with enough views in 30 days to judge.', { figuresAsOf: block.fetchedAt });
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
      if (rate < t.critical.value) return fail('critical', `Primary form converts ${pct(rate)} of views.`, o);
      if (rate < t.high.value) return fail('high', `Primary form converts ${pct(rate)} of views.`, o);
      return pass(`Primary form converts ${pct(rate)} of views${rate > t.good.value ? ' (good)' : ''}.`, o);
    },
  }),
  rule({
    id: 'FM3',
    area: 'forms',
    title: 'No live form with views but zero submits in 30 days',
    severity: 'medium',
    thresholds: { minViews: { value: 100, unit: 'views', source: 'derived' } },
    source: 'derived rule (audit-research.md suggestion)',
    needs: ['forms'],
    recommendation:
      'Check the flagged forms on a phone and a desktop: broken submit buttons and hidden fields are common.',
    evaluate: ({ input, t }) => {
      const block = input.performance.formValues30;
      if (!block) return unknown('Form performance has not been fetched yet.');
      const live = input.forms.filter((f) => f.attributes.status === 'live');
      const viewed = live.filter((f) => (block.byId[f.id]?.viewed_form ?? 0) >= t.minViews.value);
      if (!viewed.length) return unknown('No live form had enough views to judge.', { figuresAsOf: block.fetchedAt });
      const broken = viewed.filter((f) => (block.byId[f.id]?.submits ?? 0) === 0);
      const items = broken.map((f) => ({
        type: 'form',
        id: f.id,
        name: nameOf(f),
        figures: { views30d: block.byId[f.id]!.viewed_form, submits30d: 0 },
      }));
      if (broken.length)
        return fail('medium', `${broken.length} live form(s) had views but no submits.`, {
          items,
          figuresAsOf: block.fetchedAt,
        });
      return pass(`All ${viewed.length} viewed forms collected submits.`, { figuresAsOf: block.fetchedAt });
    },
  }),
  rule({
    id: 'FM4',
    area: 'forms',
    title: 'Mobile submit rate at least half the desktop rate',
    severity: 'medium',
    thresholds: { ratio: { value: 0.5, unit: 'ratio', source: 'heymay FORM-004' } },
    source: 'heymay FORM-004',
    needs: ['forms'],
    recommendation: 'Check the mobile version of the form (size, close button, keyboard covering fields).',
    // The public form reports group by form and form version only, with no device breakdown, so the rates
    // come from the strategist (read off Klaviyo's UI) as manual answers; without them the rule stays unknown.
    evaluate: ({ input, t }) => {
      const m = input.manual;
      const mobile = m?.mobileSubmitRate;
      const desktop = m?.desktopSubmitRate;
      if (mobile === undefined || desktop === undefined || !desktop)
        return unknown(
          'Klaviyo form reports have no device breakdown: enter mobile and desktop submit rates in the audit page.',
        );
      const ratio = mobile / desktop;
      const figures = { mobileSubmitRate: mobile, desktopSubmitRate: desktop, ratio: round(ratio, 3) };
      if (ratio < t.ratio.value)
        return fail('medium', `Mobile converts at ${pct(ratio, 0)} of the desktop rate.`, { figures });
      return pass(`Mobile converts at ${pct(ratio, 0)} of the desktop rate.`, { figures });
    },
  }),
];

export const revenueRules = [
  rule({
    id: 'R1',
    area: 'revenue',
    title: 'Flows bring at least 20% of Klaviyo-attributed revenue (benchmark 30–60%)',
    severity: 'high',
    thresholds: {
      high: { value: 0.2, unit: 'share', source: 'heymay REV-003' },
      benchmark: { value: 0.3, unit: 'share', source: 'retainapp (>30%); goshdigital (50–60%)' },
    },
    source: 'heymay REV-003; retainapp; goshdigital',
    needs: [],
    recommendation: 'Build out the core flows (welcome, abandonment, post-purchase): they earn while you sleep.',
    evaluate: ({ input, t }) => {
      const f = input.performance.flowValues90;
      const c = input.performance.campaignValues90;
      if (!f || !c) return unknown('Flow and campaign revenue for 90 days are both needed.');
      const fr = Object.values(f.byId).reduce((a, s) => a + s.conversion_value, 0);
      const cr = Object.values(c.byId).reduce((a, s) => a + s.conversion_value, 0);
      const asOf = Math.min(f.fetchedAt, c.fetchedAt);
      if (fr + cr <= 0) return unknown('No attributed revenue in 90 days.', { figuresAsOf: asOf });
      const share = fr / (fr + cr);
      const figures = { flowRevenue: round(fr, 2), campaignRevenue: round(cr, 2), flowShare: round(share, 3) };
      if (share < t.high.value)
        return fail('high', `Flows bring ${pct(share, 0)} of attributed revenue.`, { figures, figuresAsOf: asOf });
      if (share < t.benchmark.value)
        return fail('low', `Flows bring ${pct(share, 0)} of attributed revenue (benchmark 30–60%).`, {
          figures,
          figuresAsOf: asOf,
        });
      return pass(`Flows bring ${pct(share, 0)} of attributed revenue.`, { figures, figuresAsOf: asOf });
    },
  }),
  rule({
    id: 'R2',
    area: 'revenue',
    title: 'Klaviyo-attributed revenue is at least 20% of store revenue (over 50% = over-reliant)',
    severity: 'medium',
    thresholds: {
      low: { value: 0.2, unit: 'share', source: 'goshdigital (<20% underbuilt)' },
      high: { value: 0.5, unit: 'share', source: 'goshdigital (>50% over-reliant)' },
    },
    source: 'goshdigital.co Klaviyo advanced reporting',
    needs: ['metrics'],
    recommendation:
      'Below 20%: build flows and grow the list. Above 50%: check attribution windows before celebrating.',
    evaluate: ({ input, t }) => {
      const f = input.performance.flowValues30;
      const c = input.performance.campaignValues30;
      const m = input.performance.metricDaily;
      const store = m?.valueByName?.['Placed Order'];
      if (!f || !c || !m || !store)
        return unknown('Needs 30-day attributed revenue and the Placed Order revenue per day.');
      const attributed = [...Object.values(f.byId), ...Object.values(c.byId)].reduce(
        (a, s) => a + s.conversion_value,
        0,
      );
      const storeRevenue = store.slice(-30).reduce((a, b) => a + b, 0);
      const asOf = Math.min(f.fetchedAt, c.fetchedAt, m.fetchedAt);
      if (storeRevenue <= 0) return unknown('No store revenue recorded in 30 days.', { figuresAsOf: asOf });
      const share = attributed / storeRevenue;
      const figures = {
        attributed: round(attributed, 2),
        storeRevenue: round(storeRevenue, 2),
        share: round(share, 3),
      };
      if (share < t.low.value)
        return fail('medium', `Klaviyo drives ${pct(share, 0)} of store revenue.`, { figures, figuresAsOf: asOf });
      if (share > t.high.value)
        return fail('low', `Klaviyo claims ${pct(share, 0)} of store revenue (over-reliant or generous attribution).`, {
          figures,
          figuresAsOf: asOf,
        });
      return pass(`Klaviyo drives ${pct(share, 0)} of store revenue.`, { figures, figuresAsOf: asOf });
    },
  }),
];

export const accountRules = [
  rule({
    id: 'A1',
    area: 'account',
    title: 'Account industry is set',
    severity: 'low',
    thresholds: {},
    source: 'Klaviyo benchmarks help 360050110072',
    needs: ['account'],
    recommendation: 'Set the industry in Klaviyo account settings so benchmarks compare with the right peers.',
    evaluate: ({ input }) => {
      const industry = str(input.account?.attributes.industry);
      return industry
        ? pass(`Industry: ${industry}.`, { figures: { industry } })
        : fail('low', 'The account industry is not set.');
    },
  }),
  rule({
    id: 'A2',
    area: 'account',
    title: 'Not a test account (test accounts are excluded from scoring)',
    severity: 'info',
    thresholds: {},
    source: 'Klaviyo API field accounts.test_account',
    needs: ['account'],
    recommendation: 'This is a Klaviyo test account: its score is shown but not counted as a client score.',
    evaluate: ({ input }) =>
      input.account?.attributes.test_account === true
        ? fail('info', 'This is a test account; the score is not counted.', { figures: { testAccount: true } })
        : pass('Production account.', { figures: { testAccount: false } }),
  }),
  rule({
    id: 'T1',
    area: 'account',
    title: 'Live flows and recent campaigns are tagged',
    severity: 'low',
    thresholds: { windowDays: { value: 90, unit: 'days', source: 'derived' } },
    source: 'Klaviyo Academy admin guide (taxonomy)',
    needs: ['tags', 'flows', 'campaigns'],
    recommendation: 'Agree a small tag taxonomy (lifecycle stage, offer type) and tag every flow and campaign.',
    evaluate: ({ input, t }) => {
      // tag links arrive only when flows/campaigns are listed with include=tags (or tags with their relationships)
      const linksKnown =
        [...input.flows, ...input.campaigns].some((it) => it.relationships && 'tags' in it.relationships) ||
        input.tags.some((t) => t.relationships && ('flows' in t.relationships || 'campaigns' in t.relationships));
      if (!linksKnown) return unknown('Tag assignments were not synced (flows and campaigns need include=tags).');
      const tagged = new Set<string>();
      for (const tag of input.tags)
        for (const rel of ['flows', 'campaigns']) for (const id of relIds(tag, rel)) tagged.add(id);
      for (const it of [...input.flows, ...input.campaigns]) if (relIds(it, 'tags').length) tagged.add(it.id);
      const flows = input.flows.filter((f) => f.attributes.status === 'live' && f.attributes.archived !== true);
      const campaigns = sentCampaigns(input.campaigns, input.now - t.windowDays.value * DAY_MS).map((x) => x.c);
      const all = [...flows.map((f) => ['flow', f] as const), ...campaigns.map((c) => ['campaign', c] as const)];
      if (!all.length) return unknown('No live flows or recent campaigns to check.');
      const untagged = all.filter(([, it]) => !tagged.has(it.id));
      const items = untagged.slice(0, 200).map(([type, it]) => ({ type, id: it.id, name: nameOf(it), figures: {} }));
      const figures = { checked: all.length, untagged: untagged.length };
      if (untagged.length)
        return fail('low', `${untagged.length} of ${all.length} live flows/recent campaigns have no tag.`, {
          items,
          figures,
        });
      return pass(`All ${all.length} live flows and recent campaigns are tagged.`, { figures });
    },
  }),
];

export const syncRules = [
  rule({
    id: 'S1',
    area: 'sync',
    title: 'The last successful sync is less than 24 hours old',
    severity: 'medium',
    thresholds: { maxHours: { value: 24, unit: 'hours', source: 'ListGuard health score (sync staleness 24h+)' } },
    source: 'docs.listguardhq.com/agency',
    needs: [],
    recommendation: 'Sync the workspace (or turn on the daily sync) before relying on this audit.',
    evaluate: ({ input, t }) => {
      const last = input.sync.lastSuccessAt;
      if (last === null && input.sync.lastRunAt)
        return unknown('No sync has completed yet; the latest one was partial, so freshness cannot be confirmed.');
      if (last === null) return fail('medium', 'The workspace has never completed a sync.');
      const hours = (input.now - last) / 3_600_000;
      const figures = { hoursSinceSync: round(hours, 1) };
      return hours > t.maxHours.value
        ? fail('medium', `The last complete sync was ${Math.floor(hours)} hours ago.`, { figures })
        : pass(`Synced ${Math.max(0, Math.floor(hours))} hour(s) ago.`, { figures });
    },
  }),
  rule({
    id: 'S2',
    area: 'sync',
    title: 'The API key has every scope the audit reads',
    severity: 'medium',
    thresholds: {},
    source: 'heymay pattern; Airbyte skips inaccessible streams (changelog 0.3.3)',
    needs: [],
    recommendation: 'Create a read-only private key with all read scopes and update the workspace key.',
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
      if (forbidden.length)
        return fail('medium', `The key cannot read ${forbidden.join(', ')}; those checks show "unknown".`, { items });
      if (unsure.length)
        return unknown(`${unsure.join(', ')} did not sync completely, so their scopes could not be confirmed.`);
      return pass('The key can read everything the audit needs.');
    },
  }),
];
