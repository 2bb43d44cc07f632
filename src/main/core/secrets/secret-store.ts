import { AppError } from '../../../shared/errors';

export type SecretStoreKind = 'keychain' | 'memory' | 'env';

/** What the UI and diagnostics show about where keys live. Never contains a secret. */
export type SecretStoreDescription = {
  kind: SecretStoreKind;
  /** e.g. "Secret Service (D-Bus)", "macOS Keychain", "environment variable KLAVIYO_API_KEY" */
  label: string;
  /** survives a restart of the app and of the machine */
  persistent: boolean;
  writable: boolean;
  /** one sentence for a diagnostics panel */
  detail: string;
};

/**
 * The port every part of the app uses to reach API keys. `ref` is an opaque account name such as
 * `workspace:<uuid>` (the only thing SQLite keeps); the secret itself never leaves this port except to
 * the Klaviyo client that sends it.
 */
export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** the secret, or null when nothing is stored under `ref` */
  get(ref: string): Promise<string | null>;
  /** stores (or replaces) the secret; validates it first */
  set(ref: string, secret: string): Promise<void>;
  /** true when something was removed */
  delete(ref: string): Promise<boolean>;
  describe(): SecretStoreDescription;
}

const WORKSPACE_PREFIX = 'workspace:';
const MAX_REF_LENGTH = 200;
const MAX_SECRET_LENGTH = 4096;

/** The keychain reference under which a workspace's API key is stored. */
export function secretRefForWorkspace(workspaceId: string): string {
  return validateRef(`${WORKSPACE_PREFIX}${workspaceId}`);
}

/**
 * Checks a reference and returns its canonical (NFC) form, so the same name typed with composed or
 * decomposed accents reaches the same entry.
 */
export function validateRef(ref: unknown): string {
  if (typeof ref !== 'string' || ref.trim() === '') {
    throw new AppError('validation', 'A secret reference must be a non-empty string.', {
      details: { field: 'ref' },
    });
  }
  const canonical = ref.normalize('NFC');
  if (canonical !== canonical.trim() || canonical.length > MAX_REF_LENGTH || /\p{Cc}/u.test(canonical)) {
    throw new AppError(
      'validation',
      `A secret reference must be at most ${MAX_REF_LENGTH} characters, without control characters or surrounding spaces.`,
      { details: { field: 'ref', length: canonical.length } },
    );
  }
  return canonical;
}

// Klaviyo private keys are "pk_" followed by a longer alphanumeric string (Klaviyo docs, "Obtain API
// credentials"); real ones are pk_ + 34 characters. 20 is the floor the project treats as key-shaped.
const PRIVATE_KEY_RE = /^pk_[A-Za-z0-9]{20,200}$/;

/**
 * Returns the key trimmed (pasted keys often carry a newline) or throws a `validation` error that
 * explains what is wrong without ever repeating the value.
 */
export function normalizeApiKey(value: unknown, field = 'apiKey'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new AppError('validation', 'The API key is empty. Paste a Klaviyo private API key (it starts with "pk_").', {
      details: { field, reason: 'empty' },
    });
  }
  const key = value.trim();
  if (PRIVATE_KEY_RE.test(key)) return key;
  let reason = 'shape';
  let hint = 'A Klaviyo private API key is "pk_" followed by letters and digits.';
  if (/^[A-Za-z0-9]{6}$/.test(key)) {
    reason = 'public_key';
    hint =
      'This looks like the 6-character public key (site ID), which cannot read account data; create a private API key in Klaviyo under Settings → API keys.';
  } else if (!key.startsWith('pk_')) {
    reason = 'prefix';
    hint = 'A Klaviyo private API key starts with "pk_".';
  } else if (/\s/.test(key)) {
    reason = 'whitespace';
    hint = 'The key contains spaces or line breaks; copy it again as one piece.';
  }
  throw new AppError('validation', `That is not a Klaviyo private API key. ${hint}`, {
    details: { field, reason, length: key.length },
  });
}

/**
 * Checks a secret before it is stored: workspace references hold Klaviyo private keys (normalised by
 * `normalizeApiKey`); other namespaces hold any non-empty, single-line text.
 */
export function validateSecret(ref: string, secret: unknown): string {
  if (ref.startsWith(WORKSPACE_PREFIX)) return normalizeApiKey(secret);
  if (typeof secret !== 'string' || secret === '') {
    throw new AppError('validation', 'A secret must be a non-empty string.', { details: { field: 'secret', ref } });
  }
  if (secret.length > MAX_SECRET_LENGTH || /[\r\n\0]/.test(secret)) {
    throw new AppError('validation', `A secret must be one line of at most ${MAX_SECRET_LENGTH} characters.`, {
      details: { field: 'secret', ref, length: secret.length },
    });
  }
  return secret;
}

/**
 * The secret under `ref`, or a clear error naming where it was looked for (e.g. after the user removed
 * the keychain entry by hand). Callers that cannot proceed without a key use this instead of `get`.
 */
export async function requireSecret(store: SecretStore, ref: string, requestId = ''): Promise<string> {
  const secret = await store.get(ref);
  if (secret !== null) return secret;
  const where = store.describe();
  throw new AppError(
    'auth',
    `No API key is stored for this workspace in ${where.label}. Enter the key again in the workspace settings${
      where.kind === 'env' ? ' or set the environment variable' : ''
    }.`,
    { requestId, details: { ref, store: where.kind, reason: 'missing_key' } },
  );
}
