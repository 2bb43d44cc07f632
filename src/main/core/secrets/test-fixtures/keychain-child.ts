/**
 * Child process for keychain-unavailable.test.ts: exercises a KeychainSecretStore in whatever D-Bus
 * environment the parent gave it and prints one JSON line with the outcome of each operation.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { toErrorEnvelope } from '../../../../shared/errors';
import { KeychainSecretStore, secretRefForWorkspace } from '../index';

const key = `pk_${randomBytes(17).toString('hex')}`;
const store = new KeychainSecretStore({ service: `Klaviyo Audit Desk unavailable test ${randomUUID()}` });
const ref = secretRefForWorkspace(randomUUID());

async function attempt(fn: () => Promise<unknown>) {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: toErrorEnvelope(err, 'child') };
  }
}

const result = {
  key,
  probe: await attempt(() => store.ensureAvailable()),
  set: await attempt(() => store.set(ref, key)),
  get: await attempt(() => store.get(ref)),
  delete: await attempt(() => store.delete(ref)),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
