import { randomBytes } from 'node:crypto';
import type { SimKeyInfo, SimKeySpec } from './types';
import { operationTable } from '../main/core/klaviyo/spec/operations';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh private key shaped like Klaviyo's: `pk_` followed by 34 lowercase alphanumerics. */
export function generatePrivateKey(): string {
  const bytes = randomBytes(34);
  let out = 'pk_';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** A public (site) key / company id: six alphanumerics, as Klaviyo shows them. */
export function publicKeyFor(seed: number): string {
  let x = (seed * 2654435761) >>> 0;
  let out = '';
  for (let i = 0; i < 6; i++) {
    out += ALPHABET[x % 36]!.toUpperCase();
    x = Math.floor(x / 36) + (i + 1) * 7919;
  }
  return out;
}

let allScopesCache: string[] | undefined;

/** Every scope any /api operation of the spec declares. */
export function allScopes(): string[] {
  if (!allScopesCache) {
    const set = new Set<string>();
    for (const op of operationTable().list) for (const s of op.scopes) set.add(s);
    allScopesCache = [...set].sort();
  }
  return allScopesCache;
}

export function readOnlyScopes(): string[] {
  return allScopes().filter((s) => s.endsWith(':read'));
}

export function scopesFor(spec: SimKeySpec): string[] {
  const base = spec.scopes ?? allScopes();
  const without = new Set(spec.withoutScopes ?? []);
  return base.filter((s) => !without.has(s));
}

/** Keys minted for a default account: one per state the tests and the app's key check need. */
export function defaultKeySpecs(): SimKeySpec[] {
  return [
    { label: 'full' },
    { label: 'readOnly', scopes: readOnlyScopes() },
    { label: 'noForms', withoutScopes: ['forms:read'] },
    { label: 'revoked', state: 'revoked' },
    { label: 'expired', state: 'expired' },
  ];
}

export class KeyRegistry {
  private readonly byKey = new Map<string, SimKeyInfo>();

  add(accountId: string, spec: SimKeySpec): SimKeyInfo {
    const info: SimKeyInfo = {
      key: generatePrivateKey(),
      accountId,
      scopes: scopesFor(spec),
      state: spec.state ?? 'valid',
      requestsSeen: 0,
      label: spec.label,
      ...(spec.revokeAfterRequests !== undefined ? { revokeAfterRequests: spec.revokeAfterRequests } : {}),
    };
    this.byKey.set(info.key, info);
    return info;
  }

  get(key: string): SimKeyInfo | undefined {
    return this.byKey.get(key);
  }

  all(): SimKeyInfo[] {
    return [...this.byKey.values()];
  }
}
