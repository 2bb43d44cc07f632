import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import { KeychainSecretStore, secretRefForWorkspace } from './index';
import { secretServiceItems } from './test-fixtures/secret-service';

/*
 * Runs against the real Secret Service: `scripts/with-keyring.sh npx vitest run src/main/core/secrets`
 * starts a private D-Bus session with an unlocked gnome-keyring. Without a D-Bus session these tests
 * are skipped with the reason below — except under CI=true, where a missing keychain is a failure.
 */
const hasSession = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
const onCi = process.env.CI === 'true';
const SKIP_REASON =
  'no D-Bus session (DBUS_SESSION_BUS_ADDRESS unset): run via scripts/with-keyring.sh to test the real Secret Service';

const fakeKey = () => `pk_${randomBytes(17).toString('hex')}`;

describe('KeychainSecretStore precondition', () => {
  it('has a D-Bus session to reach the Secret Service', (ctx) => {
    if (!hasSession && onCi) {
      throw new Error(`CI=true but ${SKIP_REASON}. The CI must run this suite through scripts/with-keyring.sh.`);
    }
    if (!hasSession) {
      console.warn(`\n*** SKIPPED keychain tests: ${SKIP_REASON} ***\n`);
      ctx.skip(SKIP_REASON);
    }
    expect(process.env.DBUS_SESSION_BUS_ADDRESS).toBeTruthy();
  });
});

describe.skipIf(!hasSession)('KeychainSecretStore against the real Secret Service', () => {
  // A service name of our own per run: never touches the user's "Klaviyo Audit Desk" entries.
  const service = `Klaviyo Audit Desk test ${randomUUID()}`;
  const store = new KeychainSecretStore({ service });
  const used = new Set<string>();
  const ref = (id: string = randomUUID()) => {
    const r = secretRefForWorkspace(id);
    used.add(r);
    return r;
  };

  afterAll(async () => {
    for (const r of used) await store.delete(r).catch(() => undefined);
    expect(secretServiceItems({ service })).toEqual([]);
  });

  it('proves itself with a probe entry it cleans up', async () => {
    await store.ensureAvailable();
    await store.ensureAvailable(); // cached
    expect(secretServiceItems({ service })).toEqual([]);
  });

  it('sets, gets, overwrites and deletes, and the entry really lives in the Secret Service', async () => {
    const r = ref();
    const k1 = fakeKey();
    const k2 = fakeKey();
    expect(await store.get(r)).toBeNull();
    await store.set(r, k1);
    expect(await store.get(r)).toBe(k1);
    expect(secretServiceItems({ service, username: r })).toHaveLength(1);

    await store.set(r, `  ${k2}\n`); // pasted with whitespace: stored trimmed
    expect(await store.get(r)).toBe(k2);
    expect(secretServiceItems({ service, username: r })).toHaveLength(1); // replaced, not duplicated

    expect(await store.delete(r)).toBe(true);
    expect(await store.get(r)).toBeNull();
    expect(await store.delete(r)).toBe(false);
    expect(secretServiceItems({ service, username: r })).toEqual([]);
  });

  it('keeps two workspaces apart', async () => {
    const a = ref();
    const b = ref();
    const ka = fakeKey();
    const kb = fakeKey();
    await store.set(a, ka);
    await store.set(b, kb);
    expect(await store.get(a)).toBe(ka);
    expect(await store.get(b)).toBe(kb);
    await store.delete(a);
    expect(await store.get(a)).toBeNull();
    expect(await store.get(b)).toBe(kb);
  });

  it('keeps stores with different service names apart', async () => {
    const other = new KeychainSecretStore({ service: `${service} other` });
    const r = ref();
    const k = fakeKey();
    await store.set(r, k);
    expect(await other.get(r)).toBeNull();
    expect(await other.delete(r)).toBe(false);
    expect(await store.get(r)).toBe(k);
  });

  it('handles unicode references, treating composed and decomposed accents as one name', async () => {
    const composed = ref('café-😀-客户-Ω');
    const decomposed = `workspace:cafe\u0301-😀-客户-Ω`;
    expect(decomposed).not.toBe(composed);
    const k = fakeKey();
    await store.set(decomposed, k);
    expect(await store.get(composed)).toBe(k);
    expect(secretServiceItems({ service, username: composed })).toHaveLength(1);
    const k2 = fakeKey();
    const other = ref('cafe-😀-客户-Ω'); // no accent: a different workspace
    await store.set(other, k2);
    expect(await store.get(composed)).toBe(k);
    expect(await store.get(other)).toBe(k2);
  });

  it('refuses malformed keys with a validation error that does not repeat the value, writing nothing', async () => {
    const r = ref();
    const bad = `sk_${randomBytes(17).toString('hex')}`;
    const err = await store.set(r, bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation');
    expect(JSON.stringify((err as AppError).toEnvelope())).not.toContain(bad);
    await expect(store.set(r, '')).rejects.toMatchObject({ code: 'validation' });
    await expect(store.set(r, 'AbC123')).rejects.toMatchObject({
      code: 'validation',
      details: { reason: 'public_key' },
    });
    expect(await store.get(r)).toBeNull();
    expect(secretServiceItems({ service, username: r })).toEqual([]);
    await expect(store.get('  ')).rejects.toMatchObject({ code: 'validation' });
  });

  it('serves concurrent operations on many workspaces', async () => {
    const refs = Array.from({ length: 12 }, () => ref());
    const keys = refs.map(() => fakeKey());
    await Promise.all(refs.map((r, i) => store.set(r, keys[i]!)));
    expect(await Promise.all(refs.map((r) => store.get(r)))).toEqual(keys);
    expect(await Promise.all(refs.map((r) => store.delete(r)))).toEqual(refs.map(() => true));
  });

  it('describes itself without any secret', () => {
    const d = store.describe();
    expect(d).toMatchObject({ kind: 'keychain', persistent: true, writable: true });
    if (process.platform === 'linux') expect(d.label).toMatch(/Secret Service/);
  });
});
