import { en } from './en';
import { pl } from './pl';
import { flattenCatalogue, labelOf, translate, valueKey, type CatalogueTree } from './catalogue';
import { loadOpenApiDocument } from '../../../main/core/klaviyo/spec/load-spec';
import { campaignChannels, resourceRunStatuses } from '../../../shared/contract/primitives';
import { createFormatters } from './format';

const enMap = flattenCatalogue(en as unknown as CatalogueTree);
const plMap = flattenCatalogue(pl);
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

describe('catalogues', () => {
  it('Polish has no key the English catalogue lacks (plural forms map to their English base)', () => {
    const enBases = new Set([...enMap.keys()].map(base));
    const stray = [...plMap.keys()].filter((k) => !enBases.has(base(k)));
    expect(stray).toEqual([]);
  });

  it('every Polish plural has the forms Polish needs (one, few, many)', () => {
    const plural = new Set([...enMap.keys()].filter((k) => /_other$/.test(k)).map(base));
    for (const key of plural) {
      if (![...plMap.keys()].some((k) => base(k) === key)) continue;
      for (const form of ['one', 'few', 'many']) expect(plMap.has(`${key}_${form}`), `${key}_${form}`).toBe(true);
    }
  });

  it('placeholders in Polish match those in English', () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of plMap) {
      const enKey = enMap.has(k) ? k : `${base(k)}_other`;
      const enValue = enMap.get(enKey) ?? enMap.get(base(k));
      expect(enValue, k).toBeDefined();
      expect(names(v), k).toEqual(names(enValue!));
    }
  });
});

describe('labels of values from Klaviyo and the service', () => {
  type Schema = { properties?: { attributes?: { properties?: Record<string, { enum?: string[] }> } } };
  const schemas = loadOpenApiDocument().components.schemas as Record<string, Schema>;
  const specEnum = (schema: string, field: string) => {
    const values = schemas[schema]?.properties?.attributes?.properties?.[field]?.enum;
    if (!values?.length) throw new Error(`${schema}.${field} has no enum in the bundled spec`);
    return values;
  };
  const groups: [group: string, values: readonly string[]][] = [
    ['itemStatus', specEnum('CampaignResponseObjectResource', 'status')],
    ['itemStatus', specEnum('FormResponseObjectResource', 'status')],
    ['itemStatus', specEnum('FormVersionResponseObjectResource', 'status')],
    // flow and flow-action statuses: the spec's values for actions, which flows share
    ['itemStatus', ['disabled', 'draft', 'live', 'manual']],
    ['triggerTypes', specEnum('FlowResponseObjectResource', 'trigger_type')],
    ['resourceStatus', resourceRunStatuses],
    ['channels', campaignChannels],
  ];

  it.each(['en', 'pl'] as const)('every value has its own %s label, not the raw value', (locale) => {
    const map = locale === 'en' ? enMap : plMap;
    const missing = groups.flatMap(([group, values]) =>
      values.filter((v) => !map.has(`${group}.${valueKey(v)}`)).map((v) => `${group}: ${v}`),
    );
    expect(missing).toEqual([]);
  });

  it('finds a label by the value as Klaviyo spells it, and shows an unknown value readably', () => {
    const t = (k: string) => translate('pl', plMap, enMap, k);
    expect(labelOf(t, 'itemStatus', 'Cancelled: No Recipients')).toBe('Anulowana: brak odbiorców');
    expect(labelOf(t, 'triggerTypes', 'Added to List')).toBe('Dodanie do listy');
    expect(labelOf(t, 'resources', 'tag-groups')).toBe(plMap.get('resources.tag-groups'));
    expect(labelOf(t, 'itemStatus', 'brand_new_status')).toBe('brand new status');
  });
});

describe('translate', () => {
  it('fills placeholders and picks plural forms by locale', () => {
    expect(translate('en', enMap, enMap, 'workspaces.items', { count: 1 })).toBe('1 item');
    expect(translate('en', enMap, enMap, 'workspaces.items', { count: 1234 })).toBe('1,234 items');
    expect(translate('pl', plMap, enMap, 'workspaces.items', { count: 1 })).toBe('1 element');
    expect(translate('pl', plMap, enMap, 'workspaces.items', { count: 3 })).toBe('3 elementy');
    expect(translate('pl', plMap, enMap, 'workspaces.items', { count: 5 })).toBe('5 elementów');
    expect(translate('pl', plMap, enMap, 'workspaces.removeTitle', { name: 'Zażółć' })).toBe('Usunąć „Zażółć”?');
  });

  it('falls back to English, then to the key itself', () => {
    const partial = new Map([['app.name', 'X']]);
    expect(translate('pl', partial, enMap, 'workspaces.add')).toBe('Add client');
    expect(translate('pl', partial, enMap, 'no.such.key')).toBe('no.such.key');
  });
});

describe('formatters', () => {
  const t = (k: string, p?: Record<string, string | number>) => translate('en', enMap, enMap, k, p);
  it('format numbers, currencies and durations by locale', () => {
    const enF = createFormatters('en', t);
    const plF = createFormatters('pl', (k, p) => translate('pl', plMap, enMap, k, p));
    expect(enF.number(20000)).toBe('20,000');
    expect(plF.number(20000).replace(/\s/g, ' ')).toBe('20 000');
    expect(enF.currency(12.5, 'USD')).toBe('$12.50');
    expect(plF.currency(12.5, 'PLN').replace(/\s/g, ' ')).toBe('12,50 zł');
    expect(enF.duration(65_000)).toBe('1 minute 5 seconds');
    expect(plF.duration(5 * 60_000)).toBe('5 minut');
    expect(enF.durationShort(1500)).toBe('1.5 s');
    // chart axes: short enough for a tick, still in the account's currency
    expect(enF.currency(12_345, 'USD', { compact: true })).toBe('$12.3K');
    expect(plF.currency(12_345, 'PLN', { compact: true }).replace(/\s/g, ' ')).toBe('12,3 tys. zł');
  });
  it('show calendar days as the same day in every time zone, alone or as a range', () => {
    // west of UTC, where midnight UTC is still the day before
    const tz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    onTestFinished(() => {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    });
    const enF = createFormatters('en', t);
    const plF = createFormatters('pl', (k, p) => translate('pl', plMap, enMap, k, p));
    const norm = (s: string) => s.replace(/\s/g, ' ');
    expect(enF.day('2026-08-24', 'short')).toBe('Aug 24');
    expect(enF.day('2026-08-24')).toBe('Aug 24, 2026');
    expect(norm(plF.day('2026-08-24', 'short'))).toBe('24 sie');
    expect(norm(enF.dayRange('2026-08-24', '2026-08-30'))).toBe('Aug 24 – 30, 2026');
    expect(norm(plF.dayRange('2026-08-24', '2026-08-30'))).toBe('24–30 sie 2026');
    expect(enF.dayRange('2026-08-24', '2026-08-24')).toBe('Aug 24, 2026');
  });
  it('says "now" for just-now times and falls back to a date for old ones', () => {
    const f = createFormatters('en', t);
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(f.relative(now - 10_000, now)).toBe('now');
    expect(f.relative(now - 3 * 3600_000, now)).toBe('3 hours ago');
    expect(f.relative(now - 30 * 86_400_000, now)).toMatch(/2025/);
  });
});
