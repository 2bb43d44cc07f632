import { AppError } from '../../../shared/errors';
import { API_KEY_ENV_VAR, EnvSecretStore } from './env-store';
import { KeychainSecretStore } from './keychain-store';
import { MemorySecretStore } from './memory-store';
import type { SecretStore } from './secret-store';

export type SecretStoreMode = 'auto' | 'keychain' | 'env' | 'memory';

export type SelectSecretStoreOptions = {
  mode?: SecretStoreMode;
  env?: NodeJS.ProcessEnv;
  service?: string;
};

/**
 * The store a process should use. The desktop app passes mode 'keychain'. The CLI uses 'auto': the
 * environment store when KLAVIYO_API_KEY is set (an explicit choice by whoever set it), else the
 * keychain — and a keychain that is unavailable raises `keychain_unavailable`; there is no silent
 * step down to a weaker store. AUDIT_DESK_SECRET_STORE (auto | keychain | env) overrides the mode;
 * 'memory' is only for code (tests, the demo workspace), never from the environment, because keys
 * typed into one CLI process would be gone by the next.
 */
export function selectSecretStore(opts: SelectSecretStoreOptions = {}): SecretStore {
  const env = opts.env ?? process.env;
  const fromEnv = env.AUDIT_DESK_SECRET_STORE?.trim();
  if (fromEnv && !['auto', 'keychain', 'env'].includes(fromEnv)) {
    throw new AppError('validation', `Unknown AUDIT_DESK_SECRET_STORE "${fromEnv}": use auto, keychain or env.`, {
      details: { field: 'AUDIT_DESK_SECRET_STORE', value: fromEnv },
    });
  }
  const mode: string = fromEnv || opts.mode || 'auto';
  switch (mode) {
    case 'keychain':
      return new KeychainSecretStore({ service: opts.service, env });
    case 'env':
      return new EnvSecretStore({ env });
    case 'memory':
      return new MemorySecretStore();
    case 'auto':
      return env[API_KEY_ENV_VAR]?.trim()
        ? new EnvSecretStore({ env })
        : new KeychainSecretStore({ service: opts.service, env });
    default:
      throw new AppError('validation', `Unknown secret store "${mode}": use auto, keychain, env or memory.`, {
        details: { field: 'mode', value: mode },
      });
  }
}
