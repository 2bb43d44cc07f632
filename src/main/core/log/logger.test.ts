import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { createLogger, memorySink, createRotatingFileSink, redactString, redactValue, registerSecret } from './index';

const fakeKey = () => `pk_${randomBytes(17).toString('hex')}`;

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, msg, requestId and fields', () => {
    const sink = memorySink();
    const clock = () => new Date('2026-01-02T03:04:05.000Z');
    const log = createLogger({ sink, clock, level: 'debug' });
    log.info('sync started', { requestId: 'req-1', workspaceId: 'w1', resources: 3 });
    expect(sink.lines).toHaveLength(1);
    expect(Object.keys(JSON.parse(sink.lines[0]!))).toEqual([
      'time',
      'level',
      'msg',
      'requestId',
      'workspaceId',
      'resources',
    ]);
    expect(sink.records()[0]).toEqual({
      time: '2026-01-02T03:04:05.000Z',
      level: 'info',
      msg: 'sync started',
      requestId: 'req-1',
      workspaceId: 'w1',
      resources: 3,
    });
  });

  it('binds fields in child loggers, later fields winning, without leaking into the parent', () => {
    const sink = memorySink();
    const root = createLogger({ sink, fields: { app: 'desk' } });
    const run = root.child({ requestId: 'r-9', workspaceId: 'w-2' });
    const res = run.child({ resource: 'flows', workspaceId: 'w-3' });
    res.warn('throttled', { waitMs: 1200 });
    root.info('idle');
    const [a, b] = sink.records();
    expect(a).toMatchObject({
      level: 'warn',
      requestId: 'r-9',
      workspaceId: 'w-3',
      resource: 'flows',
      app: 'desk',
      waitMs: 1200,
    });
    expect(b).toMatchObject({ msg: 'idle', app: 'desk' });
    expect(b).not.toHaveProperty('requestId');
  });

  it('drops lines below the level and keeps reserved keys from being overwritten', () => {
    const sink = memorySink();
    const log = createLogger({ sink, level: 'warn' });
    log.debug('d');
    log.info('i');
    log.warn('w', { level: 'fake', msg: 'fake', time: 'fake' });
    log.error('e');
    expect(sink.records().map((r) => r.level)).toEqual(['warn', 'error']);
    expect(sink.records()[0]).toMatchObject({ msg: 'w', field_level: 'fake', field_msg: 'fake', field_time: 'fake' });
    expect(log.isEnabled('debug')).toBe(false);
    expect(log.isEnabled('error')).toBe(true);
  });

  it('serialises errors (AppError envelope fields, cause) and survives cycles and a throwing sink', () => {
    const sink = memorySink();
    const broken = {
      write: () => {
        throw new Error('disk full');
      },
    };
    const log = createLogger({ sink: broken });
    expect(() => log.info('x')).not.toThrow();
    const log2 = createLogger({ sink });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const err = new AppError('auth', 'The key was rejected.', { requestId: 'r1', details: { status: 401 } });
    log2.error('run failed', { err, cyclic, when: new Date(0), big: 10n });
    const rec = sink.records()[0]!;
    expect(rec.err).toEqual({
      name: 'AppError',
      message: 'The key was rejected.',
      code: 'auth',
      requestId: 'r1',
      details: { status: 401 },
    });
    expect(rec.cyclic).toEqual({ name: 'loop', self: '[circular]' });
    expect(rec.when).toBe('1970-01-01T00:00:00.000Z');
    expect(rec.big).toBe('10');
  });
});

describe('redaction', () => {
  it('removes private keys from the message and every nested field, whatever the field is called', () => {
    const key = fakeKey();
    const sink = memorySink();
    const log = createLogger({ sink });
    log.child({ ctx: `bound ${key}` }).error(`request with ${key} failed`, {
      note: `see ${key}.`,
      list: [key, { deep: { deeper: `x${key}y` } }],
      err: new Error(`boom ${key}`),
      url: new URL(`https://a.klaviyo.com/api/flows?api_key=${key}&page=2`),
    });
    expect(sink.lines[0]).not.toContain(key);
    expect(sink.lines[0]).not.toContain(key.slice(3));
    const rec = sink.records()[0]!;
    expect(rec.msg).toBe('request with pk_[redacted] failed');
    expect(rec.note).toBe('see pk_[redacted].');
    expect(rec.ctx).toBe('bound pk_[redacted]');
    expect(rec.url).toBe('https://a.klaviyo.com/api/flows?api_key=[redacted]&page=2');
  });

  it('removes Authorization header values in text, header objects and Headers', () => {
    const token = randomBytes(24).toString('base64url');
    const sink = memorySink();
    const log = createLogger({ sink });
    log.info(`sent Authorization: Klaviyo-API-Key ${token}`, {
      headers: { Authorization: `Klaviyo-API-Key ${token}`, revision: '2026-07-15' },
      real: new Headers({ authorization: `Bearer ${token}`, accept: 'application/json' }),
      curl: `curl -H 'Authorization: Bearer ${token}' https://x`,
      scheme: `Bearer ${token}`,
    });
    expect(sink.lines[0]).not.toContain(token);
    const rec = sink.records()[0]!;
    expect(rec.headers).toEqual({ Authorization: '[redacted]', revision: '2026-07-15' });
    expect(rec.real).toEqual({ authorization: '[redacted]', accept: 'application/json' });
    expect(rec.scheme).toBe('Bearer [redacted]');
  });

  it('drops values of secret-named fields but keeps references and flags', () => {
    const v = randomBytes(12).toString('hex');
    const out = redactValue({
      key: v,
      apiKey: v,
      api_key: v,
      'x-api-key': v,
      secret: v,
      clientSecret: v,
      token: v,
      accessToken: v,
      password: v,
      nested: { privateKey: { any: v } },
      secretRef: 'workspace:123',
      keyRef: 'workspace:456',
      hasApiKey: true,
      status: 'ok',
    });
    expect(JSON.stringify(out)).not.toContain(v);
    expect(out).toMatchObject({
      key: '[redacted]',
      apiKey: '[redacted]',
      secretRef: 'workspace:123',
      keyRef: 'workspace:456',
      hasApiKey: true,
      status: 'ok',
    });
    expect((out as { nested: unknown }).nested).toEqual({ privateKey: '[redacted]' });
  });

  it('redacts key=value and "apiKey": "…" pairs inside free text', () => {
    const v = randomBytes(10).toString('hex');
    expect(redactString(`{"apiKey":"${v}","name":"n"}`)).toBe('{"apiKey":"[redacted]","name":"n"}');
    expect(redactString(`password='${v}'`)).toBe(`password='[redacted]'`);
    expect(redactString(`GET /x?token=${v}#f`)).toBe('GET /x?token=[redacted]#f');
  });

  it('redacts registered secrets of any shape, including their base64 and URL-encoded forms', () => {
    const odd = `s3cr3t/${randomBytes(8).toString('hex')}+é`;
    registerSecret(odd);
    const b64 = Buffer.from(odd).toString('base64');
    const text = `a ${odd} b ${b64} c ${encodeURIComponent(odd)} d`;
    const out = redactString(text);
    expect(out).toBe('a [redacted] b [redacted] c [redacted] d');
  });

  it('leaves ordinary text alone', () => {
    const text = 'Synced 120 flows (pk and keys mentioned, token bucket refilled), key rotation due';
    expect(redactString(text)).toBe(text);
  });
});

describe('rotating file sink', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kad-log-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('creates the folder, appends lines with mode 0600 and rotates by size keeping N files', () => {
    const file = path.join(dir, 'logs', 'nested', 'app.log');
    const log = createLogger({ file, maxBytes: 2048, maxFiles: 2 });
    for (let i = 0; i < 100; i++) log.info('line', { i, pad: 'x'.repeat(60) });
    log.close();
    const names = fs.readdirSync(path.dirname(file)).sort();
    expect(names).toEqual(['app.log', 'app.log.1', 'app.log.2']);
    for (const n of names) {
      const st = fs.statSync(path.join(path.dirname(file), n));
      expect(st.size).toBeLessThanOrEqual(2048);
      expect(st.mode & 0o777).toBe(0o600);
    }
    // Newest lines are in the current file, in order, each a whole JSON object.
    const current = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number });
    expect(current.at(-1)!.i).toBe(99);
    const older = fs
      .readFileSync(`${file}.1`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number });
    expect(older.at(-1)!.i).toBe(current[0]!.i - 1);
  });

  it('continues an existing file after a restart and never writes a key to disk', () => {
    const file = path.join(dir, 'app.log');
    const key = fakeKey();
    const a = createLogger({ file });
    a.info('first', { apiKey: key });
    a.close();
    const sink = createRotatingFileSink({ file });
    const b = createLogger({ sink });
    b.error(`second ${key}`);
    sink.close();
    const text = fs.readFileSync(file, 'utf8');
    expect(text.trim().split('\n')).toHaveLength(2);
    expect(text).not.toContain(key.slice(3));
  });
});
