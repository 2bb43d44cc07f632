import type { SecretStore, SecretStoreDescription } from '../secrets';

/**
 * A SecretStore that keeps the demo workspace's key in memory and everything else in the real store.
 *
 * The demo account is served by the bundled simulator, which mints a fresh key every time it starts, so that key
 * is worthless after a restart and has no business in the OS keychain. Any `set` of exactly the current demo key
 * stays in memory (whatever workspace id the domain generated), and at start-up the service pins the demo
 * workspaces' references to the newly minted key. In the web bridge the base store is itself a MemorySecretStore.
 */
export class DemoAwareSecretStore implements SecretStore {
  private readonly pinned = new Map<string, string>();
  private demoKey: string | null = null;

  constructor(private readonly base: SecretStore) {}

  get kind() {
    return this.base.kind;
  }

  setDemoKey(key: string): void {
    this.demoKey = key;
  }

  /** keeps `ref` in memory only, from now on */
  pin(ref: string, secret: string): void {
    this.pinned.set(ref, secret);
  }

  isPinned(ref: string): boolean {
    return this.pinned.has(ref);
  }

  async get(ref: string): Promise<string | null> {
    return this.pinned.get(ref) ?? this.base.get(ref);
  }

  async set(ref: string, secret: string): Promise<void> {
    if (this.demoKey !== null && secret.trim() === this.demoKey) {
      this.pinned.set(ref, secret.trim());
      return;
    }
    // a real key replaces a pinned demo key: from now on it lives in the real store
    await this.base.set(ref, secret);
    this.pinned.delete(ref);
  }

  async delete(ref: string): Promise<boolean> {
    const had = this.pinned.delete(ref);
    const baseHad = await this.base.delete(ref).catch(() => false);
    return had || baseHad;
  }

  describe(): SecretStoreDescription {
    return this.base.describe();
  }
}
