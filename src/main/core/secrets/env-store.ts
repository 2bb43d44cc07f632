import { AppError } from '../../../shared/errors';
import { registerSecret } from '../log';
import { normalizeApiKey, validateRef, type SecretStore, type SecretStoreDescription } from './secret-store';

export const API_KEY_ENV_VAR = 'KLAVIYO_API_KEY';

export type EnvSecretStoreOptions = {
  env?: NodeJS.ProcessEnv;
  variable?: string;
};

/**
 * Read-only store for headless servers and the CLI: every reference resolves to the one key in
 * KLAVIYO_API_KEY (one process talks to one account). `set` accepts only that same key, so
 * `workspace add` works unchanged with the key taken from the environment; anything else is refused
 * rather than silently dropped. `delete` leaves the environment alone.
 */
export class EnvSecretStore implements SecretStore {
  readonly kind = 'env' as const;
  private readonly env: NodeJS.ProcessEnv;
  readonly variable: string;

  constructor(opts: EnvSecretStoreOptions = {}) {
    this.env = opts.env ?? process.env;
    this.variable = opts.variable ?? API_KEY_ENV_VAR;
  }

  private current(): string | null {
    const raw = this.env[this.variable];
    if (raw === undefined || raw.trim() === '') return null;
    const key = normalizeApiKey(raw, this.variable);
    registerSecret(key);
    return key;
  }

  async get(ref: string): Promise<string | null> {
    validateRef(ref);
    return this.current();
  }

  async set(ref: string, secret: string): Promise<void> {
    validateRef(ref);
    const key = normalizeApiKey(secret);
    registerSecret(key);
    if (this.current() === key) return;
    throw new AppError(
      'validation',
      `Keys come from the environment variable ${this.variable} here and cannot be stored. Set ${this.variable} to the key you want to use, or run where an OS keychain is available.`,
      { details: { ref, store: 'env', variable: this.variable, reason: 'read_only' } },
    );
  }

  async delete(ref: string): Promise<boolean> {
    validateRef(ref);
    return false;
  }

  describe(): SecretStoreDescription {
    return {
      kind: 'env',
      label: `environment variable ${this.variable}`,
      persistent: false,
      writable: false,
      detail: `Read-only: every workspace uses the key in ${this.variable} (${
        this.env[this.variable] ? 'set' : 'not set'
      }); nothing is written anywhere.`,
    };
  }
}
