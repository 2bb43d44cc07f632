import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { channelNames, channels } from '../../shared/contract';
import { ErrorEnvelopeSchema } from '../../shared/errors';
import { testDesk } from '../../main/core/test-desk';
import type { Desk } from '../../main/core/compose';
import { simulatorDemo } from '../../main/core/service/demo';
import { startSimulator } from '../../sim';
import type { Simulator } from '../../sim/types';

/**
 * Every channel of the service, fuzzed: inputs generated from the channels' own zod schemas (as JSON Schema),
 * then mutated (wrong types, huge strings, deep nesting, prototype keys, unicode). Every answer must be an
 * envelope, the service must keep answering, and no call may open a connection to anything but loopback.
 * Seeded: FUZZ_SEED=<n> replays a run; the seed is in every failure message.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_203);
const CALLS = Number(process.env.FUZZ_CALLS ?? 5_200);

function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]): T => xs[int(xs.length)]!, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const HOSTILE_TEXT = [
  '\u0000=HYPERLINK("https://evil.example")',
  '\u202Egnp.exe',
  'half \uD83D pair',
  '\uDC00',
  '👩‍👩‍👧‍👦',
  'zero\u200Bwidth',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  'NaN',
  '__proto__',
  'constructor',
  ' ',
  '',
];
/** baseUrls that must never be dialled: not loopback, with credentials, or not http(s) at all */
const HOSTILE_URLS = [
  'https://user:pass@127.0.0.1:1/',
  'file:///etc/passwd',
  'javascript:alert(1)',
  'ftp://127.0.0.1/',
  'data:text/html,<script>alert(1)</script>',
  'http://',
  '//evil.example',
  'evil.example',
];
/** external links the page may ask to open, good and bad */
const EXTERNAL_URLS = [
  'https://help.klaviyo.com/',
  'javascript:alert(1)',
  'file:///etc/passwd',
  'http://evil.example/',
  'https://evil.example/\u202Eexe.png',
];

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
};

/** a value the schema describes (roughly: patterns are met by choosing from known good strings) */
function generate(schema: JsonSchema, r: Rng, ctx: { ids: string[]; key: string }): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return r.pick(schema.enum);
  const alts = schema.anyOf ?? schema.oneOf;
  if (alts) return generate(r.pick(alts), r, ctx);
  const type = Array.isArray(schema.type) ? r.pick(schema.type) : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, sub] of Object.entries(schema.properties ?? {})) {
        // without a baseUrl a key is checked against Klaviyo itself, by design: the fuzz aims every check at one
        const always = schema.required?.includes(k) || k === 'baseUrl';
        if (always || r.chance(0.5)) out[k] = generate(sub, r, { ...ctx, key: k });
      }
      return out;
    }
    case 'array':
      return Array.from({ length: r.int(Math.min(schema.maxItems ?? 4, 4) + 1) }, () =>
        generate(schema.items ?? {}, r, ctx),
      );
    case 'integer':
    case 'number': {
      const lo = schema.minimum ?? 0;
      const hi = schema.maximum ?? lo + 1000;
      const n = lo + r.next() * (hi - lo);
      return type === 'integer' ? Math.floor(n) : n;
    }
    case 'boolean':
      return r.chance(0.5);
    case 'null':
      return null;
    case 'string':
      return stringFor(schema, r, ctx);
    default:
      return r.pick([null, 1, 'x', true, {}]);
  }
}

function stringFor(schema: JsonSchema, r: Rng, ctx: { ids: string[]; key: string }): string {
  if (/url/i.test(ctx.key)) return ctx.key === 'url' ? r.pick(EXTERNAL_URLS) : r.pick(ctx.ids.filter(isUrl));
  if (/id$/i.test(ctx.key)) return r.pick(ctx.ids.filter((x) => !isUrl(x)));
  if (schema.pattern && r.chance(0.7)) {
    const re = new RegExp(schema.pattern);
    const fits = ['08:15', 'manual', 'pk_abcdefghijklmnopqrstuvwxyz', ...ctx.ids, 'Acme'].filter((s) => re.test(s));
    if (fits.length) return r.pick(fits);
  }
  const len = Math.min(schema.maxLength ?? 30, 30);
  return r.chance(0.3)
    ? r.pick(HOSTILE_TEXT)
    : Array.from({ length: Math.max(schema.minLength ?? 0, r.int(len + 1)) }, () =>
        r.pick([...'abcXYZ019_- éż😀']),
      ).join('');
}

const isUrl = (s: string) => /^[a-z]+:/i.test(s) || s.startsWith('//') || s.includes('.example');

/** one mutation of a generated input: the shapes a hostile page sends */
function mutate(input: unknown, r: Rng): unknown {
  const deep = (levels: number) => {
    let v: unknown = 1;
    for (let i = 0; i < levels; i++) v = r.chance(0.5) ? [v] : { a: v };
    return v;
  };
  const replacements: Array<() => unknown> = [
    () => 12345,
    () => 'twelve',
    () => null,
    () => [],
    () => ({}),
    () => 'y'.repeat(r.pick([5_000, 100_000, 1_000_000])),
    () => deep(r.pick([50, 2_000, 20_000])),
    () => JSON.parse('{"__proto__":{"polluted":1}}'),
    () => JSON.parse('{"constructor":{"prototype":{"polluted":1}}}'),
    () => r.pick(HOSTILE_TEXT),
    () => r.pick(HOSTILE_URLS),
    () => Number.NaN,
    () => -1,
    () => 1e308,
    () => Array.from({ length: 10_000 }, (_, i) => i),
  ];
  const replacement = r.pick(replacements)();
  if (!input || typeof input !== 'object' || Array.isArray(input) || r.chance(0.15)) return replacement;
  const obj = { ...(input as Record<string, unknown>) };
  const keys = Object.keys(obj);
  const which = r.int(4);
  if (which === 0 || !keys.length)
    obj[r.pick(['__proto__', 'constructor', 'prototype', 'extra', '\u0000'])] = replacement;
  else if (which === 1) delete obj[r.pick(keys.filter((k) => k !== 'baseUrl').concat('__none__'))];
  else obj[r.pick(keys)] = replacement;
  return obj;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '[::1]', '::ffff:127.0.0.1']);

describe('fuzz of every channel', () => {
  let dir: string;
  let sim: Simulator;
  let desk: Desk;
  const attempted: string[] = [];
  const opened: string[] = [];
  const realConnect = net.Socket.prototype.connect;

  beforeAll(async () => {
    // Every connection this process opens goes through here: loopback ones go on, anything else is refused and
    // recorded (the test fails on any), so no fuzzed call can leave the machine even when a check is missing.
    net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
      const first = args[0];
      const opts = (first && typeof first === 'object' ? first : { port: first, host: args[1] }) as {
        host?: unknown;
        path?: unknown;
      };
      const host = opts.path ? 'unix-socket' : typeof opts.host === 'string' ? opts.host : 'localhost';
      if (host !== 'unix-socket' && !LOOPBACK.has(host)) {
        attempted.push(host);
        process.nextTick(() => this.destroy(new Error(`fuzz guard: connection to ${host} refused`)));
        return this;
      }
      return (realConnect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof net.Socket.prototype.connect;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kad-fuzz-'));
    sim = await startSimulator({ size: 'tiny', seed: 3, timeScale: 1000 });
    desk = testDesk({
      dataDir: dir,
      mode: 'web',
      demo: simulatorDemo({ simulator: sim, timeScale: 1000 }),
      openExternal: async (url) => {
        opened.push(url);
        return false;
      },
      exportTarget: {
        choose: async (name) => ({
          file: path.join(dir, `export-${Date.now()}-${name.slice(0, 40)}`),
          downloadId: null,
        }),
      },
    });
  }, 60_000);

  afterAll(async () => {
    net.Socket.prototype.connect = realConnect;
    await desk?.close();
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(`answers ≥ 5,000 generated and mutated calls with envelopes, keeps answering, dials only loopback (seed ${SEED})`, async () => {
    const r = rng(SEED);
    const schemas = Object.fromEntries(
      channelNames.map((n) => [
        n,
        z.toJSONSchema(channels[n].input, { io: 'input', unrepresentable: 'any' }) as JsonSchema,
      ]),
    );
    // a real workspace to aim at, so valid calls get past "not found" too
    const demo = await desk.service.call('demo:create', {});
    expect(demo.ok, JSON.stringify(demo)).toBe(true);
    const ws = (demo as { data: { workspace: { id: string } } }).data.workspace.id;
    const ids = [
      ws,
      ws,
      '1',
      '2',
      'nope',
      `${sim.baseUrl}/`,
      // a closed loopback port is left out: the client's retries on a refused connection take a second each
      sim.baseUrl.replace('127.0.0.1', 'localhost'),
      ...HOSTILE_URLS,
    ];
    const counts = new Map<string, number>();
    const spent = new Map<string, number>();
    const started = Date.now();
    for (let i = 0; i < CALLS; i++) {
      const channel = channelNames[i % channelNames.length]!;
      let input = generate(schemas[channel]!, r, { ids, key: '' });
      if (r.chance(0.6)) input = mutate(input, r);
      const where = `seed ${SEED} call ${i} ${channel}`;
      const t0 = performance.now();
      const answer = await desk.service.call(channel, input);
      spent.set(channel, (spent.get(channel) ?? 0) + performance.now() - t0);
      expect(answer && typeof answer === 'object', where).toBe(true);
      if (answer.ok) expect('data' in answer, where).toBe(true);
      else
        expect(
          ErrorEnvelopeSchema.strict().safeParse(answer.error).success,
          `${where}: ${JSON.stringify(answer)}`,
        ).toBe(true);
      counts.set(channel, (counts.get(channel) ?? 0) + 1);
      // a sync started by a fuzzed call is stopped again, so the runs do not pile up
      if (channel === 'sync:start' || channel === 'sync:startAll')
        await desk.service.call('sync:cancel', { workspaceId: ws });
    }
    if (process.env.FUZZ_TRACE) console.log([...spent].sort((a, b) => b[1] - a[1]).slice(0, 12));
    // still answering, and still itself
    const list = await desk.service.call('workspaces:list', {});
    expect(list.ok).toBe(true);
    expect(await desk.service.call('app:info', {})).toMatchObject({ ok: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect([...counts.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5_000);
    expect(counts.size).toBe(channelNames.length);
    expect(attempted, `non-loopback connections attempted (seed ${SEED})`).toEqual([]);
    // what reached the shell's openExternal was only ever an https link
    for (const url of opened) expect(url, `seed ${SEED}`).toMatch(/^https:\/\//);
    expect(Date.now() - started).toBeLessThan(120_000);
  }, 180_000);
});
