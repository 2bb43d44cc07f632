import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildOperationTable, effectiveRateLimit, operationTable } from './operations';
import { loadOpenApiDocument } from './load-spec';

// Figures below are the ones ENDPOINTS.md reads out of the same spec by hand; the table must agree.
describe('operation table read from the bundled spec', () => {
  const t = operationTable();

  it('carries the revision the client sends', () => {
    expect(t.revision).toBe('2026-07-15');
  });

  it.each([
    ['get_flows', 3, 60, undefined, 50, 50],
    ['get_campaigns', 10, 150, undefined, 100, 100],
    ['get_templates', 75, 750, undefined, 10, 10],
    ['get_forms', 3, 60, undefined, 20, 100],
    ['get_lists', 75, 750, undefined, 10, 10],
    ['get_events', 350, 3500, undefined, 200, 1000],
    ['get_tag_groups', 3, 60, undefined, 25, 25],
    ['query_flow_series', 1, 2, 225, undefined, undefined],
    ['create_list', 10, 150, 150, undefined, undefined],
    ['get_accounts', 1, 15, undefined, undefined, undefined],
  ])('%s: %d/s, %d/m, daily %s, page %s/%s', (id, burst, steady, daily, pageDefault, pageMax) => {
    const op = t.get(id);
    expect(op.rateLimit).toEqual({
      burstPerSecond: burst,
      steadyPerMinute: steady,
      ...(daily ? { dailyCap: daily } : {}),
    });
    expect(op.pageSize?.default).toBe(pageDefault);
    expect(op.pageSize?.max).toBe(pageMax);
  });

  it('knows the campaigns channel filter is required and which values it takes', () => {
    const op = t.get('get_campaigns');
    expect(op.filterRequired).toBe(true);
    expect(op.filters?.['messages.channel']).toMatchObject({
      single: ['equals'],
      valueEnum: ['email', 'sms', 'mobile_push'],
    });
    expect(op.filters?.['updated_at']?.valueType).toBe('datetime');
    expect(t.get('get_flows').filterRequired).toBe(false);
  });

  it('reads the stricter limits that only the description states', () => {
    const op = t.get('get_segment');
    const plain = effectiveRateLimit(op, new URLSearchParams());
    const counted = effectiveRateLimit(op, new URLSearchParams({ 'additional-fields[segment]': 'profile_count' }));
    expect(plain.limit).toEqual({ burstPerSecond: 75, steadyPerMinute: 750 });
    expect(counted.limit).toEqual({ burstPerSecond: 1, steadyPerMinute: 15 });
    expect(counted.key).not.toBe(plain.key);
    // include=lists on Get Profile (the prose says include=list)
    const profile = effectiveRateLimit(t.get('get_profile'), new URLSearchParams({ include: 'lists' }));
    expect(profile.limit.steadyPerMinute).toBe(15);
  });

  it('matches literal paths before templated ones and decodes path parameters', () => {
    expect(t.match('GET', '/api/tags/T1/relationships/flows')?.op.operationId).toBe('get_flow_ids_for_tag');
    expect(t.match('POST', '/api/tags/T1/relationships/flows')?.op.operationId).toBe('tag_flows');
    expect(t.match('GET', '/api/flows/Ab%20C')).toMatchObject({
      op: { operationId: 'get_flow' },
      params: { id: 'Ab C' },
    });
    expect(t.match('GET', '/api/nothing-here')).toBeNull();
    expect(() => t.get('no_such_operation')).toThrow(/unknown Klaviyo operation/);
  });

  it('names the response schema of each read and the cursor parameter of each pager', () => {
    expect(t.get('get_flows').responseSchema).toBe('GetFlowResponseCollectionCompoundDocument');
    expect(t.get('get_flows').cursorParam).toBe('page[cursor]');
    expect(t.get('query_campaign_values').cursorParam).toBe('page_cursor');
    expect(t.get('tag_flows').successStatus).toBe(204);
    expect(t.get('get_flow').additionalFields).toEqual({ flow: ['definition'] });
  });
});

describe('a new revision is a file swap', () => {
  it('reads a gzipped or plain spec from any path, and rejects a file that is not OpenAPI', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'spec-'));
    try {
      const doc = loadOpenApiDocument();
      const changed = structuredClone(doc);
      changed.info.version = '2099-01-01';
      changed.paths['/api/flows']!['get']!['x-klaviyo-ratelimit'] = { burst: '5/s', steady: '99/m' };
      const file = path.join(dir, 'next.json.gz');
      writeFileSync(file, gzipSync(JSON.stringify(changed)));
      const next = buildOperationTable(loadOpenApiDocument(file));
      expect(next.revision).toBe('2099-01-01');
      expect(next.get('get_flows').rateLimit).toEqual({ burstPerSecond: 5, steadyPerMinute: 99 });

      const bad = path.join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ hello: 'world' }));
      expect(() => loadOpenApiDocument(bad)).toThrow(/not an OpenAPI document/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
