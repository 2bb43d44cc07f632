import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { describeContractFormatted } from './describe';
import {
  channelNames,
  channels,
  checkRawInput,
  createApi,
  eventKey,
  eventNames,
  events,
  unwrap,
  ApiError,
  type ChannelName,
} from './index';

describe('contract table', () => {
  it('names every channel domain:verb and gives it input and output schemas', () => {
    expect(channelNames.length).toBeGreaterThanOrEqual(20);
    for (const name of channelNames) {
      expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]+$/);
      expect(channels[name].input).toBeInstanceOf(z.ZodType);
      expect(channels[name].output).toBeInstanceOf(z.ZodType);
    }
    for (const name of eventNames) {
      expect(name).toMatch(/^[a-z]+:[a-z][A-Za-z]+$/);
      expect(events[name]).toBeInstanceOf(z.ZodType);
    }
  });

  it('includes the channels the screens and the audit rely on', () => {
    for (const name of [
      'workspaces:list',
      'workspaces:add',
      'workspaces:rename',
      'workspaces:archive',
      'workspaces:remove',
      'workspaces:checkKey',
      'demo:create',
      'sync:start',
      'sync:cancel',
      'sync:status',
      'sync:runs',
      'inventory:list',
      'inventory:get',
      'settings:get',
      'settings:update',
      'app:info',
      'audit:get',
      'audit:overview',
      'audit:figures',
      'report:export',
    ]) {
      expect(channelNames).toContain(name);
    }
    expect(eventNames).toEqual(expect.arrayContaining(['sync:progress', 'sync:finished', 'workspaces:changed']));
  });

  it('refuses unknown keys on every object input', () => {
    for (const name of channelNames) {
      const r = channels[name].input.safeParse({ definitelyNotAField: 1 });
      expect(r.success, name).toBe(false);
    }
  });

  it('keeps string inputs within their limits', () => {
    const huge = 'a'.repeat(10_000);
    expect(channels['workspaces:add'].input.safeParse({ name: huge, apiKey: 'pk_abc' }).success).toBe(false);
    expect(channels['workspaces:add'].input.safeParse({ name: 'A', apiKey: huge }).success).toBe(false);
    expect(channels['inventory:list'].input.safeParse({ workspaceId: 'w1', type: 'flows', search: huge }).success).toBe(
      false,
    );
    expect(channels['workspaces:rename'].input.safeParse({ workspaceId: 'w1', name: 'a\u0000b' }).success).toBe(false);
    expect(
      channels['workspaces:add'].input.safeParse({ name: 'A', apiKey: 'pk_1', baseUrl: 'file:///etc' }).success,
    ).toBe(false);
    expect(channels['app:openExternal'].input.safeParse({ url: 'http://example.com' }).success).toBe(false);
    expect(channels['settings:update'].input.safeParse({ dataDir: 'relative/dir' }).success).toBe(false);
    expect(channels['settings:update'].input.safeParse({ dailySync: { time: '24:00' } }).success).toBe(false);
  });

  it('fills defaults so channels without input accept nothing at all', () => {
    expect(channels['workspaces:list'].input.parse(undefined)).toEqual({ includeArchived: false });
    expect(channels['settings:get'].input.parse(undefined)).toEqual({});
    expect(channels['inventory:list'].input.parse({ workspaceId: 'w', type: 'flows' })).toMatchObject({
      offset: 0,
      limit: 100,
    });
  });
});

describe('checkRawInput', () => {
  it('finds prototype-pollution keys at any depth, as JSON.parse produces them', () => {
    expect(checkRawInput(JSON.parse('{"__proto__":{"x":1}}'))).toMatchObject({ problem: 'forbidden key' });
    expect(checkRawInput(JSON.parse('{"a":{"b":[{"constructor":{"prototype":1}}]}}'))).toMatchObject({
      path: 'a.b.0.constructor',
    });
    expect(checkRawInput({ name: 'fine', n: 1, list: ['a', 'b'], flag: null })).toBeNull();
  });

  it('refuses deep nesting, non-plain objects, functions and huge strings', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(checkRawInput(deep)?.problem).toBe('nested too deeply');
    expect(checkRawInput({ d: new Date() })?.problem).toBe('only plain objects are accepted');
    expect(checkRawInput({ f: () => 1 })?.problem).toMatch(/unsupported/);
    expect(checkRawInput({ s: 'x'.repeat(200_000) })?.problem).toBe('string too long');
  });
});

describe('createApi', () => {
  const workspace = {
    id: 'w1',
    name: 'Client',
    accountId: 'A1',
    accountName: 'Client Inc',
    baseUrl: 'https://a.klaviyo.com',
    archived: false,
    isDemo: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    scopes: [],
    lastRun: null,
    lastOkAt: null,
    stale: true,
    syncing: false,
    itemCounts: { flows: 3 },
    totalItems: 3,
  };

  it('exposes one function per channel and one subscription per event, routed by name', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = createApi({
      invoke: async (channel, input) => {
        calls.push([channel, input]);
        return { ok: true, data: [workspace] };
      },
      subscribe: () => () => {},
    });
    for (const name of channelNames) {
      const [d, v] = name.split(':') as [string, string];
      expect(typeof (api as unknown as Record<string, Record<string, unknown>>)[d]![v], name).toBe('function');
    }
    for (const e of eventNames) {
      expect(typeof (api.on as unknown as Record<string, unknown>)[eventKey(e)]).toBe('function');
    }
    const r = await api.workspaces.list();
    expect(r).toEqual({ ok: true, data: [workspace] });
    expect(calls).toEqual([['workspaces:list', {}]]);
  });

  it('turns a reply that breaks the contract into a failure, and a dead transport into a network error', async () => {
    const bad = createApi({
      invoke: async () => ({ ok: true, data: [{ id: 1 }] }),
      subscribe: () => () => {},
      onInvalid: () => {},
    });
    const r = await bad.workspaces.list();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('malformed_response');

    const dead = createApi({
      invoke: async () => {
        throw new Error('socket hang up');
      },
      subscribe: () => () => {},
    });
    const d = await dead.settings.get();
    expect(d).toMatchObject({ ok: false, error: { code: 'network', message: 'socket hang up' } });
    await expect(unwrap(d)).rejects.toBeInstanceOf(ApiError);
  });

  it('delivers valid event payloads, drops invalid ones, and unsubscribes', () => {
    const listeners = new Map<string, (p: unknown) => void>();
    const api = createApi({
      invoke: async () => ({ ok: true, data: null }),
      subscribe: (event, cb) => {
        listeners.set(event, cb);
        return () => listeners.delete(event);
      },
      onInvalid: () => {},
    });
    const got: unknown[] = [];
    const off = api.on.workspacesChanged((p) => got.push(p));
    listeners.get('workspaces:changed')!({ workspaceId: 'w1', reason: 'renamed' });
    listeners.get('workspaces:changed')!({ workspaceId: 'w1', reason: 'exploded' });
    expect(got).toEqual([{ workspaceId: 'w1', reason: 'renamed' }]);
    off();
    expect(listeners.has('workspaces:changed')).toBe(false);
  });

  it('lets callers omit input only where the channel has none', () => {
    const api = createApi({
      invoke: async () => ({ ok: true, data: null }),
      subscribe: () => () => {},
      onInvalid: () => {},
    });
    // compile-time checks: these lines would not type-check if the shape drifted
    const names: ChannelName[] = ['settings:get'];
    void api.settings.get();
    // @ts-expect-error workspaceId is required
    void api.workspaces.rename({ name: 'x' });
    expect(names).toHaveLength(1);
  });
});

describe('CHANNELS.md', () => {
  it('is the current rendering of the schemas (regenerate with write-channels-md.ts)', async () => {
    const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'CHANNELS.md');
    const doc = await describeContractFormatted(file);
    expect(fs.readFileSync(file, 'utf8')).toBe(doc);
    for (const name of channelNames) expect(doc).toContain(`### \`${name}\``);
  });
});
