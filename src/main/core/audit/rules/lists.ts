import { DAY_MS, nameOf, str } from '../input';
import type { SegmentView } from '../model';
import type { EvidenceItem } from '../types';
import { sentCampaigns } from './campaigns';
import { fail, pass, percent, round, rule, unknown } from './define';

const segItem = (s: SegmentView, figures: EvidenceItem['figures'] = {}, note?: string): EvidenceItem => ({
  type: 'segment',
  id: s.id,
  name: s.name,
  figures: { profileCount: s.profileCount, ...figures },
  ...(note ? { note } : {}),
});

function audienceIds(a: unknown): string[] {
  if (!a || typeof a !== 'object') return [];
  const o = a as { included?: unknown; excluded?: unknown };
  return [o.included, o.excluded].flatMap((v) => (Array.isArray(v) ? v.filter((x) => typeof x === 'string') : []));
}

export const listRules = [
  rule({
    id: 'L1',
    area: 'lists',
    severity: 'high',
    thresholds: {},
    source: 'heymay SEG-001/002; excelohunt',
    needs: ['segments'],
    evaluate: ({ model }) => {
      const engaged = model.segments.filter((s) => s.kinds.has('engaged'));
      const has = (lo: number, hi: number) =>
        engaged.some((s) => s.engagedDays !== null && s.engagedDays >= lo && s.engagedDays <= hi);
      const d30 = has(14, 45);
      const d90 = has(60, 120);
      const items = engaged.map((s) => segItem(s, { engagedDays: s.engagedDays }));
      if (!d30 && !d90) return fail('high', 'L1.failNone', {}, { items });
      if (!d30 || !d90) return fail('medium', 'L1.failOneMissing', { days: d30 ? 90 : 30 }, { items });
      return pass('L1.pass', {}, { items });
    },
  }),
  rule({
    id: 'L2',
    area: 'lists',
    severity: 'high',
    thresholds: { minShare: { value: 0.2, unit: 'share', source: 'businessabc (<20% active in 90 days is serious)' } },
    source: 'businessabc.net audit checklist',
    needs: ['segments', 'lists'],
    evaluate: ({ input, model, t }) => {
      const seg = model.segments.find(
        (s) => s.kinds.has('engaged') && s.engagedDays !== null && s.engagedDays >= 60 && s.engagedDays <= 120,
      );
      if (!seg) return unknown('L2.unknownNoSegment');
      const segCount = seg.profileCount ?? input.performance.segmentValues?.byId[seg.id]?.total_members ?? null;
      const count = (s: SegmentView) =>
        s.profileCount ?? input.performance.segmentValues?.byId[s.id]?.total_members ?? null;
      const emailableSeg = model.segments.find((s) => s.kinds.has('emailable') && count(s) !== null);
      const lists = input.lists.map((l) => ({
        l,
        n: typeof l.attributes.profile_count === 'number' ? (l.attributes.profile_count as number) : null,
      }));
      const biggestList = lists.filter((x) => x.n !== null).sort((a, b) => b.n! - a.n!)[0];
      const base = (emailableSeg ? count(emailableSeg) : null) ?? biggestList?.n ?? null;
      if (segCount === null || base === null || base === 0) return unknown('L2.unknownNoCounts');
      const share = segCount / base;
      const items: EvidenceItem[] = [segItem(seg)];
      if (emailableSeg) items.push(segItem(emailableSeg, {}, 'emailable base'));
      else if (biggestList)
        items.push({
          type: 'list',
          id: biggestList.l.id,
          name: nameOf(biggestList.l),
          figures: { profileCount: biggestList.n },
          note: 'largest list used as base',
        });
      const figures = { engaged90: segCount, emailable: base, share: round(share, 3) };
      const engaged = { share: percent(share, 0) };
      if (share < t.minShare.value) return fail('high', 'L2.fail', engaged, { items, figures });
      return pass('L2.pass', engaged, { items, figures });
    },
  }),
  rule({
    id: 'L3',
    area: 'lists',
    severity: 'high',
    thresholds: {
      warn: { value: 0.2, unit: 'share', source: 'heymay LIST-001/002 (≥20% critical in that tool)' },
      high: { value: 0.25, unit: 'share', source: 'obaid-ullah (>25% warning sign)' },
    },
    source: 'obaid-ullah; heymay LIST-001/002',
    needs: ['segments'],
    evaluate: ({ input, model, t }) => {
      const count = (s: SegmentView) =>
        s.profileCount ?? input.performance.segmentValues?.byId[s.id]?.total_members ?? null;
      const sup = model.segments.find((s) => s.kinds.has('suppressed') && count(s) !== null);
      const em = model.segments.find((s) => s.kinds.has('emailable') && count(s) !== null);
      if (!sup || !em) return unknown('L3.unknownNoSegments');
      const ns = count(sup)!;
      const ne = count(em)!;
      if (!ns && !ne) return unknown('L3.unknownEmpty');
      const rate = ns / (ns + ne);
      const items = [segItem(sup, { count: ns }), segItem(em, { count: ne })];
      const figures = { suppressed: ns, emailable: ne, suppressionRate: round(rate, 3) };
      const suppression = { rate: percent(rate, 1) };
      if (rate > t.high.value) return fail('high', 'L3.fail', suppression, { items, figures });
      if (rate >= t.warn.value) return fail('medium', 'L3.fail', suppression, { items, figures });
      return pass('L3.pass', suppression, { items, figures });
    },
  }),
  rule({
    id: 'L4',
    area: 'lists',
    severity: 'medium',
    thresholds: {},
    source: 'heymay SEG-004',
    needs: ['segments', 'campaigns', 'flows'],
    evaluate: ({ input, model }) => {
      const sunset = model.segments.filter((s) => s.kinds.has('sunset'));
      if (!sunset.length) return fail('medium', 'L4.failNone');
      const ids = new Set(sunset.map((s) => s.id));
      const usedByFlow = model.flows.some((f) => f.live && f.triggerSegmentId && ids.has(f.triggerSegmentId));
      const usedByCampaign = input.campaigns.some((c) => {
        const ex = (c.attributes.audiences as { excluded?: unknown } | undefined)?.excluded;
        return Array.isArray(ex) && ex.some((id) => ids.has(String(id)));
      });
      const items = sunset.map((s) => segItem(s));
      if (!usedByFlow && !usedByCampaign) return fail('medium', 'L4.failUnused', {}, { items });
      const key = usedByFlow ? (usedByCampaign ? 'L4.passFlowAndCampaign' : 'L4.passFlow') : 'L4.passCampaign';
      return pass(key, {}, { items });
    },
  }),
  rule({
    id: 'L5',
    area: 'lists',
    severity: 'low',
    thresholds: {},
    source: 'heymay SEG-003',
    needs: ['segments'],
    evaluate: ({ model }) => {
      const vip = model.segments.filter((s) => s.kinds.has('vip'));
      return vip.length
        ? pass('L5.pass', { count: vip.length }, { items: vip.map((s) => segItem(s)) })
        : fail('low', 'L5.fail');
    },
  }),
  rule({
    id: 'L6',
    area: 'lists',
    severity: 'high',
    thresholds: { recentDays: { value: 30, unit: 'days', source: 'derived' } },
    source: 'Klaviyo API semantics (inactive segments do not update)',
    needs: ['segments', 'flows', 'campaigns'],
    evaluate: ({ input, model, t }) => {
      const stale = model.segments.filter((s) => !s.active || s.processing);
      if (!stale.length) return pass('L6.pass');
      const used = new Set<string>();
      for (const f of model.flows) if (f.live && f.triggerSegmentId) used.add(f.triggerSegmentId);
      for (const { c } of sentCampaigns(input.campaigns, input.now - t.recentDays.value * DAY_MS))
        for (const id of audienceIds(c.attributes.audiences)) used.add(id);
      for (const c of input.campaigns)
        if (/scheduled|sending/i.test(str(c.attributes.status) ?? ''))
          for (const id of audienceIds(c.attributes.audiences)) used.add(id);
      const bad = stale.filter((s) => used.has(s.id));
      const items = bad.map((s) => segItem(s, { isActive: s.active, isProcessing: s.processing }));
      if (bad.length) return fail('high', 'L6.fail', { count: bad.length }, { items });
      return pass('L6.passNoneUsed', { count: stale.length });
    },
  }),
  rule({
    id: 'L7',
    area: 'lists',
    severity: 'medium',
    thresholds: {
      swing: { value: 0.4, unit: 'fraction', source: 'manifest.ly (40% swing = definition/sync issue)' },
      minCount: { value: 100, unit: 'profiles', source: 'derived: low-sample noise' },
    },
    source: 'manifest.ly CRM audit checklist',
    needs: ['segments', 'lists'],
    evaluate: ({ input, t }) => {
      const prev = input.sync.previousCounts;
      if (!prev) return unknown('L7.unknownNoPrevious');
      let compared = 0;
      const items: EvidenceItem[] = [];
      for (const [type, arr] of [
        ['segment', input.segments],
        ['list', input.lists],
      ] as const) {
        for (const it of arr) {
          const now =
            typeof it.attributes.profile_count === 'number'
              ? it.attributes.profile_count
              : input.performance.segmentValues?.byId[it.id]?.total_members;
          const before = prev[it.id];
          if (typeof now !== 'number' || !before || before.count < t.minCount.value) continue;
          compared++;
          const swing = Math.abs(now - before.count) / before.count;
          if (swing > t.swing.value)
            items.push({
              type,
              id: it.id,
              name: nameOf(it),
              figures: { before: before.count, now, swing: round(swing, 3) },
            });
        }
      }
      if (!compared) return unknown('L7.unknownNothingCompared');
      if (items.length) return fail('medium', 'L7.fail', { count: items.length }, { items });
      return pass('L7.pass', { count: compared });
    },
  }),
  rule({
    id: 'L8',
    area: 'lists',
    severity: 'info',
    thresholds: {},
    source: 'Klaviyo community audit Part 1 (recommends double opt-in); informational',
    needs: ['lists'],
    evaluate: ({ input }) => {
      if (!input.lists.length) return unknown('L8.unknownNoLists');
      const single = input.lists.filter((l) => l.attributes.opt_in_process === 'single_opt_in');
      const items = single.map((l) => ({
        type: 'list',
        id: l.id,
        name: nameOf(l),
        figures: { optIn: 'single_opt_in' },
      }));
      const figures = { lists: input.lists.length, singleOptIn: single.length };
      if (single.length === input.lists.length)
        return fail('info', 'L8.failAll', { count: single.length }, { items, figures });
      if (single.length)
        return fail('info', 'L8.fail', { count: single.length, total: input.lists.length }, { items, figures });
      return pass('L8.pass', {}, { figures });
    },
  }),
];
