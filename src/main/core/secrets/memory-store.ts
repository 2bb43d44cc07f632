import { registerSecret } from '../log';
import { validateRef, validateSecret, type SecretStore, type SecretStoreDescription } from './secret-store';

/** Keeps secrets in this process only: tests, and the demo workspace backed by the simulator. */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly entries = new Map<string, string>();

  constructor(initial: Record<string, string> = {}) {
    for (const [ref, secret] of Object.entries(initial)) {
      const r = validateRef(ref);
      const s = validateSecret(r, secret);
      registerSecret(s);
      this.entries.set(r, s);
    }
  }

  async get(ref: string): Promise<string | null> {
    return this.entries.get(validateRef(ref)) ?? null;
  }

  async set(ref: string, secret: string): Promise<void> {
    const r = validateRef(ref);
    const s = validateSecret(r, secret);
    registerSecret(s);
    this.entries.set(r, s);
  }

  async delete(ref: string): Promise<boolean> {
    return this.entries.delete(validateRef(ref));
  }

  /** references currently held, for tests */
  refs(): string[] {
    return [...this.entries.keys()];
  }

  describe(): SecretStoreDescription {
    return {
      kind: 'memory',
      label: 'memory (this process only)',
      persistent: false,
      writable: true,
      detail: 'Keys are kept in memory and forgotten when the process exits; used for tests and the demo workspace.',
    };
  }
}
