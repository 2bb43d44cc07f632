import { randomUUID } from 'node:crypto';
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { AppError } from '../../../shared/errors';
import { redactString, registerSecret } from '../log';
import { validateRef, validateSecret, type SecretStore, type SecretStoreDescription } from './secret-store';

export const DEFAULT_KEYCHAIN_SERVICE = 'Klaviyo Audit Desk';

export type KeychainSecretStoreOptions = {
  /** keychain service name; tests use their own so they never touch the user's entries */
  service?: string;
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
};

/**
 * On Linux @napi-rs/keyring falls back to the kernel keyutils store when no Secret Service answers;
 * keyutils lives in kernel memory and forgets every key at reboot, which would look like keys
 * "vanishing" overnight. Pinning the entry to the Secret Service makes the library throw instead of
 * falling back (documented in its README, "Linux backend selection"), so there is nothing to detect
 * after the fact. The option is ignored on macOS (Keychain) and Windows (Credential Manager).
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export type KeychainFailureReason =
  | 'no_dbus_session' // Linux: DBUS_SESSION_BUS_ADDRESS unset, so no bus to ask
  | 'dbus_unreachable' // Linux: the address is set but nothing listens there
  | 'no_secret_service' // Linux: the bus works but no service owns org.freedesktop.secrets
  | 'locked' // the service answered but has no unlocked default collection / access was refused
  | 'ambiguous' // several entries match one reference (written by another program)
  | 'unknown';

function labelFor(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'the Secret Service (D-Bus)';
}

function classify(message: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): KeychainFailureReason {
  if (/ambiguous/i.test(message)) return 'ambiguous';
  if (platform === 'linux') {
    if (!env.DBUS_SESSION_BUS_ADDRESS || /autolaunch|DBUS_SESSION_BUS_ADDRESS/i.test(message)) return 'no_dbus_session';
    if (/failed to connect|no such file|connection refused|socket/i.test(message)) return 'dbus_unreachable';
    if (/ServiceUnknown|was not provided by any|org\.freedesktop\.secrets/i.test(message)) return 'no_secret_service';
    if (/no result found|locked|AccessDenied|dismissed|prompt/i.test(message)) return 'locked';
  } else if (/denied|locked|interaction|user canceled/i.test(message)) {
    return 'locked';
  }
  return 'unknown';
}

const LINUX_HELP =
  'Install and run a Secret Service provider, e.g. gnome-keyring ("gnome-keyring-daemon --unlock --components=secrets" inside a D-Bus session such as one started by "dbus-run-session"), KWallet or KeePassXC with its Secret Service integration enabled, and unlock its default keyring.';
const HEADLESS_HELP =
  'On a headless server, the CLI can read the key from the KLAVIYO_API_KEY environment variable instead.';

function messageFor(reason: KeychainFailureReason, platform: NodeJS.Platform): string {
  const where = labelFor(platform);
  if (reason === 'ambiguous') {
    return `More than one entry in ${where} matches this workspace (another program wrote one). Remove the duplicates for "${DEFAULT_KEYCHAIN_SERVICE}" and enter the key again.`;
  }
  if (platform === 'linux') {
    const lead =
      reason === 'no_dbus_session'
        ? 'No OS keychain is available: there is no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set), so the Secret Service cannot be reached.'
        : reason === 'dbus_unreachable'
          ? 'No OS keychain is available: the D-Bus session bus named in DBUS_SESSION_BUS_ADDRESS cannot be reached.'
          : reason === 'no_secret_service'
            ? 'No OS keychain is available: nothing on the D-Bus session bus provides the Secret Service (org.freedesktop.secrets).'
            : reason === 'locked'
              ? 'The Secret Service is running but refused access: its default keyring is locked or missing.'
              : 'The Secret Service could not be used.';
    return `${lead} ${LINUX_HELP} API keys are never stored in a weaker place instead (such as the kernel keyring, which forgets them at reboot). ${HEADLESS_HELP}`;
  }
  return `${where} could not be used${reason === 'locked' ? ' (access denied or locked)' : ''}. Unlock it or allow Klaviyo Audit Desk to access it, then try again. ${HEADLESS_HELP}`;
}

/**
 * API keys in the OS keychain through @napi-rs/keyring: one generic-password entry per reference,
 * service "Klaviyo Audit Desk", account = the reference (`workspace:<uuid>`).
 */
export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;
  readonly service: string;
  private readonly platform: NodeJS.Platform;
  private readonly env: NodeJS.ProcessEnv;
  private probed: Promise<void> | null = null;

  constructor(opts: KeychainSecretStoreOptions = {}) {
    this.service = opts.service ?? DEFAULT_KEYCHAIN_SERVICE;
    this.platform = opts.platform ?? process.platform;
    this.env = opts.env ?? process.env;
  }

  /** Turns a library failure into `keychain_unavailable` (or `internal` for ambiguity) with advice. */
  private fail(err: unknown, op: string, ref?: string): AppError {
    if (err instanceof AppError) return err;
    const raw = err instanceof Error ? err.message : String(err);
    const reason = classify(raw, this.platform, this.env);
    return new AppError(
      reason === 'ambiguous' ? 'internal' : 'keychain_unavailable',
      messageFor(reason, this.platform),
      {
        cause: err,
        details: {
          reason,
          operation: op,
          platform: this.platform,
          store: 'keychain',
          service: this.service,
          ...(ref ? { ref } : {}),
          // The library's text names the failing layer (D-Bus, collection); it never contains the secret,
          // and is redacted regardless.
          cause: redactString(raw),
        },
      },
    );
  }

  private async run<T>(op: string, ref: string, fn: (entry: AsyncEntry) => Promise<T>): Promise<T> {
    let entry: AsyncEntry;
    try {
      // Throws right here (not later) when the pinned Secret Service is unavailable.
      entry = new AsyncEntry(this.service, ref, ENTRY_OPTIONS);
    } catch (err) {
      throw this.fail(err, op, ref);
    }
    try {
      return await fn(entry);
    } catch (err) {
      throw this.fail(err, op, ref);
    }
  }

  async get(ref: string): Promise<string | null> {
    const r = validateRef(ref);
    const value = await this.run('get', r, (e) => e.getPassword());
    if (value !== null && value !== undefined) {
      registerSecret(value);
      return value;
    }
    // A locked or half-working Secret Service answers searches with "nothing found", which would read
    // as "no key for this workspace". Trust an empty answer only from a store that proved it works.
    await this.ensureAvailable();
    return null;
  }

  async set(ref: string, secret: string): Promise<void> {
    const r = validateRef(ref);
    const s = validateSecret(r, secret);
    registerSecret(s);
    await this.run('set', r, async (e) => {
      await e.setPassword(s);
      // Read back: a keychain that accepts a write but does not keep it must fail here, at "add key",
      // not at the next sync.
      if ((await e.getPassword()) !== s) throw new Error('the keychain did not return the value just written');
    });
  }

  async delete(ref: string): Promise<boolean> {
    const r = validateRef(ref);
    const deleted = await this.run('delete', r, (e) => e.deleteCredential());
    if (!deleted) await this.ensureAvailable(); // as in get(): "nothing there" must not hide a locked store
    return deleted;
  }

  /**
   * Proves the keychain works end to end (write, read back, delete a throw-away entry) and caches the
   * success. Call it at start-up / in diagnostics to surface `keychain_unavailable` before the user
   * types a key.
   */
  ensureAvailable(): Promise<void> {
    this.probed ??= (async () => {
      const ref = `probe:${randomUUID()}`;
      const value = `probe-${randomUUID()}`;
      await this.run('probe', ref, async (e) => {
        await e.setPassword(value);
        const back = await e.getPassword();
        await e.deleteCredential();
        if (back !== value) throw new Error('the keychain did not return the probe value just written');
      });
    })().catch((err: unknown) => {
      this.probed = null; // try again next time (the user may have started or unlocked the keyring)
      throw err;
    });
    return this.probed;
  }

  describe(): SecretStoreDescription {
    return {
      kind: 'keychain',
      label: labelFor(this.platform),
      persistent: true,
      writable: true,
      detail:
        this.platform === 'linux'
          ? `Keys are stored in the Secret Service (gnome-keyring, KWallet, KeePassXC…) under "${this.service}"; the kernel keyring fallback is refused because it forgets keys at reboot.`
          : `Keys are stored in ${labelFor(this.platform)} under "${this.service}".`,
    };
  }
}
