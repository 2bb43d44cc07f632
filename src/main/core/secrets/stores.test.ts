import { randomBytes } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { createLogger, memorySink } from '../log';
import {
  EnvSecretStore,
  KeychainSecretStore,
  MemorySecretStore,
  normalizeApiKey,
  requireSecret,
  secretRefForWorkspace,
  selectSecretStore,
  validateRef,
  validateSecret,
} from './index';

const fakeKey = () => `pk_${randomBytes(17).toString('hex')}`;

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err instanceof AppError ? err.code : `not AppError: ${String(err)}`;
  }
}

describe('validation', () => {
  it('accepts Klaviyo private keys, trimmed, and explains every refusal without the value', () => {
    const k = fakeKey();
    expect(normalizeApiKey(`\n ${k}\t`)).toBe(k);
    const cases: [unknown, string][] = [
      ['', 'empty'],
      ['   ', 'empty'],
      [undefined, 'empty'],
      [42, 'empty'],
      ['Ab12Cd', 'public_key'],
      [`sk_${'a'.repeat(30)}`, 'prefix'],
      [`pk_${'a'.repeat(10)} ${'b'.repeat(20)}`, 'whitespace'],
      ['pk_short', 'shape'],
      [`pk_${'a'.repeat(20)}-x`, 'shape'],
    ];
    for (const [value, reason] of cases) {
      let err: unknown;
      try {
        normalizeApiKey(value);
      } catch (e) {
        err = e;
      }
      expect(err, String(value)).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('validation');
      expect((err as AppError).details.reason).toBe(reason);
      if (typeof value === 'string' && value.trim()) {
        expect(JSON.stringify((err as AppError).toEnvelope())).not.toContain(value.trim());
      }
    }
  });

  it('checks references: non-empty, no control characters, canonical unicode', () => {
    expect(validateRef('workspace:cafe\u0301')).toBe('workspace:café');
    expect(secretRefForWorkspace('abc')).toBe('workspace:abc');
    for (const bad of ['', ' ', ' workspace:x', 'workspace:x\n', 'a\u0000b', 'x'.repeat(201), 7]) {
      expect(() => validateRef(bad), JSON.stringify(bad)).toThrow(AppError);
    }
  });

  it('holds workspace references to the API-key shape and other namespaces to one line of text', () => {
    expect(() => validateSecret('workspace:1', 'not-a-key')).toThrow(/not a Klaviyo private API key/);
    expect(validateSecret('webhook:1', 'whsec-abc')).toBe('whsec-abc');
    expect(() => validateSecret('webhook:1', '')).toThrow(AppError);
    expect(() => validateSecret('webhook:1', 'a\nb')).toThrow(AppError);
  });
});

describe('MemorySecretStore', () => {
  it('sets, gets, overwrites and deletes per reference', async () => {
    const s = new MemorySecretStore();
    const a = secretRefForWorkspace('a');
    const b = secretRefForWorkspace('b');
    const [k1, k2, k3] = [fakeKey(), fakeKey(), fakeKey()];
    expect(await s.get(a)).toBeNull();
    await s.set(a, k1);
    await s.set(b, k2);
    await s.set(a, ` ${k3} `);
    expect(await s.get(a)).toBe(k3);
    expect(await s.get(b)).toBe(k2);
    expect(await s.delete(a)).toBe(true);
    expect(await s.delete(a)).toBe(false);
    expect(await s.get(a)).toBeNull();
    expect(s.refs()).toEqual([b]);
    expect(await codeOf(s.set(a, 'nope'))).toBe('validation');
    expect(s.describe()).toMatchObject({ kind: 'memory', persistent: false, writable: true });
  });

  it('treats composed and decomposed unicode references as the same entry', async () => {
    const k = fakeKey();
    const s = new MemorySecretStore({ ['workspace:Zürich']: k });
    expect(await s.get('workspace:Zu\u0308rich')).toBe(k);
  });

  it('makes every value it hands out unloggable, whatever its shape', async () => {
    const odd = `odd-${randomBytes(8).toString('hex')}`;
    const s = new MemorySecretStore();
    await s.set('webhook:x', odd);
    const sink = memorySink();
    createLogger({ sink }).info(`secret is ${odd}`, { v: Buffer.from(odd).toString('base64') });
    expect(sink.lines[0]).not.toContain(odd);
    expect(sink.lines[0]).not.toContain(Buffer.from(odd).toString('base64'));
  });
});

describe('EnvSecretStore', () => {
  it('returns KLAVIYO_API_KEY for every reference and null when it is unset', async () => {
    const k = fakeKey();
    const s = new EnvSecretStore({ env: { KLAVIYO_API_KEY: `${k}\n` } });
    expect(await s.get(secretRefForWorkspace('a'))).toBe(k);
    expect(await s.get(secretRefForWorkspace('b'))).toBe(k);
    expect(await new EnvSecretStore({ env: {} }).get('workspace:a')).toBeNull();
    expect(await new EnvSecretStore({ env: { KLAVIYO_API_KEY: '  ' } }).get('workspace:a')).toBeNull();
  });

  it('is read-only: accepts only the key it already holds, refuses others, and never deletes', async () => {
    const k = fakeKey();
    const env: NodeJS.ProcessEnv = { KLAVIYO_API_KEY: k };
    const s = new EnvSecretStore({ env });
    await expect(s.set('workspace:a', k)).resolves.toBeUndefined();
    const other = fakeKey();
    const err = await s.set('workspace:a', other).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'validation', details: { reason: 'read_only', variable: 'KLAVIYO_API_KEY' } });
    expect(JSON.stringify((err as AppError).toEnvelope())).not.toContain(other);
    expect(await codeOf(s.set('workspace:a', 'bad'))).toBe('validation');
    expect(await s.delete('workspace:a')).toBe(false);
    expect(env.KLAVIYO_API_KEY).toBe(k);
    expect(s.describe()).toMatchObject({ kind: 'env', writable: false, persistent: false });
    expect(JSON.stringify(s.describe())).not.toContain(k);
  });

  it('reports a malformed KLAVIYO_API_KEY by variable name, not by value', async () => {
    const bad = `sk_${randomBytes(17).toString('hex')}`;
    const err = await new EnvSecretStore({ env: { KLAVIYO_API_KEY: bad } }).get('workspace:a').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'validation', details: { field: 'KLAVIYO_API_KEY' } });
    expect(JSON.stringify((err as AppError).toEnvelope())).not.toContain(bad);
  });
});

describe('requireSecret', () => {
  it('returns the secret or an auth error that says where it looked', async () => {
    const k = fakeKey();
    const s = new MemorySecretStore({ 'workspace:a': k });
    expect(await requireSecret(s, 'workspace:a')).toBe(k);
    const err = await requireSecret(s, 'workspace:b', 'req-7').catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'auth',
      requestId: 'req-7',
      details: { reason: 'missing_key', store: 'memory' },
    });
    const envErr = await requireSecret(new EnvSecretStore({ env: {} }), 'workspace:b').catch((e: unknown) => e);
    expect((envErr as AppError).message).toMatch(/KLAVIYO_API_KEY/);
  });
});

describe('selectSecretStore', () => {
  it('uses the environment store only when KLAVIYO_API_KEY is set, else the keychain', () => {
    expect(selectSecretStore({ env: { KLAVIYO_API_KEY: fakeKey() } }).kind).toBe('env');
    expect(selectSecretStore({ env: {} })).toBeInstanceOf(KeychainSecretStore);
    expect(selectSecretStore({ env: { KLAVIYO_API_KEY: fakeKey() }, mode: 'keychain' }).kind).toBe('keychain');
    expect(selectSecretStore({ env: {}, mode: 'memory' }).kind).toBe('memory');
  });

  it('lets AUDIT_DESK_SECRET_STORE choose keychain or env, but never the in-memory store', () => {
    expect(selectSecretStore({ env: { AUDIT_DESK_SECRET_STORE: 'env' } }).kind).toBe('env');
    expect(selectSecretStore({ env: { AUDIT_DESK_SECRET_STORE: 'keychain', KLAVIYO_API_KEY: fakeKey() } }).kind).toBe(
      'keychain',
    );
    expect(() => selectSecretStore({ env: { AUDIT_DESK_SECRET_STORE: 'memory' } })).toThrow(AppError);
    expect(() => selectSecretStore({ env: { AUDIT_DESK_SECRET_STORE: 'plaintext' } })).toThrow(/auto, keychain or env/);
  });
});
