import { evaluateAudit } from './evaluate';
import { baseFixture } from './fixtures/accounts';
import { REAL_SHAPES, type RealShapeCase } from './fixtures/real-shapes';
import { runThroughSync } from './fixtures/through-sync';
import { inputFromFixture } from './fixtures/to-input';
import type { AuditResult } from './types';
import { ruleRecommendation } from '../../../shared/audit/rule-recommendations';
import { ruleText, ruleTitles } from '../../../shared/audit/rule-titles';
import { LANGUAGES } from '../../../shared/contract/primitives';

/** A finding's title and recommendation as the English report stores them and as each language writes them. */
const wordsOf = (r: AuditResult, ruleId: string): Record<string, string> => {
  const f = r.findings.find((x) => x.ruleId === ruleId)!;
  const out: Record<string, string> = { stored: `${f.title} | ${f.recommendation}` };
  for (const lang of LANGUAGES)
    out[lang] = `${ruleText(ruleTitles, lang, f.ruleId, f.title)} | ${ruleRecommendation(lang, f)}`;
  return out;
};

const expectWords = (r: AuditResult, words: NonNullable<RealShapeCase['words']>) => {
  for (const [ruleId, { has, lacks }] of Object.entries(words))
    for (const [where, text] of Object.entries(wordsOf(r, ruleId))) {
      for (const w of has) expect(text, `${ruleId} ${where}`).toContain(w);
      for (const w of lacks) expect(text, `${ruleId} ${where}`).not.toContain(w);
    }
};

const statusOf = (r: AuditResult, ruleId: string) => {
  const f = r.findings.find((x) => x.ruleId === ruleId)!;
  return { status: f.status, summary: f.summary };
};

describe('real account shapes: the verdicts straight from the fixture', () => {
  for (const [name, c] of Object.entries(REAL_SHAPES)) {
    it(name, () => {
      const fx = baseFixture(Date.now());
      c.mutate?.(fx);
      const r = evaluateAudit(inputFromFixture(fx, c.options ?? {}));
      for (const [ruleId, want] of Object.entries(c.expect)) {
        const s = statusOf(r, ruleId);
        expect(s.status, `${ruleId}: ${s.summary}`).toBe(want);
      }
      if (c.words) expectWords(r, c.words);
    });
  }
});

describe('real account shapes through the simulator and the real sync', () => {
  let results: Map<string, AuditResult>;
  const names = new Map<string, Record<string, Map<string, string | null>>>();
  const statuses = new Map<string, Map<string, string | null>>();
  beforeAll(async () => {
    results = await runThroughSync(
      Object.entries(REAL_SHAPES).map(([name, c]) => ({ ruleId: name, kind: 'pass' as const, c })),
      {
        inspect: (key, store, workspaceId) => {
          const kept: Record<string, Map<string, string | null>> = {};
          for (const type of ['flow-messages', 'campaign-messages', 'flow-actions']) {
            const rows = store.inventory.list({ workspaceId, resourceType: type, limit: 100_000 });
            kept[type] = new Map(rows.map((r) => [r.klaviyoId, r.name]));
            if (type === 'flow-actions') statuses.set(key, new Map(rows.map((r) => [r.klaviyoId, r.status])));
          }
          names.set(key, kept);
        },
      },
    );
  }, 120_000);

  for (const [name, c] of Object.entries(REAL_SHAPES)) {
    it(`${name}: the verdicts are right`, () => {
      const r = results.get(`${name}:pass`)!;
      for (const [ruleId, want] of Object.entries(c.expect)) {
        const s = statusOf(r, ruleId);
        expect(s.status, `${ruleId}: ${s.summary}`).toBe(want);
      }
    });
    if (c.words)
      it(`${name}: the rule's words name the account's own metrics (stored, en, pl)`, () => {
        expectWords(results.get(`${name}:pass`)!, c.words!);
      });
    if (c.names)
      it(`${name}: the sync kept the message names`, () => {
        const kept = names.get(`${name}:pass`)!;
        for (const [type, byId] of Object.entries(c.names!))
          for (const [id, want] of Object.entries(byId)) expect(kept[type]?.get(id), `${type} ${id}`).toBe(want);
      });
  }

  it('an A/B test action is synced with its status, and its variations’ messages under it', () => {
    const s = statuses.get('abTestStep:pass')!;
    expect(s.get('FWEL01-3')).toBe('live');
    expect(names.get('abTestStep:pass')!['flow-messages']!.size).toBe(2);
  });
});
