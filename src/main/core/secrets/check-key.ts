import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { AppError, ErrorEnvelopeSchema, toErrorEnvelope } from '../../../shared/errors';
import { createKlaviyoClient, type KlaviyoClient } from '../klaviyo';
import type { FetchLike } from '../klaviyo';
import { registerSecret } from '../log';
import { buildScopeProbes, buildWriteScopeProbes, type ScopeProbe, type WriteScopeProbe } from './scope-probes';
import { normalizeApiKey } from './secret-store';

export const ScopeProbeResultSchema = z.object({
  scope: z.string(),
  operationId: z.string(),
  usedFor: z.array(z.string()),
  /** granted: 2xx; missing: 403; error: anything else (network, 5xx after retries…), scope unknown */
  status: z.enum(['granted', 'missing', 'error']),
  error: ErrorEnvelopeSchema.optional(),
});

/**
 * What a live check of a key found. A superset of the IPC contract's KeyCheck
 * (accountId, accountName, scopes, missingScopes). Never contains the key.
 */
export const KeyCheckResultSchema = z.object({
  requestId: z.string(),
  checkedAt: z.string(),
  accountId: z.string(),
  accountName: z.string(),
  timezone: z.string().nullable(),
  currency: z.string().nullable(),
  testAccount: z.boolean().nullable(),
  /** probed read scopes the key has */
  scopes: z.array(z.string()),
  /** probed read scopes the key lacks (403): those resources will sync as `forbidden` */
  missingScopes: z.array(z.string()),
  /** probed scopes whose probe failed for another reason: neither granted nor missing */
  unknownScopes: z.array(z.string()),
  probes: z.array(ScopeProbeResultSchema),
  /** probed write scopes (what the outbox needs to send changes) the key has */
  writeScopes: z.array(z.string()),
  /** probed write scopes the key lacks (403): changes that need them are refused and pause the queue */
  missingWriteScopes: z.array(z.string()),
  /** probed write scopes the check could not tell (the probe failed for another reason) */
  unknownWriteScopes: z.array(z.string()),
  writeProbes: z.array(ScopeProbeResultSchema),
});
export type KeyCheckResult = z.infer<typeof KeyCheckResultSchema>;
export type ScopeProbeResult = z.infer<typeof ScopeProbeResultSchema>;

// Only what the check reports; the rest of the account document is ignored.
const AccountsDocumentSchema = z.object({
  data: z
    .array(
      z.object({
        type: z.literal('account'),
        id: z.string().min(1),
        attributes: z
          .object({
            test_account: z.boolean().nullish(),
            contact_information: z.object({ organization_name: z.string().nullish() }).nullish(),
            timezone: z.string().nullish(),
            preferred_currency: z.string().nullish(),
          })
          .loose(),
      }),
    )
    .min(1),
});

export type CheckKeyOptions = {
  baseUrl: string;
  apiKey: string;
  requestId?: string;
  fetch?: FetchLike;
  /** as in the simulator: windows and backoff N× shorter */
  timeScale?: number;
  /** the whole check ends by then (default 30 s from now): a person is waiting for it */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** an existing client for this key (shares its limiter and counters); otherwise one is created */
  client?: KlaviyoClient;
};

function authError(err: AppError, requestId: string): AppError {
  return new AppError(
    'auth',
    'Klaviyo rejected this API key: it is invalid, revoked or expired. Copy the whole private key (it starts with "pk_") from Klaviyo → Settings → API keys, or create a new one.',
    { requestId, details: { ...err.details, reason: 'key_rejected' }, cause: err },
  );
}

/**
 * Checks a key with live calls: reads the account (id, name, timezone, currency) and probes one cheap
 * GET per read scope the app uses (403 = scope missing). A rejected key (401) is an `auth` error;
 * a key without accounts:read is a `forbidden` error, because the app cannot tell which account it
 * belongs to; other failures of the account call are thrown as they are; other failures of a scope
 * probe leave that scope "unknown" rather than failing the whole check.
 */
export async function checkKey(opts: CheckKeyOptions): Promise<KeyCheckResult> {
  const requestId = opts.requestId || randomUUID();
  let apiKey: string;
  try {
    apiKey = normalizeApiKey(opts.apiKey);
  } catch (err) {
    if (err instanceof AppError) err.requestId = requestId;
    throw err;
  }
  registerSecret(apiKey);
  const client =
    opts.client ??
    createKlaviyoClient({
      baseUrl: opts.baseUrl,
      apiKey,
      requestId,
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      ...(opts.timeScale ? { timeScale: opts.timeScale } : {}),
    });
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  const probes = buildScopeProbes(client.operations);

  const call = (probe: ScopeProbe) =>
    client.request(probe.operationId, {
      query: probe.query,
      deadline,
      ...(opts.signal ? { signal: opts.signal } : {}),
    });

  const classify = (probe: Pick<ScopeProbe, 'scope' | 'operationId' | 'usedFor'>, err: unknown): ScopeProbeResult => {
    if (err instanceof AppError && err.code === 'auth') throw authError(err, requestId);
    if (err instanceof AppError && err.code === 'cancelled') throw err;
    const base = { scope: probe.scope, operationId: probe.operationId, usedFor: probe.usedFor };
    if (err instanceof AppError && err.code === 'forbidden') {
      return { ...base, status: 'missing', error: toErrorEnvelope(err, requestId) };
    }
    return { ...base, status: 'error', error: toErrorEnvelope(err, requestId) };
  };

  // The account first, alone: a bad key then costs one request, not one per scope.
  const accountProbe = probes.find((p) => p.operationId === 'get_accounts')!;
  let accountDoc: unknown;
  try {
    accountDoc = await call(accountProbe);
  } catch (err) {
    const result = classify(accountProbe, err);
    if (result.status === 'missing') {
      throw new AppError(
        'forbidden',
        'This API key lacks the accounts:read scope, so the app cannot tell which Klaviyo account it belongs to. Create a key with read access to Accounts (a read-only key with every read scope is best).',
        { requestId, details: { missingScopes: ['accounts:read'], reason: 'missing_accounts_read' }, cause: err },
      );
    }
    throw err instanceof AppError
      ? err
      : new AppError('internal', result.error?.message ?? 'Key check failed.', { requestId, cause: err });
  }
  const parsed = AccountsDocumentSchema.safeParse(accountDoc);
  if (!parsed.success) {
    throw new AppError(
      'malformed_response',
      'Klaviyo answered the account request with a document the app does not understand.',
      {
        requestId,
        details: {
          operationId: 'get_accounts',
          issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`),
        },
      },
    );
  }
  const account = parsed.data.data[0]!;

  const rest = probes.filter((p) => p !== accountProbe);
  const [settled, writeProbes] = await Promise.all([
    Promise.allSettled(rest.map((p) => call(p))),
    probeWrites(client, { deadline, ...(opts.signal ? { signal: opts.signal } : {}) }, classify),
  ]);
  const results: ScopeProbeResult[] = [
    {
      scope: accountProbe.scope,
      operationId: accountProbe.operationId,
      usedFor: accountProbe.usedFor,
      status: 'granted',
    },
  ];
  settled.forEach((s, i) => {
    const probe = rest[i]!;
    results.push(
      s.status === 'fulfilled'
        ? { scope: probe.scope, operationId: probe.operationId, usedFor: probe.usedFor, status: 'granted' }
        : classify(probe, s.reason),
    );
  });

  const pick = (status: ScopeProbeResult['status'], from = results) =>
    from
      .filter((r) => r.status === status)
      .map((r) => r.scope)
      .sort();
  const attrs = account.attributes;
  return KeyCheckResultSchema.parse({
    requestId,
    checkedAt: new Date().toISOString(),
    accountId: account.id,
    accountName: attrs.contact_information?.organization_name?.trim() || account.id,
    timezone: attrs.timezone ?? null,
    currency: attrs.preferred_currency ?? null,
    testAccount: attrs.test_account ?? null,
    scopes: pick('granted'),
    missingScopes: pick('missing'),
    unknownScopes: pick('error'),
    probes: results,
    writeScopes: pick('granted', writeProbes),
    missingWriteScopes: pick('missing', writeProbes),
    unknownWriteScopes: pick('error', writeProbes),
    writeProbes,
  });
}

/** Sends every write probe: each carries an empty body (an update, an id no item has), so Klaviyo refuses it. */
async function probeWrites(
  client: KlaviyoClient,
  call: { deadline: number; signal?: AbortSignal },
  classify: (p: WriteScopeProbe, err: unknown) => ScopeProbeResult,
): Promise<ScopeProbeResult[]> {
  const writes = buildWriteScopeProbes(client.operations);
  const settled = await Promise.allSettled(
    writes.map((probe) =>
      client.request(probe.operationId, { path: probe.path, body: {}, idempotent: false, ...call }),
    ),
  );
  return writes.map((probe, i) => classifyWrite(probe, settled[i]!, classify));
}

/**
 * What a write probe's refusal says about its scope. 403 naming the scope: missing. 403 naming only another
 * scope the operation also needs: this one was not checked. Any other 4xx about the body or the id: the
 * permission check let the request through, so the scope is granted. A 2xx would mean Klaviyo took an empty
 * write: the scope is granted too (and nothing was in it to write).
 */
function classifyWrite(
  probe: WriteScopeProbe,
  s: PromiseSettledResult<unknown>,
  classify: (p: WriteScopeProbe, err: unknown) => ScopeProbeResult,
): ScopeProbeResult {
  const base = { scope: probe.scope, operationId: probe.operationId, usedFor: probe.usedFor };
  if (s.status === 'fulfilled') return { ...base, status: 'granted' };
  const r = classify(probe, s.reason);
  if (r.status === 'missing') {
    const named = (s.reason as AppError).details.missingScopes;
    const names = Array.isArray(named) ? (named as string[]) : [];
    return names.includes(probe.scope) || !names.length ? r : { ...r, status: 'error' };
  }
  const refusedForTheBody =
    s.reason instanceof AppError && ['invalid', 'validation', 'not_found', 'conflict'].includes(s.reason.code);
  return refusedForTheBody ? { ...base, status: 'granted' } : r;
}
