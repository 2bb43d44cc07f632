import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { channelNames, eventNames, type ChannelInput, type ChannelName } from '../../../shared/contract';
import { createLogger, memorySink } from '../log';
import type { Desk } from '../compose';
import { implementedChannels, type Service } from './service';
import { canonicalJson, versionHash, type StagedItem, type Store } from '../store';
import { offlineKeyCheck, testDesk } from '../test-desk';

/** One valid input per channel: the type makes a missing channel a compile error. */
const examples: { [C in ChannelName]: ChannelInput<C> } = {
  'workspaces:list': { includeArchived: true },
  'workspaces:get': { workspaceId: 'w1' },
  'workspaces:add': { name: 'Acme', apiKey: 'pk_abcdefghijklmnopqrstuvwxyz', baseUrl: 'http://127.0.0.1:9' },
  'workspaces:checkKey': { apiKey: 'pk_abcdefghijklmnopqrstuvwxyz' },
  'workspaces:setKey': { workspaceId: 'w1', apiKey: 'pk_abcdefghijklmnopqrstuvwxyz' },
  'workspaces:rename': { workspaceId: 'w1', name: 'Acme 2' },
  'workspaces:setClientName': { workspaceId: 'w1', clientName: 'Acme Ltd' },
  'workspaces:archive': { workspaceId: 'w1', archived: true },
  'workspaces:remove': { workspaceId: 'w1' },
  'demo:create': {},
  'sync:start': { workspaceId: 'w1' },
  'sync:startAll': {},
  'sync:cancel': { workspaceId: 'w1' },
  'sync:status': { workspaceId: 'w1' },
  'sync:runs': { workspaceId: 'w1', limit: 10 },
  'sync:runsExport': { workspaceId: 'w1', outcome: ['failure'], lang: 'pl' },
  'sync:run': { runId: '1' },
  'inventory:list': {
    workspaceId: 'w1',
    type: 'flows',
    search: 'wel',
    filters: { status: ['live'], archived: false },
    sort: { field: 'name', direction: 'asc' },
    offset: 0,
    limit: 50,
  },
  'inventory:facets': { workspaceId: 'w1', type: 'flows' },
  'inventory:get': { workspaceId: 'w1', type: 'flows', id: 'F1' },
  'settings:get': {},
  'settings:update': { dailySync: { enabled: true, time: '08:15' } },
  'app:info': {},
  'app:openExternal': { url: 'https://help.klaviyo.com/' },
  'app:installUpdate': {},
  'audit:get': { workspaceId: 'w1' },
  'audit:run': { workspaceId: 'w1' },
  'audit:refreshFigures': { workspaceId: 'w1' },
  'audit:overview': {},
  'audit:history': { workspaceId: 'w1' },
  'audit:figures': { workspaceId: 'w1' },
  'audit:answers': { workspaceId: 'w1' },
  'audit:setAnswers': { workspaceId: 'w1', answers: { dmarc: 'pass', sendingDomain: 'mail.acme.com' } },
  'report:export': { workspaceId: 'w1', format: 'csv' },
  'changes:between': { workspaceId: 'w1' },
  'changes:itemVersions': { workspaceId: 'w1', type: 'flows', id: 'F1' },
  'changes:export': { workspaceId: 'w1', lang: 'pl' },
  'report:cancel': { workspaceId: 'w1' },
  'outbox:queue': {
    workspaceId: 'w1',
    change: { kind: 'tag_add', targetType: 'flow', targetIds: ['F1'], tag: 'Needs review' },
  },
  'outbox:list': { workspaceId: 'w1' },
  'outbox:counts': {},
  'outbox:flush': { workspaceId: 'w1' },
  'outbox:retry': { workspaceId: 'w1' },
  'outbox:discard': { workspaceId: 'w1', itemId: '1' },
  'imports:file': { workspaceId: 'w1', kind: 'customers', file: 'customers_export.csv' },
  'imports:choose': {},
  'imports:preview': { workspaceId: 'w1', fileToken: '0123456789abcdef0123456789abcdef' },
  'imports:queue': { workspaceId: 'w1', fileToken: '0123456789abcdef0123456789abcdef', mapping: { email: 'E-mail' } },
  'findings:list': { workspaceId: 'w1' },
  'findings:decide': { workspaceId: 'w1', ruleId: 'F3', action: 'snooze', until: '2030-01-01T00:00:00.000Z' },
  'findings:note': {
    workspaceId: 'w1',
    ruleId: 'F3',
    item: { type: 'flow', id: 'XyZ' },
    note: 'Agreed with the client',
  },
  'trends:get': { workspaceId: 'w1', item: { type: 'lists', id: 'L1' } },
  'history:analytics': { workspaceId: 'w1', from: '2026-11-01T00:00:00Z', lang: 'pl' },
  'health:get': { workspaceId: 'w1' },
  'history:storage': {},
  'history:prune': { days: 30 },
  'history:item': { workspaceId: 'w1', item: 'F1' },
  'trends:export': { workspaceId: 'w1', items: true, lang: 'pl' },
  'branding:get': {},
  'branding:set': { agencyName: 'Acme Agency', accentColor: '#7c3aed' },
  'audiences:standard': { workspaceId: 'w1', thresholds: { vipOrders: 4 } },
  'audiences:queueStandard': { workspaceId: 'w1', keys: ['vip', 'active'] },
};

/** Inputs no channel may accept, whatever its schema. */
const alwaysBad: Array<[string, unknown]> = [
  ['a number', 42],
  ['a string', 'workspaces'],
  ['an array', []],
  ['null', null],
  ['a boolean', true],
  ['__proto__ (as JSON.parse makes it)', JSON.parse('{"__proto__":{"polluted":1}}')],
  ['constructor', JSON.parse('{"constructor":{"prototype":{"polluted":1}}}')],
  ['an unknown key', { definitelyNotAField: 1 }],
  ['a huge string under an unknown key', { blob: 'x'.repeat(1_000_000) }],
  ['deep nesting', JSON.parse('{"a":'.repeat(50) + '1' + '}'.repeat(50))],
];

/** Mutations of a valid example, field by field: wrong type, huge string, missing, polluted. */
function mutations(example: Record<string, unknown>): Array<[string, unknown]> {
  const out: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(example)) {
    const wrong =
      typeof value === 'string' ? 12345 : typeof value === 'number' ? 'twelve' : typeof value === 'boolean' ? 'yes' : 7;
    out.push([`${key}: wrong type`, { ...example, [key]: wrong }]);
    out.push([`${key}: huge string`, { ...example, [key]: 'y'.repeat(50_000) }]);
    out.push([`${key}: nested pollution`, { ...example, [key]: JSON.parse('{"__proto__":{"x":1}}') }]);
  }
  out.push(['extra constructor key', { ...example, constructor: 'x' }]);
  return out;
}

function stagedFlow(id: string, name: string, status: string, extra: Partial<StagedItem> = {}): StagedItem {
  const attrs = {
    name,
    status,
    trigger_type: 'Added to List',
    definition: {
      triggers: [{ type: 'list', id: 'L1' }],
      actions: [
        {
          id: 'A1',
          type: 'send-email',
          links: { next: 'A2' },
          data: { status: 'live', message: { name: 'Hi', id: 'M1' } },
        },
        { id: 'A2', type: 'time-delay', links: { next: null }, data: { unit: 'days', value: 2 } },
      ],
      entry_action_id: 'A1',
    },
  };
  const attributesJson = canonicalJson(attrs);
  const relationshipsJson = canonicalJson({});
  return {
    resourceType: 'flows',
    klaviyoId: id,
    name,
    status,
    channel: null,
    triggerType: 'Added to List',
    archived: false,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-02-01T00:00:00Z',
    parentType: null,
    parentId: null,
    attributesJson,
    relationshipsJson,
    versionHash: versionHash(attributesJson, relationshipsJson),
    ...extra,
  };
}

describe('service', () => {
  let dir: string;
  let desk: Desk;
  let store: Store;
  let service: Service;
  const sink = memorySink();

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-'));
    desk = testDesk({
      dataDir: dir,
      logger: createLogger({ sink, level: 'debug' }),
      now: () => new Date('2026-11-24T12:00:00Z'),
      core: { checkKey: offlineKeyCheck },
    });
    ({ service } = desk);
    store = desk.core.store;
    // a workspace with a finished run and two flows, written through the store's own API
    store.workspaces.insert({
      id: 'w1',
      name: 'Acme',
      secretRef: 'workspace:w1',
      createdAt: Date.parse('2026-11-01T00:00:00Z'),
      updatedAt: Date.parse('2026-11-01T00:00:00Z'),
    });
    const run = store.runs.insert({
      requestId: 'req-run-1',
      workspaceId: 'w1',
      trigger: 'manual',
      status: 'running',
      startedAt: Date.parse('2026-11-24T10:00:00Z'),
    });
    store.inventory.stagePage(run.id, 'flows', [
      stagedFlow('F1', 'Welcome series', 'live'),
      stagedFlow('F2', 'Abandoned cart', 'draft'),
      stagedFlow('A1', 'x', 'live', {
        resourceType: 'flow-actions',
        name: null,
        triggerType: null,
        parentType: 'flows',
        parentId: 'F1',
      }),
    ]);
    await store.inventory.mergeStaged('w1', run.id, 'flows');
    store.runs.update(run.id, { status: 'ok', finishedAt: Date.parse('2026-11-24T10:05:00Z') });
    store.runs.upsertResource({ runId: run.id, resource: 'flows', status: 'ok', pages: 1, itemsAdded: 2 });
  });

  afterEach(async () => {
    await desk.close();
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  });

  it('implements every contract channel and nothing else (drift)', () => {
    expect(implementedChannels(service).sort()).toEqual([...channelNames].sort());
    expect(Object.keys(examples).sort()).toEqual([...channelNames].sort());
  });

  it('accepts each channel’s valid example past validation', async () => {
    for (const name of channelNames) {
      const r = await service.call(name, examples[name]);
      if (!r.ok) expect(r.error.code, `${name}: ${r.error.message}`).not.toBe('validation');
    }
  });

  it('answers every malformed call with a clear validation envelope and keeps answering', async () => {
    let checked = 0;
    for (const name of channelNames) {
      const cases = [...alwaysBad, ...mutations(examples[name] as Record<string, unknown>)];
      for (const [label, input] of cases) {
        const r = await service.call(name, input);
        expect(r.ok, `${name} accepted ${label}`).toBe(false);
        if (r.ok) continue;
        expect(r.error.code, `${name} / ${label}`).toBe('validation');
        expect(r.error.message).toBe(`The request to ${name} was not valid.`);
        // zod's issues stay in the log: the page learns the channel and the requestId, nothing about the schema
        expect(r.error.details).toEqual({ channel: name });
        expect(r.error.requestId).toMatch(/^req_[0-9a-f-]{36}$/);
        checked++;
      }
      const alive = await service.call('settings:get', {});
      expect(alive.ok).toBe(true);
    }
    expect(checked).toBeGreaterThan(channelNames.length * alwaysBad.length);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    // …and the details did reach the local log, with the request id
    const rejected = sink.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request input rejected');
    expect(rejected.length).toBeGreaterThan(0);
    expect(rejected.some((l) => Array.isArray(l.issues) && l.issues.length > 0)).toBe(true);
  });

  it('refuses unknown channels without crashing', async () => {
    for (const bad of ['nope', 'workspaces:drop', '__proto__', 'constructor', 'x'.repeat(10_000)]) {
      const r = await service.call(bad, {});
      expect(r).toMatchObject({ ok: false, error: { code: 'validation', message: 'Unknown request.' } });
    }
    expect((await service.call('app:info', undefined)).ok).toBe(true);
  });

  it('maps domain errors to their envelope and unexpected ones to a plain message', async () => {
    const missing = await service.call('workspaces:get', { workspaceId: 'nope' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Workspace not found.' } });
    // the test desk has no demo simulator: a port the front end did not provide
    const unavailable = await service.call('demo:create', {});
    expect(unavailable).toMatchObject({ ok: false, error: { code: 'internal', message: 'not available yet' } });

    (service.handlers as unknown as Record<string, () => never>)['app:info'] = () => {
      throw new Error('SQLITE_CORRUPT: /home/someone/secret/path');
    };
    const boom = await service.call('app:info', {});
    expect(boom.ok).toBe(false);
    if (!boom.ok) {
      expect(boom.error.code).toBe('internal');
      expect(boom.error.message).not.toContain('/home/someone');
      expect(sink.lines.some((l) => l.includes('SQLITE_CORRUPT') && l.includes(boom.error.requestId))).toBe(true);
    }
  });

  it('lists workspaces with last run, counts and staleness', async () => {
    const r = await service.call('workspaces:list', {});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data).toEqual([
      expect.objectContaining({
        id: 'w1',
        name: 'Acme',
        stale: false,
        syncing: false,
        itemCounts: { flows: 2, 'flow-actions': 1 },
        totalItems: 3,
        lastOkAt: '2026-11-24T10:05:00.000Z',
        lastRun: expect.objectContaining({ status: 'ok', requestId: 'req-run-1', trigger: 'manual' }),
      }),
    ]);
    // the row's key reference never leaves the service
    expect(JSON.stringify(r.data)).not.toContain('secretRef');
    expect(JSON.stringify(r.data)).not.toContain('workspace:w1');
  });

  it('pages, filters, sorts and counts the inventory, and opens a flow with its steps', async () => {
    const all = await service.call('inventory:list', { workspaceId: 'w1', type: 'flows', limit: 1 });
    expect(all).toMatchObject({ ok: true, data: { total: 2, items: [{ id: 'F2', name: 'Abandoned cart' }] } });
    const live = await service.call('inventory:list', {
      workspaceId: 'w1',
      type: 'flows',
      filters: { status: ['live'] },
      sort: { field: 'name', direction: 'desc' },
    });
    expect(live).toMatchObject({ ok: true, data: { total: 1, items: [{ id: 'F1' }] } });
    const search = await service.call('inventory:list', { workspaceId: 'w1', type: 'flows', search: '100%_' });
    expect(search).toMatchObject({ ok: true, data: { total: 0, items: [] } });
    // the contract trims the search box; the store's page also finds an id
    const padded = await service.call('inventory:list', { workspaceId: 'w1', type: 'flows', search: '  welcome ' });
    expect(padded).toMatchObject({ ok: true, data: { total: 1, items: [{ id: 'F1' }] } });
    const byId = await service.call('inventory:list', { workspaceId: 'w1', type: 'flows', search: 'F2' });
    expect(byId).toMatchObject({ ok: true, data: { total: 1, items: [{ id: 'F2' }] } });

    const facets = await service.call('inventory:facets', { workspaceId: 'w1', type: 'flows' });
    expect(facets).toMatchObject({
      ok: true,
      data: {
        status: [
          { value: 'draft', count: 1 },
          { value: 'live', count: 1 },
        ],
        archived: { true: 0, false: 2 },
      },
    });

    const detail = await service.call('inventory:get', { workspaceId: 'w1', type: 'flows', id: 'F1' });
    expect(detail.ok).toBe(true);
    if (!detail.ok) return;
    const d = detail.data as {
      flowSteps: Array<{ label: unknown }>;
      children: Array<{ id: string }>;
      attributes: object;
    };
    expect(d.flowSteps.map((s) => s.label)).toEqual([
      { key: 'triggerList', params: { id: 'L1' } },
      { key: 'sendEmailNamed', params: { name: 'Hi' } },
      { key: 'delayDays', params: { count: 2 } },
    ]);
    expect(d.children.map((c) => c.id)).toEqual(['A1']);
    expect(d.attributes).toMatchObject({ name: 'Welcome series' });
  });

  it('builds a flow’s steps from its actions when the flow itself has no definition', async () => {
    const run = store.runs.insert({
      requestId: 'req-run-2',
      workspaceId: 'w1',
      trigger: 'manual',
      status: 'running',
      startedAt: 2,
    });
    const plain = (attrs: Record<string, unknown>) => {
      const attributesJson = canonicalJson(attrs);
      const relationshipsJson = canonicalJson({});
      return { attributesJson, relationshipsJson, versionHash: versionHash(attributesJson, relationshipsJson) };
    };
    store.inventory.stagePage(run.id, 'flows', [
      { ...stagedFlow('F3', 'Browse abandonment', 'live'), ...plain({ name: 'Browse abandonment', status: 'live' }) },
      {
        ...stagedFlow('X1', 'x', 'live', {
          resourceType: 'flow-actions',
          name: null,
          parentType: 'flows',
          parentId: 'F3',
        }),
        ...plain({
          definition: {
            id: 'X1',
            type: 'send-email',
            links: { next: null },
            data: { status: 'live', message: { name: 'Hello' } },
          },
        }),
      },
    ]);
    await store.inventory.mergeStaged('w1', run.id, 'flows');
    const d = await service.call('inventory:get', { workspaceId: 'w1', type: 'flows', id: 'F3' });
    expect(d).toMatchObject({
      ok: true,
      data: {
        flowSteps: [{ label: { key: 'sendEmailNamed', params: { name: 'Hello' } }, status: 'live', depth: 0 }],
      },
    });
  });

  it('serves run history with totals and the per-resource status', async () => {
    const runs = await service.call('sync:runs', { workspaceId: 'w1' });
    expect(runs).toMatchObject({
      ok: true,
      data: {
        total: 1,
        items: [{ status: 'ok', durationMs: 300_000, resources: [{ resource: 'flows', itemsAdded: 2 }] }],
      },
    });
    const status = await service.call('sync:status', { workspaceId: 'w1' });
    expect(status).toMatchObject({
      ok: true,
      data: {
        running: null,
        resources: expect.arrayContaining([expect.objectContaining({ resource: 'flows', status: 'ok', items: 2 })]),
      },
    });
  });

  it('reads and writes settings, and describes the app', async () => {
    const upd = await service.call('settings:update', { dailySync: { time: '07:45' }, theme: 'dark' });
    expect(upd).toMatchObject({ ok: true, data: { dailySync: { enabled: true, time: '07:45' }, theme: 'dark' } });
    expect(await service.call('settings:get')).toMatchObject({ ok: true, data: { theme: 'dark' } });
    expect(await service.call('app:info', {})).toMatchObject({
      ok: true,
      data: { mode: 'cli', update: { status: 'disabled' } },
    });
  });

  it('emits events only when the payload fits the contract', () => {
    const got: unknown[] = [];
    const off = service.on('workspaces:changed', (p) => got.push(p));
    const all: string[] = [];
    const offAll = service.onAny((e) => all.push(e));
    service.emit('workspaces:changed', { workspaceId: 'w1', reason: 'renamed' });
    service.emit('workspaces:changed', { workspaceId: 'w1', reason: 'bogus' as 'renamed' });
    off();
    offAll();
    service.emit('workspaces:changed', { workspaceId: 'w1', reason: 'renamed' });
    expect(got).toEqual([{ workspaceId: 'w1', reason: 'renamed' }]);
    expect(all).toEqual(['workspaces:changed']);
    expect(eventNames).toContain('workspaces:changed');
  });
});
